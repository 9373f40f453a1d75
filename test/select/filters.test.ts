import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildDataset,
  correlationMatrix,
  DataError,
  FittedRedundancyFilter,
  FittedReproducibilityFilter,
  FittedVarianceFilter,
  Matrix64,
  ParameterError,
  readTable,
  RedundancyFilter,
  ReproducibilityFilter,
  Rng,
  VarianceFilter,
  computeIcc,
} from '../../src/index.js';
import { realData } from '../helpers/tmp.js';

/** Columns: a, b ~ a (r ~ 0.99), c independent, d ~ 2a (r ~ 0.999), e ~ c (r ~ 0.95) */
function constructed(n = 200, seed = 1) {
  const rng = new Rng(seed);
  const a = Float64Array.from({ length: n }, () => rng.normal());
  const c = Float64Array.from({ length: n }, () => rng.normal());
  const b = a.map((v) => v + 0.14 * rng.normal());
  const d = a.map((v) => 2 * v + 0.06 * rng.normal());
  const e = c.map((v) => 3 * v + 1 * rng.normal());
  const X = Matrix64.fromColumns([a, b, c, d, e]);
  const y = Float64Array.from(c, (v, i) => (v + 0.3 * b[i] + 0.5 * rng.normal() > 0 ? 1 : 0));
  return { X, names: ['a', 'b', 'c', 'd', 'e'], y };
}

describe('RedundancyFilter', () => {
  const { X, names, y } = constructed();

  it('prefers the more reproducible feature when ICCs are known', () => {
    const fitted = new RedundancyFilter().fit(X, y, { featureNames: names, icc: { a: 0.8, b: 0.95, c: 0.7, d: 0.9, e: 0.99 } });
    expect(fitted.keptNames).toEqual(['b', 'e']);
    const byName = Object.fromEntries(fitted.summary().map((d) => [d.feature, d]));
    expect(byName.a.representedBy).toBe('b');
    expect(byName.d.representedBy).toBe('b');
    expect(byName.c.representedBy).toBe('e');
    expect(byName.a.correlation!).toBeGreaterThan(0.9);
  });

  it('then the feature more associated with the outcome, then the larger variance', () => {
    const byOutcome = new RedundancyFilter().fit(X, y, { featureNames: names });
    // c is associated more strongly than e (y depends on c), b more than a and d (y depends on b)
    expect(byOutcome.keptNames).toEqual(['b', 'c']);
    const byVariance = new RedundancyFilter().fit(X, null, { featureNames: names });
    // d has variance ~4 vs ~1 for a and b; e ~10 vs c ~1
    expect(byVariance.keptNames).toEqual(['d', 'e']);
    expect(new RedundancyFilter({ threshold: 0.999 }).fit(X, null, { featureNames: names }).keptNames.length).toBeGreaterThan(2);
  });

  it('is deterministic and invariant to how often it is fitted', () => {
    const a = new RedundancyFilter({ method: 'spearman' }).fit(X, y, { featureNames: names });
    const b = new RedundancyFilter({ method: 'spearman' }).fit(X, y, { featureNames: names });
    expect(a.summary()).toEqual(b.summary());
  });

  it('survival: association by the null-model martingale residuals', () => {
    const rng = new Rng(5);
    const time = Float64Array.from({ length: 200 }, (_, i) => Math.exp(-0.8 * X.get(i, 2) + rng.normal()) + 0.01);
    const event = Uint8Array.from({ length: 200 }, () => (rng.bernoulli(0.7) ? 1 : 0));
    const fitted = new RedundancyFilter().fit(X, { time, event }, { featureNames: names });
    expect(fitted.keptNames).toContain('c');
  });

  it('kept features never correlate above the threshold, dropped ones do with their representative (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(0.5, 0.7, 0.9), fc.constantFrom('pearson' as const, 'spearman' as const), (seed, threshold, method) => {
        const rng = new Rng(seed);
        const n = 40;
        const base = Array.from({ length: 4 }, () => Float64Array.from({ length: n }, () => rng.normal()));
        const cols = Array.from({ length: 70 }, (_, j) => base[j % 4].map((v) => v + rng.uniform(0.05, 1.5) * rng.normal()));
        const M = Matrix64.fromColumns(cols);
        const fitted = new RedundancyFilter({ threshold, method }).fit(M);
        const R = correlationMatrix(M, method === 'spearman');
        const kept = Array.from(fitted.keptIndex);
        for (const a of kept) for (const b of kept) if (a !== b) expect(Math.abs(R.get(a, b))).toBeLessThanOrEqual(threshold + 1e-12);
        fitted.summary().forEach((d, j) => {
          if (d.kept) return;
          const rep = fitted.featureNames.indexOf(d.representedBy!);
          expect(fitted.decisions[rep].kept).toBe(true);
          // (Spearman correlations of 40 ranks can sit exactly on the threshold; two computations
          // of the same correlation may then differ in the last bit)
          expect(Math.abs(R.get(j, rep))).toBeGreaterThan(threshold - 1e-12);
          expect(Math.abs(d.correlation! - R.get(j, rep))).toBeLessThan(1e-12);
        });
      }),
      { numRuns: 30 },
    );
  });

  it('on Colorectal-Liver-Metastases agrees with a direct implementation of the same rule', () => {
    const data = buildDataset(readTable(realData('Colorectal-Liver-Metastases.csv.gz')), { id: 'ID', outcome: 'Target' });
    const R = correlationMatrix(data.X);
    for (const threshold of [0.9, 0.95]) {
      const fitted = new RedundancyFilter({ threshold }).fit(data.X, data.y!, { featureNames: data.featureNames });
      // naive: same preference order, scan everything
      const order = fitted.summary().map((d, j) => [d.rank, j]).sort((a, b) => a[0] - b[0]).map((x) => x[1]);
      const kept: number[] = [];
      for (const j of order) if (kept.every((k) => Math.abs(R.get(j, k)) <= threshold)) kept.push(j);
      expect(Array.from(fitted.keptIndex)).toEqual(kept.sort((a, b) => a - b));
      expect(fitted.keptIndex.length).toBe(threshold === 0.9 ? KEPT_AT_090 : KEPT_AT_095);
    }
  });

  it('round-trips through JSON and rejects bad input', () => {
    const fitted = new RedundancyFilter().fit(X, y, { featureNames: names });
    const loaded = FittedRedundancyFilter.fromJSON(JSON.parse(JSON.stringify(fitted.toJSON())));
    expect(loaded.transform(X).data).toEqual(fitted.transform(X).data);
    expect(loaded.summary()).toEqual(fitted.summary());
    expect(() => new RedundancyFilter({ threshold: 1.5 })).toThrow(ParameterError);
    expect(() => new RedundancyFilter({ method: 'kendall' as never })).toThrow(ParameterError);
    const bad = X.clone();
    bad.set(0, 0, NaN);
    expect(() => new RedundancyFilter().fit(bad, null, { featureNames: names })).toThrow(/feature "a" has a missing value in row 1/);
    expect(() => new RedundancyFilter().fit(X, [1, 0], { featureNames: names })).toThrow(/y has 2 values, X has 200 rows/);
    expect(() => fitted.transform(Matrix64.zeros(3, 4))).toThrow(DataError);
  });
});

// features that remain on Colorectal-Liver-Metastases (90 x 525), Pearson, outcome association as tie-breaker
/** An empty matrix whose columns are named as the rated features (the reproducibility filter reads only the names). */
function namedLike(ratings: { featureNames: string[] }): Matrix64 {
  return Matrix64.zeros(0, ratings.featureNames.length).withColumnNames(ratings.featureNames);
}

const KEPT_AT_090 = 242;
const KEPT_AT_095 = 318;

describe('VarianceFilter (caret::nearZeroVar rule)', () => {
  it('drops zero-variance and near-zero-variance features', () => {
    const n = 100;
    const constant = new Float64Array(n).fill(3);
    const rare = Float64Array.from({ length: n }, (_, i) => (i < 2 ? 1 : 0)); // freqRatio 49, 2% unique
    const twoLevel = Float64Array.from({ length: n }, (_, i) => (i % 2 ? 1 : 0)); // freqRatio 1
    const continuous = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
    const X = Matrix64.fromColumns([constant, rare, twoLevel, continuous]);
    const fitted = new VarianceFilter().fit(X, null, { featureNames: ['constant', 'rare', 'twoLevel', 'continuous'] });
    expect(fitted.keptNames).toEqual(['twoLevel', 'continuous']);
    expect(fitted.summary()[1]).toEqual({ feature: 'rare', freqRatio: 49, percentUnique: 2, zeroVar: false, nzv: true });
    expect(fitted.summary()[0]).toMatchObject({ freqRatio: 0, zeroVar: true, nzv: true });
    expect(new VarianceFilter({ freqCut: 50 }).fit(X).keptIndex.length).toBe(3);
    const loaded = FittedVarianceFilter.fromJSON(JSON.parse(JSON.stringify(fitted)));
    expect(loaded.transform(X).data).toEqual(fitted.transform(X).data);
  });
});

describe('ReproducibilityFilter', () => {
  const rng = new Rng(8);
  const n = 30;
  const truth = Array.from({ length: 6 }, () => Float64Array.from({ length: n }, () => rng.normal()));
  const noise = [0.05, 0.2, 0.5, 0.8, 1.5, 3];
  const reader = () => Matrix64.fromColumns(truth.map((t, j) => t.map((v) => v + noise[j] * rng.normal())));
  const ratings = { subjects: Array.from({ length: n }, (_, i) => `s${i}`), raters: ['1', '2'], featureNames: ['f1', 'f2', 'f3', 'f4', 'f5', 'f6'], byRater: [reader(), reader()] };

  it('keeps features by point estimate or lower bound of the chosen form', () => {
    const icc = computeIcc(ratings);
    const point = new ReproducibilityFilter().fit(namedLike(ratings), null, { icc: ratings });
    const expectedPoint = icc.features.filter((f) => f.forms.ICC2.icc >= 0.75).map((f) => f.feature);
    expect(point.keptNames).toEqual(expectedPoint);
    const lower = new ReproducibilityFilter({ on: 'lower' }).fit(namedLike(ratings), null, { icc: ratings });
    expect(lower.keptNames).toEqual(icc.features.filter((f) => f.forms.ICC2.lower >= 0.75).map((f) => f.feature));
    expect(lower.keptNames.length).toBeLessThanOrEqual(point.keptNames.length);
    expect(point.keptNames).toContain('f1');
    expect(point.keptNames).not.toContain('f6');
    const icc3 = new ReproducibilityFilter({ form: 'ICC3k', threshold: 0.9 }).fit(Matrix64.zeros(0, 2).withColumnNames(['f2', 'f1']), null, { icc: icc });
    expect(icc3.featureNames).toEqual(['f2', 'f1']);
    expect(icc3.summary()[0].form).toBe('ICC3k');
    const loaded = FittedReproducibilityFilter.fromJSON(JSON.parse(JSON.stringify(point)));
    expect(loaded.keptNames).toEqual(point.keptNames);
  });

  it('errors: a feature without ICC, a level mismatch, bad options', () => {
    expect(() => new ReproducibilityFilter().fit(Matrix64.zeros(0, 2).withColumnNames(['f1', 'nope']), null, { icc: ratings })).toThrow(/no ICC for 1 features \("nope"\)/);
    expect(() => new ReproducibilityFilter({ on: 'lower', level: 0.9 }).fit(namedLike(ratings), null, { icc: computeIcc(ratings) })).toThrow(ParameterError);
    expect(() => new ReproducibilityFilter({ form: 'ICC4' as never })).toThrow(ParameterError);
  });
});
