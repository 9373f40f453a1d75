/**
 * ComBat's empirical Bayes step, as sva computes it: one batch's moments, the parametric priors
 * (normal location, inverse-gamma scale) iterated to convergence (`it.sol`), and the non-parametric
 * priors (`int.eprior`, here in log space).
 */
import type { ComBatOptions } from './options.js';

/**
 * One batch's standardized data, summarized per feature: its size, the mean (before any reference
 * batch shift) and the sum of squared deviations from that mean. The sum of squares about any g is
 * `ss + n (mean - g)^2`, all that sva's estimators take from the data.
 */
export interface BatchMoments {
  n: number;
  mean: Float64Array;
  ss: Float64Array;
}

/** Empirical Bayes (or none) estimates for one batch; gh, dh are the batch's hats over features, data its standardized samples' moments. */
export function shrink(
  gh: Float64Array,
  dh: Float64Array,
  data: BatchMoments,
  opts: Readonly<ComBatOptions>,
): { gamma: Float64Array; delta: Float64Array; gammaBar: number; tau2: number; aPrior: number; bPrior: number } {
  const { mean: gammaBar, variance: tau2 } = meanVariance(gh, null);
  const { mean: dm, variance: ds2 } = meanVariance(dh, null);
  const aPrior = opts.meanOnly ? NaN : (2 * ds2 + dm * dm) / ds2;
  const bPrior = opts.meanOnly ? NaN : (dm * ds2 + dm * dm * dm) / ds2;
  const pk = gh.length;
  if (!opts.eb) return { gamma: gh.slice(), delta: dh.slice(), gammaBar, tau2, aPrior, bPrior };
  if (opts.parametric) {
    if (opts.meanOnly) {
      // sva: postmean(g.hat, g.bar, n = 1, d = 1, t2)
      const gamma = new Float64Array(pk);
      for (let k = 0; k < pk; k++) gamma[k] = (tau2 * gh[k] + gammaBar) / (tau2 + 1);
      return { gamma, delta: new Float64Array(pk).fill(1), gammaBar, tau2, aPrior, bPrior };
    }
    const { gamma, delta } = iterate(data, gh, dh, gammaBar, tau2, aPrior, bPrior, opts.convergence);
    return { gamma, delta, gammaBar, tau2, aPrior, bPrior };
  }
  const { gamma, delta } = nonparametric(data, gh, dh);
  return { gamma, delta, gammaBar, tau2, aPrior, bPrior };
}

/** sva's `it.sol`: alternate the posterior mean of gamma and of delta until the largest relative change is at most `conv`. */
function iterate(data: BatchMoments, gh: Float64Array, dh: Float64Array, gBar: number, t2: number, a: number, b: number, conv: number): { gamma: Float64Array; delta: Float64Array } {
  const pk = gh.length;
  const nb = data.n;
  let gOld = gh.slice();
  let dOld = dh.slice();
  let gNew = new Float64Array(pk);
  let dNew = new Float64Array(pk);
  for (let iteration = 0; iteration < 100000; iteration++) {
    let change = -Infinity;
    for (let k = 0; k < pk; k++) {
      const g = (t2 * nb * gh[k] + dOld[k] * gBar) / (t2 * nb + dOld[k]);
      const sum2 = data.ss[k] + nb * (data.mean[k] - g) ** 2;
      const d = (0.5 * sum2 + b) / (nb / 2 + a - 1);
      gNew[k] = g;
      dNew[k] = d;
      // sva divides by the old value itself (not its absolute value)
      const cg = Math.abs(g - gOld[k]) / gOld[k];
      const cd = Math.abs(d - dOld[k]) / dOld[k];
      if (cg > change) change = cg;
      if (cd > change) change = cd;
    }
    [gOld, gNew] = [gNew, gOld];
    [dOld, dNew] = [dNew, dOld];
    if (!(change > conv)) break;
  }
  return { gamma: gOld, delta: dOld };
}

/**
 * sva's `int.eprior`: each feature's batch location and scale are the averages of the other
 * features' estimates, weighted by the likelihood of this feature's batch data under them
 * (computed in log space).
 */
function nonparametric(data: BatchMoments, gh: Float64Array, dh: Float64Array): { gamma: Float64Array; delta: Float64Array } {
  const pk = gh.length;
  const nb = data.n;
  const halfLogD = new Float64Array(pk);
  for (let l = 0; l < pk; l++) halfLogD[l] = 0.5 * nb * Math.log(2 * Math.PI * dh[l]);
  const gamma = new Float64Array(pk);
  const delta = new Float64Array(pk);
  const logLik = new Float64Array(pk);
  for (let k = 0; k < pk; k++) {
    let max = -Infinity;
    for (let l = 0; l < pk; l++) {
      if (l === k) continue;
      const g = gh[l];
      const sum2 = data.ss[k] + nb * (data.mean[k] - g) ** 2;
      const v = -halfLogD[l] - sum2 / (2 * dh[l]);
      logLik[l] = v;
      if (v > max) max = v;
    }
    let w = 0;
    let wg = 0;
    let wd = 0;
    for (let l = 0; l < pk; l++) {
      if (l === k) continue;
      const e = Math.exp(logLik[l] - max);
      w += e;
      wg += e * gh[l];
      wd += e * dh[l];
    }
    gamma[k] = wg / w;
    delta[k] = wd / w;
  }
  return { gamma, delta };
}

/** Mean and sample variance (n - 1) of values[rows] (all values when rows is null), two-pass. */
export function meanVariance(values: ArrayLike<number>, rows: ArrayLike<number> | null): { mean: number; variance: number; ss: number } {
  const m = rows === null ? values.length : rows.length;
  let s = 0;
  for (let r = 0; r < m; r++) s += values[rows === null ? r : rows[r]];
  const mean = s / m;
  let ss = 0;
  for (let r = 0; r < m; r++) {
    const d = values[rows === null ? r : rows[r]] - mean;
    ss += d * d;
  }
  return { mean, variance: ss / (m - 1), ss };
}
