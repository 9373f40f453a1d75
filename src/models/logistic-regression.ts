/**
 * Logistic regression by maximum likelihood (IRLS) or Firth's penalized likelihood, as R's
 * `glm(family = binomial)`.
 */
import { checkBoolean, checkInteger, checkNumber, resolveOptions } from '../core/checks.js';
import { DataError } from '../core/errors.js';
import { choleskyInPlace, extremeColumnExponents, qrAliased, scaleColumnsByPowersOfTwo, symmetricInverse, timesPowerOfTwo, unscaleCoefficients } from '../core/linalg.js';
import { Matrix64 } from '../core/matrix.js';
import { modelInvariants, openModel, toPlainArray, wrapModel } from '../core/model-json.js';
import { pchisq, qchisq } from '../stats/distributions.js';
import { findRoot } from '../stats/find-root.js';
import { logistic, softplus } from '../stats/logistic.js';
import { aliasedText, waldTable, withRatios, type CoefficientRow } from './regression-table.js';
import { binaryResponse, checkFeatures, checkFitOptions, resolveFeatureNames, toMatrix, type BinaryModel, type BinaryResponse, type FitOptions, type MatrixInput } from '../core/estimator.js';

/** Options of {@link LogisticRegression}. */
export interface LogisticRegressionOptions {
  /**
   * Firth's penalized likelihood (Heinze & Schemper 2002, doi:10.1002/sim.1047): finite estimates
   * under separation, less small-sample bias. As logistf: standard errors from the inverse Fisher
   * information at the estimate, p-values from penalized likelihood-ratio tests and profile
   * penalized-likelihood intervals (see {@link FittedLogisticRegression.summary}).
   * @defaultValue false
   */
  firth: boolean;
  /** @defaultValue 25 (glm's maxit) */
  maxIter: number;
  /**
   * Convergence: |dev - dev_old| / (|dev| + 0.1) < tol, glm's criterion (Firth's Newton-Raphson
   * runs until its step is below 1e-10 relative, or the penalized log-likelihood settles far below tol).
   * @defaultValue 1e-8 (glm's epsilon)
   */
  tol: number;
  /** Confidence level of the intervals (Wald, or profile with Firth). @defaultValue 0.95 */
  level: number;
}

/**
 * Logistic regression with an intercept. Maximum likelihood by iteratively reweighted least
 * squares (Newton-Raphson), standard errors from the inverse Fisher information, Wald z tests and
 * intervals, log-likelihood, AIC and the likelihood-ratio test against the intercept-only model,
 * exactly as `glm` and `summary.glm`. Complete or quasi-complete separation (fitted probabilities
 * of 0 or 1, diverging coefficients) is reported in `diagnostics.warnings`; use `firth: true`.
 *
 * @example
 * const fit = new LogisticRegression().fit(X, y, ['radscore', 'afp']);
 * fit.summary(); // rows: (Intercept), radscore, afp
 */
export class LogisticRegression {
  static readonly defaults: Readonly<LogisticRegressionOptions> = { firth: false, maxIter: 25, tol: 1e-8, level: 0.95 };
  readonly options: Readonly<LogisticRegressionOptions>;

  constructor(options?: Partial<LogisticRegressionOptions>) {
    const where = 'LogisticRegression';
    const opts = resolveOptions(where, LogisticRegression.defaults, options);
    checkBoolean(where, 'firth', opts.firth);
    checkInteger(where, 'maxIter', opts.maxIter, { min: 1 });
    checkNumber(where, 'tol', opts.tol, { min: 0, exclusiveMin: true });
    checkNumber(where, 'level', opts.level, { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
    this.options = Object.freeze(opts);
  }

  /**
   * Fits the model. X may have no columns (the intercept-only model; its likelihood-ratio test is
   * then `null`).
   * @throws DataError for mismatched sizes, missing values, an outcome other than 0/1 with both classes, or a singular design.
   */
  fit(input: MatrixInput, response: BinaryResponse, options: Pick<FitOptions, 'featureNames'> = {}): FittedLogisticRegression {
    const where = 'LogisticRegression.fit';
    checkFitOptions(where, options, ['featureNames']);
    const X = toMatrix(where, input);
    const n = X.rows;
    const p = X.cols;
    const names = resolveFeatureNames(where, X, options.featureNames);
    const y = binaryResponse(where, response, n);
    let events = 0;
    for (let i = 0; i < n; i++) {
      if (y[i] !== 0 && y[i] !== 1) throw new DataError(`${where}: y must be 0 or 1, got ${y[i]} in row ${i + 1}`, 'DATA_NOT_BINARY');
      events += y[i];
      for (let j = 0; j < p; j++) if (!Number.isFinite(X.get(i, j))) throw new DataError(`${where}: ${names[j]} is missing or infinite in row ${i + 1}`, 'DATA_MISSING');
    }
    if (events === 0 || events === n) throw new DataError(`${where}: y has only one class; logistic regression needs both`, 'DATA_ONE_CLASS');
    const m = p + 1;
    if (n <= m - 1 && !this.options.firth) throw new DataError(`${where}: ${n} observations for ${m} parameters`, 'DATA_SHAPE');
    // design with intercept
    const D = new Matrix64(n, m);
    D.column(0).fill(1);
    D.data.set(X.data, n);
    // features beyond 2^+-100 in magnitude are fitted on exactly rescaled columns (as glm, which fits them)
    const exponents = extremeColumnExponents(D, 1);
    if (exponents !== null) scaleColumnsByPowersOfTwo(D, exponents);
    const aliased = qrAliased(D);
    if (aliased.length > 0) throw new DataError(`${where}: the design matrix is singular: ${aliasedText(aliased.map((j) => names[j - 1]), 'glm')}`, 'DATA_SINGULAR');
    const warnings: string[] = [];
    const firth = this.options.firth;
    const fitted = firth ? fitFirth(D, y, this.options.maxIter, this.options.tol) : fitIrls(D, y, this.options.maxIter, this.options.tol);
    if (fitted === null) throw new DataError(`${where}: the design matrix is singular (collinear columns?)`, 'DATA_SINGULAR');
    const { beta, covariance, converged, iterations, objective } = fitted;
    if (!converged) warnings.push(`LogisticRegression: did not converge in ${this.options.maxIter} iterations`);
    let extreme = 0;
    let near = 0;
    for (let i = 0; i < n; i++) {
      let eta = 0;
      for (let j = 0; j < m; j++) eta += D.data[i + j * n] * beta[j];
      const q = 1 / (1 + Math.exp(-eta));
      if (q < 1e-8 || q > 1 - 1e-8) extreme++;
      if (q < 1e-4 || q > 1 - 1e-4) near++;
    }
    if (!converged && near > extreme) extreme = near;
    if (!firth && extreme > 0) warnings.push(`LogisticRegression: ${extreme} fitted probabilities numerically 0 or 1: complete or quasi-complete separation; estimates and standard errors are unreliable (use firth: true)`);
    const logLik = logLikelihood(D, y, beta);
    const nullLogLik = events * Math.log(events / n) + (n - events) * Math.log(1 - events / n);
    if (p === 0) warnings.push('LogisticRegression: no features (intercept-only model); the likelihood-ratio test is undefined (lrTest is null)');
    let lr = 2 * (logLik - nullLogLik);
    let profile: FirthProfileRow[] | null = null;
    let nullPenalizedLogLik: number | null = null;
    let penalizedLogLik: number | null = firth ? objective : null;
    if (firth) {
      const inference = firthInference(D, y, beta, objective, covariance, this.options.level, this.options.maxIter, this.options.tol);
      profile = inference.rows;
      nullPenalizedLogLik = inference.nullObjective;
      lr = Math.max(0, 2 * (objective - inference.nullObjective));
    }
    if (exponents !== null) {
      // Firth's penalty, half the log-determinant of the information, moved by sum(k) log 2 with the columns
      const shift = exponents.reduce((sum, k) => sum + k, 0) * Math.LN2;
      if (firth) {
        penalizedLogLik = objective - shift;
        nullPenalizedLogLik = nullPenalizedLogLik === null ? null : nullPenalizedLogLik - shift;
      }
      const bad = unscaleCoefficients(beta, covariance, exponents);
      if (bad >= 0) throw new DataError(`${where}: the coefficient of ${names[bad - 1]} or its variance is beyond double precision (its values are too large or too small: beyond about 1e+-150); rescale it (other units)`, 'DATA_SCALE');
      profile = profile?.map((r, j) => ({ ...r, lower: timesPowerOfTwo(r.lower, exponents[j]), upper: timesPowerOfTwo(r.upper, exponents[j]) })) ?? null;
    }
    return new FittedLogisticRegression({
      options: this.options,
      featureNames: names,
      coefficients: beta,
      covariance,
      logLik,
      nullLogLik,
      n,
      nEvents: events,
      converged,
      iterations,
      lrTest: p === 0 ? null : { chisq: lr, df: p, p: pchisq(lr, p, true) },
      warnings,
      penalizedLogLik,
      nullPenalizedLogLik,
      profile,
    });
  }
}

/**
 * glm.fit's IRLS: start from mu = (y + 1/2) / 2, weighted least squares on the working response,
 * stop when the deviance changes by less than tol relative; the covariance comes from the weights
 * of the last iteration, as summary.glm.
 */
function fitIrls(D: Matrix64, y: ArrayLike<number>, maxIter: number, tol: number): { beta: Float64Array; covariance: Float64Array; converged: boolean; iterations: number; objective: number } | null {
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
function fitFirth(
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

/** Penalized likelihood-ratio test and profile interval of one Firth coefficient. */
export interface FirthProfileRow {
  /** 2 (l*(b) - l*(b with b_j = 0)). */
  chisq: number;
  p: number;
  /** Profile penalized-likelihood interval (may be infinite on a side the profile never crosses). */
  lower: number;
  upper: number;
}

/**
 * logistf's default inference for Firth's model: for every coefficient the penalized
 * likelihood-ratio test of b_j = 0 and the profile penalized-likelihood interval (where
 * 2 (l*(b) - max l* given b_j) equals the chi-square quantile), each restricted fit keeping the
 * full design's penalty; and the penalized log-likelihood of the intercept-only restriction.
 */
function firthInference(D: Matrix64, y: ArrayLike<number>, beta: Float64Array, objective: number, covariance: Float64Array, level: number, maxIter: number, tol: number): { rows: FirthProfileRow[]; nullObjective: number } {
  const m = D.cols;
  const q = qchisq(level, 1);
  const restricted = (j: number, value: number): number => {
    const start = beta.slice();
    start[j] = value;
    const fixed = new Uint8Array(m);
    fixed[j] = 1;
    const r = fitFirth(D, y, maxIter, tol, start, fixed);
    return r === null ? -Infinity : r.objective;
  };
  const rows = Array.from({ length: m }, (_, j) => {
    const chisq = Math.max(0, 2 * (objective - restricted(j, 0)));
    const se = Math.sqrt(covariance[j + j * m]);
    const f = (v: number) => 2 * (objective - restricted(j, v)) - q;
    const bound = (direction: -1 | 1): number => {
      let inner = beta[j];
      let outer = beta[j] + direction * 2 * se;
      for (let k = 0; f(outer) < 0; k++) {
        if (k >= 60) return direction * Infinity;
        inner = outer;
        outer += direction * se * (1 + k);
      }
      return findRoot(f, inner, outer, 1e-11);
    };
    return { chisq, p: pchisq(chisq, 1, true), lower: bound(-1), upper: bound(1) };
  });
  const fixed = new Uint8Array(m).fill(1);
  fixed[0] = 0;
  const start = new Float64Array(m);
  start[0] = beta[0];
  const nullFit = fitFirth(D, y, maxIter, tol, start, fixed);
  return { rows, nullObjective: nullFit === null ? -Infinity : nullFit.objective };
}

function logLikelihood(D: Matrix64, y: ArrayLike<number>, beta: Float64Array): number {
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
function evaluate(D: Matrix64, y: ArrayLike<number>, beta: Float64Array, firth: boolean, fixed: Uint8Array | null = null): { information: Float64Array; step: Float64Array; objective: number } | null {
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

function objectiveAt(D: Matrix64, y: ArrayLike<number>, beta: Float64Array, firth: boolean): number {
  if (!firth) return logLikelihood(D, y, beta);
  const state = evaluate(D, y, beta, true);
  return state === null ? -Infinity : state.objective;
}

function logDeterminant(a: Float64Array, m: number): number {
  // log det = 2 sum log diag(L) of the Cholesky factor
  const l = a.slice();
  if (!choleskyInPlace(l, m)) return -Infinity;
  let sum = 0;
  for (let j = 0; j < m; j++) sum += Math.log(l[j + j * m]);
  return 2 * sum;
}

/** Infinite interval ends are written as null in model files. */
function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

interface FittedLogisticState {
  options: Readonly<LogisticRegressionOptions>;
  featureNames: string[];
  coefficients: Float64Array;
  covariance: Float64Array;
  logLik: number;
  nullLogLik: number;
  n: number;
  nEvents: number;
  converged: boolean;
  iterations: number;
  lrTest: { chisq: number; df: number; p: number } | null;
  warnings: string[];
  penalizedLogLik: number | null;
  nullPenalizedLogLik: number | null;
  profile: FirthProfileRow[] | null;
}

/** A fitted {@link LogisticRegression}. */
export class FittedLogisticRegression implements BinaryModel {
  static readonly kind = 'FittedLogisticRegression';
  static readonly schemaVersion = 1;
  readonly family = 'binomial' as const;
  readonly options: Readonly<LogisticRegressionOptions>;
  readonly featureNames: readonly string[];
  /** Intercept first, then one coefficient per feature (log odds ratios). */
  readonly coefficients: Float64Array;
  /** Covariance of the estimates (column-major, (p+1) x (p+1)). */
  readonly covariance: Float64Array;
  readonly logLik: number;
  readonly nullLogLik: number;
  readonly n: number;
  readonly nEvents: number;
  readonly converged: boolean;
  readonly iterations: number;
  /**
   * Likelihood-ratio test against the intercept-only model; with Firth, the penalized
   * likelihood-ratio test against the intercept-only restriction (logistf's model test).
   */
  readonly lrTest: { chisq: number; df: number; p: number } | null;
  /** Penalized log-likelihood (Firth only). */
  readonly penalizedLogLik: number | null;
  /** Penalized log-likelihood of the intercept-only restriction, full-design penalty (Firth only). */
  readonly nullPenalizedLogLik: number | null;
  /** Per coefficient (intercept first): penalized likelihood-ratio test of b = 0 and profile interval (Firth only). */
  readonly profile: readonly FirthProfileRow[] | null;
  readonly diagnostics: { warnings: string[] };

  constructor(state: FittedLogisticState) {
    this.options = state.options;
    this.featureNames = state.featureNames;
    this.coefficients = state.coefficients;
    this.covariance = state.covariance;
    this.logLik = state.logLik;
    this.nullLogLik = state.nullLogLik;
    this.n = state.n;
    this.nEvents = state.nEvents;
    this.converged = state.converged;
    this.iterations = state.iterations;
    this.lrTest = state.lrTest;
    this.penalizedLogLik = state.penalizedLogLik;
    this.nullPenalizedLogLik = state.nullPenalizedLogLik;
    this.profile = state.profile;
    this.diagnostics = { warnings: state.warnings };
  }

  /** AIC = -2 logLik + 2 (p + 1). */
  get aic(): number {
    return -2 * this.logLik + 2 * this.coefficients.length;
  }

  /**
   * Rows `(Intercept)`, then the features: estimate, se, z, p, interval, odds ratio and its
   * interval. Maximum likelihood: Wald tests and intervals, as summary.glm and confint.default.
   * Firth: p from the penalized likelihood-ratio test and the profile penalized-likelihood
   * interval, as logistf (se and z stay Wald's, from the inverse information).
   */
  summary(): CoefficientRow[] {
    const profile = this.profile;
    const rows = waldTable(['(Intercept)', ...this.featureNames], this.coefficients, this.covariance, this.options.level);
    return profile === null ? rows : rows.map((r, j) => withRatios({ ...r, p: profile[j].p, lower: profile[j].lower, upper: profile[j].upper }));
  }

  /** Linear predictor (log odds) of new rows. @throws DataError when X's features differ from the model's. */
  linearPredictor(input: MatrixInput): Float64Array {
    const X = checkFeatures('FittedLogisticRegression.linearPredictor', input, this.featureNames);
    const out = new Float64Array(X.rows).fill(this.coefficients[0]);
    for (let j = 0; j < X.cols; j++) {
      const b = this.coefficients[j + 1];
      const col = X.column(j);
      for (let i = 0; i < X.rows; i++) out[i] += b * col[i];
    }
    return out;
  }

  /** Predicted probabilities of the positive class for new rows. */
  predictProbability(X: MatrixInput): Float64Array {
    return this.linearPredictor(X).map(logistic);
  }

  toJSON(): object {
    return wrapModel(FittedLogisticRegression.kind, FittedLogisticRegression.schemaVersion, {
      options: { ...this.options },
      featureNames: [...this.featureNames],
      coefficients: toPlainArray(this.coefficients),
      covariance: toPlainArray(this.covariance),
      logLik: this.logLik,
      nullLogLik: this.nullLogLik,
      n: this.n,
      nEvents: this.nEvents,
      converged: this.converged,
      iterations: this.iterations,
      lrTest: this.lrTest,
      penalizedLogLik: this.penalizedLogLik,
      nullPenalizedLogLik: this.nullPenalizedLogLik,
      profile: this.profile === null ? null : this.profile.map((r) => ({ chisq: r.chisq, p: r.p, lower: finiteOrNull(r.lower), upper: finiteOrNull(r.upper) })),
      warnings: [...this.diagnostics.warnings],
    });
  }

  static fromJSON(json: unknown): FittedLogisticRegression {
    const r = openModel(json, FittedLogisticRegression.kind, FittedLogisticRegression.schemaVersion);
    const o = r.object('options');
    const featureNames = r.strings('featureNames');
    const m = featureNames.length + 1;
    const lr = r.has('lrTest') ? r.object('lrTest') : null;
    const kind = FittedLogisticRegression.kind;
    modelInvariants.covariance(kind, 'covariance', r.numbers('covariance', m * m), m);
    modelInvariants.count(kind, 'nEvents', r.integer('nEvents', 0), r.integer('n', 1));
    return new FittedLogisticRegression({
      options: { firth: o.boolean('firth'), maxIter: o.integer('maxIter', 1), tol: o.number('tol'), level: o.number('level') },
      featureNames,
      coefficients: r.numbers('coefficients', m),
      covariance: r.numbers('covariance', m * m),
      logLik: r.number('logLik'),
      nullLogLik: r.number('nullLogLik'),
      n: r.integer('n', 1),
      nEvents: r.integer('nEvents', 0),
      converged: r.boolean('converged'),
      iterations: r.integer('iterations', 0),
      lrTest: lr === null ? null : { chisq: lr.number('chisq'), df: lr.integer('df', 1), p: lr.number('p') },
      penalizedLogLik: r.has('penalizedLogLik') ? r.number('penalizedLogLik') : null,
      nullPenalizedLogLik: r.has('nullPenalizedLogLik') ? r.number('nullPenalizedLogLik') : null,
      profile: r.has('profile')
        ? r.objects('profile').map((row) => ({
            chisq: row.number('chisq'),
            p: row.number('p'),
            lower: row.has('lower') ? row.number('lower') : -Infinity,
            upper: row.has('upper') ? row.number('upper') : Infinity,
          }))
        : null,
      warnings: r.strings('warnings'),
    });
  }
}

