/**
 * The fitting algorithms of logistic regression: IRLS for maximum likelihood (as glm.fit) and
 * Newton-Raphson with step halving for Firth's penalized likelihood (as logistf), on one shared
 * evaluation of the (penalized) log-likelihood, its information and step.
 */
import { choleskyInPlace, symmetricInverse } from '../core/linalg.js';
import { Matrix64 } from '../core/matrix.js';
import { softplus } from '../stats/logistic.js';

/**
 * glm.fit's IRLS: start from mu = (y + 1/2) / 2, weighted least squares on the working response,
 * stop when the deviance changes by less than tol relative; the covariance comes from the weights
 * of the last iteration, as summary.glm.
 */
export function fitIrls(D: Matrix64, y: ArrayLike<number>, maxIter: number, tol: number): { beta: Float64Array; covariance: Float64Array; converged: boolean; iterations: number; objective: number } | null {
  const n = D.rows;
  const m = D.cols;
  const eta = Float64Array.from(y, (v) => Math.log((v + 0.5) / 2 / (1 - (v + 0.5) / 2)));
  const deviance = (e: Float64Array) => {
    let dev = 0;
    for (let i = 0; i < n; i++) dev += 2 * (softplus(e[i]) - y[i] * e[i]);
    return dev;
  };
  let devOld = deviance(eta);
  let beta = new Float64Array(m);
  let covariance: Float64Array | null = null;
  let converged = false;
  let iterations = 0;
  const xtwx = new Float64Array(m * m);
  const xtwz = new Float64Array(m);
  for (let iter = 1; iter <= maxIter; iter++) {
    iterations = iter;
    xtwx.fill(0);
    xtwz.fill(0);
    for (let i = 0; i < n; i++) {
      const mu = 1 / (1 + Math.exp(-eta[i]));
      const w = mu * (1 - mu);
      // glm.fit keeps only observations whose weight has not vanished
      if (!(w > 0)) continue;
      const z = eta[i] + (y[i] - mu) / w;
      for (let a = 0; a < m; a++) {
        const xa = D.data[i + a * n] * w;
        xtwz[a] += xa * z;
        for (let b = 0; b <= a; b++) xtwx[a + b * m] += xa * D.data[i + b * n];
      }
    }
    for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) xtwx[b + a * m] = xtwx[a + b * m];
    const inverse = symmetricInverse(xtwx, m);
    if (inverse === null) {
      // weights vanished (separation): keep the last estimates, reported as not converged
      if (covariance === null) return null;
      break;
    }
    covariance = inverse;
    const next = new Float64Array(m);
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) next[a] += covariance[a + b * m] * xtwz[b];
    beta = next;
    for (let i = 0; i < n; i++) {
      let e = 0;
      for (let j = 0; j < m; j++) e += D.data[i + j * n] * beta[j];
      eta[i] = e;
    }
    const dev = deviance(eta);
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < tol) {
      converged = true;
      break;
    }
    devOld = dev;
  }
  return { beta, covariance: covariance!, converged, iterations, objective: -deviance(eta) / 2 };
}

/**
 * Firth's penalized likelihood by Newton-Raphson with step halving, from `start` (zero by default),
 * holding the coefficients marked in `fixed` at their start values (the Jeffreys penalty always
 * uses the full design, as logistf's restricted fits). Converged when the applied step is below
 * 1e-10 relative, or the penalized log-likelihood changes by less than `tol` relative after a full
 * Newton step of at most 1e-6. The covariance is the inverse Fisher information at the estimate
 * (logistf's var).
 */
export function fitFirth(
  D: Matrix64,
  y: ArrayLike<number>,
  maxIter: number,
  tol: number,
  start: Float64Array | null = null,
  fixed: Uint8Array | null = null,
): { beta: Float64Array; covariance: Float64Array; converged: boolean; iterations: number; objective: number } | null {
  const m = D.cols;
  const beta = start === null ? new Float64Array(m) : start.slice();
  let converged = false;
  let iterations = 0;
  for (let iter = 0; iter < maxIter; iter++) {
    iterations = iter + 1;
    const state = evaluate(D, y, beta, true, fixed);
    if (state === null) return null;
    let t = 1;
    const trial = new Float64Array(m);
    let value = -Infinity;
    for (let h = 0; h < 30; h++) {
      for (let j = 0; j < m; j++) trial[j] = beta[j] + t * state.step[j];
      value = objectiveAt(D, y, trial, true);
      if (value >= state.objective - 1e-12 * Math.abs(state.objective)) break;
      t /= 2;
    }
    let size = 0;
    let scale = 1;
    for (let j = 0; j < m; j++) {
      size = Math.max(size, Math.abs(t * state.step[j]));
      scale = Math.max(scale, Math.abs(trial[j]));
    }
    beta.set(trial);
    if (size <= 1e-10 * scale || (t === 1 && size <= 1e-6 * scale && Math.abs(value - state.objective) / (Math.abs(value) + 0.1) < tol * 1e-4)) {
      converged = true;
      break;
    }
  }
  const final = evaluate(D, y, beta, true);
  if (final === null) return null;
  const covariance = symmetricInverse(final.information, m);
  if (covariance === null) return null;
  return { beta, covariance, converged, iterations, objective: final.objective };
}

export function logLikelihood(D: Matrix64, y: ArrayLike<number>, beta: Float64Array): number {
  const n = D.rows;
  const m = D.cols;
  let ll = 0;
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < m; j++) eta += D.data[i + j * n] * beta[j];
    ll += y[i] * eta - softplus(eta);
  }
  return ll;
}

/** Fisher information X'WX, score (Firth-modified when asked), Newton step and objective. */
export function evaluate(D: Matrix64, y: ArrayLike<number>, beta: Float64Array, firth: boolean, fixed: Uint8Array | null = null): { information: Float64Array; step: Float64Array; objective: number } | null {
  const n = D.rows;
  const m = D.cols;
  const q = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < m; j++) eta += D.data[i + j * n] * beta[j];
    q[i] = 1 / (1 + Math.exp(-eta));
    w[i] = q[i] * (1 - q[i]);
  }
  const info = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += D.data[i + a * n] * w[i] * D.data[i + b * n];
      info[a + b * m] = s;
      info[b + a * m] = s;
    }
  }
  const inverse = symmetricInverse(info, m);
  if (inverse === null) return null;
  const residual = new Float64Array(n);
  for (let i = 0; i < n; i++) residual[i] = y[i] - q[i];
  let objective = logLikelihood(D, y, beta);
  if (firth) {
    // hat diagonal h_i = w_i x_i' I^-1 x_i; modified score adds h_i (1/2 - q_i)
    for (let i = 0; i < n; i++) {
      let h = 0;
      for (let a = 0; a < m; a++) {
        let s = 0;
        for (let b = 0; b < m; b++) s += inverse[a + b * m] * D.data[i + b * n];
        h += D.data[i + a * n] * s;
      }
      residual[i] += w[i] * h * (0.5 - q[i]);
    }
    objective += 0.5 * logDeterminant(info, m);
  }
  const score = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += D.data[i + a * n] * residual[i];
    score[a] = s;
  }
  const step = new Float64Array(m);
  if (fixed === null) {
    for (let a = 0; a < m; a++) {
      let s = 0;
      for (let b = 0; b < m; b++) s += inverse[a + b * m] * score[b];
      step[a] = s;
    }
  } else {
    // Newton step of the free coefficients only: (I_ff)^-1 U*_f, the penalty keeping the full design
    const free: number[] = [];
    for (let a = 0; a < m; a++) if (fixed[a] === 0) free.push(a);
    const k = free.length;
    const sub = new Float64Array(k * k);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) sub[a + b * k] = info[free[a] + free[b] * m];
    const subInverse = symmetricInverse(sub, k);
    if (subInverse === null) return null;
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let b = 0; b < k; b++) s += subInverse[a + b * k] * score[free[b]];
      step[free[a]] = s;
    }
  }
  return { information: info, step, objective };
}

export function objectiveAt(D: Matrix64, y: ArrayLike<number>, beta: Float64Array, firth: boolean): number {
  if (!firth) return logLikelihood(D, y, beta);
  const state = evaluate(D, y, beta, true);
  return state === null ? -Infinity : state.objective;
}

export function logDeterminant(a: Float64Array, m: number): number {
  // log det = 2 sum log diag(L) of the Cholesky factor
  const l = a.slice();
  if (!choleskyInPlace(l, m)) return -Infinity;
  let sum = 0;
  for (let j = 0; j < m; j++) sum += Math.log(l[j + j * m]);
  return 2 * sum;
}
