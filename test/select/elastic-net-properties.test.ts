import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossValidateElasticNet, crossValidateElasticNetParallel, DataError, ElasticNet, FittedElasticNet, Matrix64, ParameterError, Rng } from '../../src/index.js';

function simulate(seed: number, n = 80, p = 25) {
  const rng = new Rng(seed);
  const cols = Array.from({ length: p }, () => Float64Array.from({ length: n }, () => rng.normal()));
  // correlated pairs and varied scales
  for (let j = 1; j < p; j += 3) cols[j] = cols[j - 1].map((v) => 0.8 * v + 0.6 * rng.normal());
  cols.forEach((c, j) => c.forEach((v, i) => (c[i] = v * (1 + j) + j)));
  const X = Matrix64.fromColumns(cols);
  const a = cols[0];
  const b = cols[3 % p];
  const c = cols[6 % p];
  const lp = Float64Array.from({ length: n }, (_, i) => a[i] - b[i] / 4 + (c[i] - 6) / 7);
  const y = Float64Array.from(lp, (v) => (rng.next() < 1 / (1 + Math.exp(-(v - 1))) ? 1 : 0));
  const time = Float64Array.from(lp, (v) => rng.exponential(0.1 * Math.exp(0.5 * (v - 1))) + 0.01);
  const event = Float64Array.from({ length: n }, () => (rng.bernoulli(0.75) ? 1 : 0));
  return { X, y, time, event };
}

/** Gradient of the normalized log-likelihood w.r.t. standardized coefficients, and those coefficients. */
function kktGaps(fit: FittedElasticNet, X: Matrix64, y: Float64Array, k: number): { maxActiveGap: number; maxInactiveExcess: number } {
  const n = X.rows;
  const { alpha } = fit.options;
  const lambda = fit.lambda[k];
  const eta = new Float64Array(n).fill(fit.a0[k]);
  for (let j = 0; j < X.cols; j++) for (let i = 0; i < n; i++) eta[i] += fit.beta[k][j] * X.get(i, j);
  const r = Float64Array.from(eta, (e, i) => (y[i] - 1 / (1 + Math.exp(-e))) / n);
  let maxActiveGap = 0;
  let maxInactiveExcess = 0;
  for (let j = 0; j < X.cols; j++) {
    const col = X.column(j);
    const m = col.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - m) ** 2, 0) / n);
    let g = 0;
    for (let i = 0; i < n; i++) g += ((col[i] - m) / sd) * r[i];
    const b = fit.beta[k][j] * sd;
    // gaps in gradient units, relative to lambda max (the gradient scale of the problem)
    const scale = fit.lambda[0];
    if (b !== 0) maxActiveGap = Math.max(maxActiveGap, Math.abs(g - lambda * (1 - alpha) * b - lambda * alpha * Math.sign(b)) / scale);
    else maxInactiveExcess = Math.max(maxInactiveExcess, (Math.abs(g) - lambda * alpha) / scale);
  }
  return { maxActiveGap, maxInactiveExcess };
}

describe('ElasticNet properties', () => {
  it('all coefficients are zero at and above lambda max', () => {
    const { X, y } = simulate(1);
    const path = new ElasticNet().fit(X, y);
    const lmax = path.lambda[0];
    const above = new ElasticNet({ lambda: [10 * lmax, 2 * lmax, lmax] }).fit(X, y);
    for (const b of above.beta) expect(b.every((x) => x === 0)).toBe(true);
    expect(path.beta[0].every((x) => x === 0)).toBe(true);
    expect(path.beta[1].some((x) => x !== 0)).toBe(true);
  });

  it('KKT conditions hold at every path point (property over data sets and alpha)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.constantFrom(1, 0.5, 0.2), (seed, alpha) => {
        const { X, y } = simulate(seed, 60, 12);
        const fit = new ElasticNet({ alpha, thresh: 1e-14, nLambda: 30 }).fit(X, y);
        for (let k = 0; k < fit.lambda.length; k++) {
          const { maxActiveGap, maxInactiveExcess } = kktGaps(fit, X, y, k);
          // stationarity and the subgradient bound
          expect(maxActiveGap).toBeLessThan(1e-6);
          expect(maxInactiveExcess).toBeLessThan(1e-6);
        }
      }),
      { numRuns: 8 },
    );
  });

  it('permuting the rows changes nothing (binomial and Cox)', () => {
    const { X, y, time, event } = simulate(7);
    const perm = new Rng(3).permutation(X.rows);
    const Xp = X.selectRows(perm);
    for (const family of ['binomial', 'cox'] as const) {
      const response = family === 'binomial' ? y : { time, event };
      const permuted = family === 'binomial' ? Float64Array.from(perm, (i) => y[i]) : { time: Float64Array.from(perm, (i) => time[i]), event: Float64Array.from(perm, (i) => event[i]) };
      const a = new ElasticNet({ family, thresh: 1e-14, ties: 'efron' }).fit(X, response);
      const b = new ElasticNet({ family, thresh: 1e-14, ties: 'efron' }).fit(Xp, permuted);
      expect(b.lambda.length).toBe(a.lambda.length);
      for (let k = 0; k < a.lambda.length; k++) {
        const scale = Math.max(1e-12, ...a.beta[k].map(Math.abs));
        a.beta[k].forEach((v, j) => expect(Math.abs(v - b.beta[k][j]) / scale).toBeLessThan(1e-7));
      }
    }
  });

  it('scaling a feature scales its coefficient inversely', () => {
    const { X, y } = simulate(9);
    const scaled = X.clone();
    scaled.column(0).forEach((v, i, c) => (c[i] = v * 1000));
    const a = new ElasticNet({ thresh: 1e-14 }).fit(X, y);
    const b = new ElasticNet({ thresh: 1e-14 }).fit(scaled, y);
    for (let k = 0; k < a.lambda.length; k += 7) {
      expect(Math.abs(b.beta[k][0] * 1000 - a.beta[k][0])).toBeLessThanOrEqual(1e-8 * Math.max(1e-12, Math.abs(a.beta[k][0])));
      expect(Math.abs(b.beta[k][5] - a.beta[k][5])).toBeLessThanOrEqual(1e-8 * Math.max(1e-12, Math.abs(a.beta[k][5])));
    }
  });

  it('features whose squares overflow or underflow (scaled by 1e200 or 1e-200) give the scaled coefficients; beyond doubles, an error', () => {
    const { X, y, time, event } = simulate(9);
    for (const family of ['binomial', 'cox'] as const) {
      const response = family === 'binomial' ? y : { time, event };
      const a = new ElasticNet({ family, thresh: 1e-14 }).fit(X, response);
      for (const factor of [1e200, 1e-200]) {
        const scaled = X.clone();
        scaled.column(0).forEach((v, i, c) => (c[i] = v * factor));
        const b = new ElasticNet({ family, thresh: 1e-14 }).fit(scaled, response);
        expect(b.lambda.length).toBe(a.lambda.length);
        a.lambda.forEach((l, k) => expect(Math.abs(b.lambda[k] - l)).toBeLessThanOrEqual(1e-12 * l));
        for (let k = 0; k < a.lambda.length; k += 7) {
          expect(Math.abs(b.beta[k][0] * factor - a.beta[k][0])).toBeLessThanOrEqual(1e-8 * Math.max(1e-12, Math.abs(a.beta[k][0])));
          expect(Math.abs(b.beta[k][5] - a.beta[k][5])).toBeLessThanOrEqual(1e-8 * Math.max(1e-12, Math.abs(a.beta[k][5])));
        }
        expect(Array.from(b.linearPredictor(scaled, a.lambda[20]))).toSatisfy((lp: number[]) => lp.every(Number.isFinite));
      }
    }
    const tiny = X.clone();
    tiny.column(2).forEach((v, i, c) => (c[i] = v * 1e-310));
    expect(() => new ElasticNet().fit(tiny, y, { featureNames: Array.from({ length: X.cols }, (_, j) => `f${j + 1}`) })).toThrow(/feature "f3" has a spread \(\d\.\de-310\) too small to fit in double precision; rescale it/);
    // a feature that varies only on a row of weight zero is constant for the fit (was: "spread too large")
    const weights = Array.from({ length: X.rows }, (_, i) => (i === 0 ? 0 : 1));
    const lonely = X.clone();
    lonely.column(4).forEach((_, i, c) => (c[i] = i === 0 ? 5 : 1));
    const fit = new ElasticNet().fit(lonely, y, { weights });
    expect(fit.beta.every((b) => b[4] === 0)).toBe(true);
    // unstandardized, a small but representable spread still fits
    const small = X.clone();
    small.column(4).forEach((v, i, c) => (c[i] = v * 1e-146));
    expect(new ElasticNet({ standardize: false, nLambda: 5 }).fit(small, y).lambda.length).toBeGreaterThan(0);
    const big = X.clone();
    big.column(0).forEach((v, i, c) => (c[i] = v * 1e200));
    expect(() => new ElasticNet({ standardize: false }).fit(big, y)).toThrow(/too large to fit in double precision without standardization/);
  });

  it('the path is the same with and without the float32 copy of big tables (exact decisions either way)', async () => {
    const { setSingleCopyLimit } = await import('../../src/select/elastic-net/path-solver.js');
    const { X, y, time, event } = simulate(21, 60, 300);
    for (const [family, response] of [['binomial', y], ['cox', { time, event }]] as const) {
      const withCopy = new ElasticNet({ family }).fit(X, response);
      const previous = setSingleCopyLimit(0);
      try {
        const without = new ElasticNet({ family }).fit(X, response);
        expect(Array.from(without.lambda)).toEqual(Array.from(withCopy.lambda));
        expect(without.beta.map((b) => Array.from(b))).toEqual(withCopy.beta.map((b) => Array.from(b)));
      } finally {
        setSingleCopyLimit(previous);
      }
    }
  });

  it('Efron ties at lambda near zero reproduce the unpenalized Cox fit (Breslow differs on ties)', () => {
    // two features, rounded times with many ties
    const { X, time, event } = simulate(11, 120, 2);
    const t = Float64Array.from(time, (v) => Math.ceil(v));
    const efron = new ElasticNet({ family: 'cox', ties: 'efron', lambda: [1e-9], thresh: 1e-16 }).fit(X, { time: t, event });
    const breslow = new ElasticNet({ family: 'cox', ties: 'breslow', lambda: [1e-9], thresh: 1e-16 }).fit(X, { time: t, event });
    expect(Math.abs(efron.beta[0][0] - breslow.beta[0][0])).toBeGreaterThan(1e-6);
  });

  it('penaltyFactor 0 keeps a feature in the model from the start', () => {
    const { X, y } = simulate(12);
    const pf = Array.from({ length: X.cols }, (_, j) => (j === 10 ? 0 : 1));
    const fit = new ElasticNet({ penaltyFactor: pf }).fit(X, y);
    expect(fit.beta[1][10]).not.toBe(0);
  });

  it('cross-validation gives the same result with 1 and 2 workers', async () => {
    const { X, y } = simulate(13, 90, 20);
    const a = crossValidateElasticNet(new ElasticNet({ alpha: 0.5 }), X, y, { nFolds: 5, seed: 4, stratify: true });
    const b = await crossValidateElasticNetParallel(new ElasticNet({ alpha: 0.5 }), X, y, { nFolds: 5, seed: 4, stratify: true, workers: 2 });
    expect(Array.from(b.cvm)).toEqual(Array.from(a.cvm));
    expect(Array.from(b.cvsd)).toEqual(Array.from(a.cvsd));
    expect(b.lambdaMin).toBe(a.lambdaMin);
    expect(Array.from(b.foldId)).toEqual(Array.from(a.foldId));
    // stratified folds balance the outcome
    for (let k = 1; k <= 5; k++) {
      const cases = Array.from(a.foldId).filter((f, i) => f === k && y[i] === 1).length;
      const total = y.reduce((s, v) => s + v, 0);
      expect(Math.abs(cases - total / 5)).toBeLessThanOrEqual(1);
    }
  });

  it('repeated cross-validation averages over seeded repeats', () => {
    const { X, y } = simulate(14, 90, 20);
    const one = crossValidateElasticNet(new ElasticNet(), X, y, { nFolds: 5, seed: 2, nRepeats: 3 });
    const again = crossValidateElasticNet(new ElasticNet(), X, y, { nFolds: 5, seed: 2, nRepeats: 3 });
    expect(Array.from(again.cvm)).toEqual(Array.from(one.cvm));
    const single = crossValidateElasticNet(new ElasticNet(), X, y, { nFolds: 5, seed: 2 });
    expect(Array.from(single.cvm)).not.toEqual(Array.from(one.cvm));
  });

  it('rejects bad options and data with clear errors', () => {
    const { X, y } = simulate(15, 40, 5);
    expect(() => new ElasticNet({ alpha: 2 })).toThrow(ParameterError);
    expect(() => new ElasticNet({ famly: 'cox' } as never)).toThrow(/unknown option "famly" \(did you mean "family"\?\)/);
    expect(() => new ElasticNet().fit(X, new Float64Array(40))).toThrow(/only one class/);
    expect(() => new ElasticNet().fit(X, Float64Array.from(y, (v) => v * 2))).toThrow(/y must be 0 or 1/);
    expect(() => new ElasticNet({ family: 'cox' }).fit(X, { time: new Float64Array(40).fill(1), event: new Float64Array(40) })).toThrow(/no events/);
    expect(() => crossValidateElasticNet(new ElasticNet(), X, y, { measure: 'C' })).toThrow(/measure: "C" is for Cox models/);
    const bad = X.clone();
    bad.set(2, 1, NaN);
    expect(() => new ElasticNet().fit(bad, y)).toThrow(DataError);
    const fit = new ElasticNet().fit(X, y);
    const loaded = FittedElasticNet.fromJSON(JSON.parse(JSON.stringify(fit.toJSON())));
    expect(loaded.linearPredictor(X, fit.lambda[20])).toEqual(fit.linearPredictor(X, fit.lambda[20]));
  });
});

describe('stabilitySelection', () => {
  it('selects the true signal features more often than noise, reproducibly by seed', async () => {
    const { stabilitySelection } = await import('../../src/index.js');
    const { X, y } = simulate(21, 200, 20);
    const cv = crossValidateElasticNet(new ElasticNet(), X, y, { nFolds: 5, seed: 1 });
    const a = stabilitySelection(new ElasticNet(), X, y, { lambda: cv.lambda1se, resamples: 40, seed: 3 });
    const b = stabilitySelection(new ElasticNet(), X, y, { lambda: cv.lambda1se, resamples: 40, seed: 3 });
    expect(Array.from(a.frequency)).toEqual(Array.from(b.frequency));
    expect(a.frequency[0]).toBeGreaterThan(0.8);
    const noise = [1, 2, 4, 5, 7, 8, 10, 11].map((j) => a.frequency[j]);
    expect(Math.max(...noise)).toBeLessThan(a.frequency[0]);
    const boot = stabilitySelection(new ElasticNet(), X, y, { lambda: cv.lambda1se, resamples: 10, sampling: 'bootstrap', seed: 3 });
    expect(boot.resamples + boot.failed).toBe(10);
    expect(() => stabilitySelection(new ElasticNet(), X, y, { lambda: -1 })).toThrow(ParameterError);
  });
});
