import { describe, expect, it } from 'vitest';
import { ComBat, DataError, FittedComBat, Matrix64, ModelFormatError, ParameterError, readTable, textColumn, numericColumn, type ComBatOptions } from '../../src/index.js';
import { expectClose, golden } from '../helpers/golden.js';
import { realData } from '../helpers/tmp.js';

const ref = golden('combat.json');
const table = readTable(realData('HCC-TACE-Seg.csv.gz'));
const features: string[] = ref.features;
const batch: string[] = ref.batch;
const levels = ['A', 'B', 'C'];

/** The HCC features with the golden file's batch effects added, exactly as the R script does. */
function shiftedFeatures(names: string[]): Matrix64 {
  const n = table.nRows;
  const X = new Matrix64(n, names.length);
  names.forEach((name, k) => {
    const j = features.indexOf(name);
    const values = table.column(name).values as Float64Array;
    for (let i = 0; i < n; i++) {
      const b = levels.indexOf(batch[i]);
      X.data[k * n + i] = ref.shift[b][j] + ref.scale[b][j] * values[i];
    }
  });
  return X;
}

const X = shiftedFeatures(features);

function expectVariant(adjusted: Matrix64, names: string[], variant: Record<string, number[]>, rtol = 1e-8, atol = 1e-10) {
  const keys = Object.keys(variant);
  expect(keys.length).toBeGreaterThan(50);
  for (const name of keys) expectClose(adjusted.column(names.indexOf(name)), variant[name], rtol, atol, name);
}

describe('ComBat agrees with sva::ComBat 3.46 on HCC-TACE-Seg with 3 batches (rtol 1e-8, atol 1e-10)', () => {
  const cases: [string, Partial<ComBatOptions>][] = [
    ['parametric', {}],
    ['nonparametric', { parametric: false }],
    ['mean_only', { meanOnly: true }],
    ['mean_only_nonparametric', { meanOnly: true, parametric: false }],
    ['ref_batch', { refBatch: 'B' }],
    ['no_eb', { eb: false }],
    ['no_eb_mean_only', { eb: false, meanOnly: true }],
  ];
  for (const [variant, options] of cases) {
    it(variant, () => {
      const fitted = new ComBat(options).fit(X, null, { batch, featureNames: features });
      expectVariant(fitted.transform(X, { batch }), features, ref.variants[variant]);
    });
  }

  it('with a numeric and a 3-level categorical covariate', () => {
    const numericName: string = ref.covariates.numeric;
    const names = features.filter((f) => f !== numericName);
    const Xc = shiftedFeatures(names);
    const vol = shiftedFeatures([numericName]).column(0);
    const covariates = [numericColumn(numericName, Float64Array.from(vol)), textColumn('grp', ref.covariates.grp)];
    const fitted = new ComBat().fit(Xc, null, { batch, covariates: covariates, featureNames: names });
    expect(fitted.covariates.columnNames).toEqual([numericName, 'grplow', 'grpmid']);
    expectVariant(fitted.transform(Xc, { batch, covariates: covariates }), names, ref.variants.covariates);
  });

  it('features with no variance inside a batch are left unadjusted and reported, as sva', () => {
    const names: string[] = ref.zero_variance.features;
    const small = shiftedFeatures(names);
    const col = small.column(2);
    batch.forEach((b, i) => {
      if (b === 'A') col[i] = 0.5;
    });
    const fitted = new ComBat().fit(small, null, { batch, featureNames: names });
    expect(fitted.adjusted[2]).toBe(0);
    expect(fitted.diagnostics.warnings[0]).toMatch(/1 feature with no variance inside a batch left unadjusted/);
    const out = fitted.transform(small, { batch });
    for (let k = 0; k < names.length; k++) expectClose(out.column(k), ref.zero_variance.adjusted[names[k]], 1e-8, 1e-10, names[k]);
  });
});

describe('ComBat applied to new patients', () => {
  const train: number[] = [];
  const test: number[] = [];
  batch.forEach((_, i) => (i % 4 === 3 ? test : train).push(i));
  const Xtrain = X.selectRows(train);
  const Xtest = X.selectRows(test);
  const bTrain = train.map((i) => batch[i]);
  const bTest = test.map((i) => batch[i]);

  it('transforming a test split applies exactly the learned parameters', () => {
    const fitted = new ComBat().fit(Xtrain, null, { batch: bTrain, featureNames: features });
    const out = fitted.transform(Xtest, { batch: bTest });
    for (const j of [0, 17, 200, 419]) {
      for (let i = 0; i < test.length; i++) {
        const b = levels.indexOf(bTest[i]);
        const sd = Math.sqrt(fitted.varPooled[j]);
        const s = (Xtest.get(i, j) - fitted.grandMean[j]) / sd;
        const expected = ((s - fitted.gammaStar[b][j]) / Math.sqrt(fitted.deltaStar[b][j])) * sd + fitted.grandMean[j];
        expect(out.get(i, j)).toBe(expected);
      }
    }
    // a test sample's output does not depend on the other test samples
    const single = fitted.transform(Xtest.selectRows([3]), { batch: [bTest[3]] });
    expect(Array.from(single.row(0))).toEqual(Array.from(out.row(3)));
    // in place: the same numbers in the input's own memory; the default leaves the input alone
    const copy = Xtest.clone();
    const before = Array.from(copy.data);
    fitted.transform(copy, { batch: bTest });
    expect(Array.from(copy.data)).toEqual(before);
    const inPlace = fitted.transform(copy, { batch: bTest, inPlace: true });
    expect(inPlace.data).toBe(copy.data);
    expect(Array.from(copy.data)).toEqual(Array.from(out.data));
    expect(inPlace.columnNames).toEqual(features);
    expect(() => fitted.transform(copy, { batch: bTest, inPlace: 'yes' as unknown as boolean })).toThrow(/inPlace must be/);
  });

  it('new patients\' covariates enter through the learned coefficients', () => {
    const grp: string[] = ref.covariates.grp;
    const cov = (rows: number[]) => [textColumn('grp', rows.map((i) => grp[i]))];
    const fitted = new ComBat().fit(Xtrain, null, { batch: bTrain, covariates: cov(train), featureNames: features });
    const out = fitted.transform(Xtest, { batch: bTest, covariates: cov(test) });
    const j = 5;
    const i = 0;
    const level = grp[test[i]];
    const coef = level === 'high' ? 0 : fitted.covariateCoefficients[level === 'low' ? 0 : 1][j];
    const sm = fitted.grandMean[j] + coef;
    const sd = Math.sqrt(fitted.varPooled[j]);
    const b = levels.indexOf(bTest[i]);
    expect(out.get(i, j)).toBe((((Xtest.get(i, j) - sm) / sd - fitted.gammaStar[b][j]) / Math.sqrt(fitted.deltaStar[b][j])) * sd + sm);
    expect(() => fitted.transform(Xtest, { batch: bTest, covariates: [textColumn('grp', test.map(() => 'unknown'))] })).toThrow(/level "unknown".*not seen in training/);
  });

  it('save and load give bit-identical output', () => {
    for (const options of [{}, { parametric: false }, { refBatch: 'C' }, { meanOnly: true }]) {
      const fitted = new ComBat(options).fit(Xtrain, null, { batch: bTrain, featureNames: features });
      const loaded = FittedComBat.fromJSON(JSON.parse(JSON.stringify(fitted.toJSON())));
      expect(loaded.transform(Xtest, { batch: bTest }).data).toEqual(fitted.transform(Xtest, { batch: bTest }).data);
      expect(loaded.options).toEqual(fitted.options);
    }
  });

  it('a numeric reference batch matches its level as a number ("1.0" is batch 1), and the model keeps the level', () => {
    const numeric = batch.map((b) => String(levels.indexOf(b) + 1));
    const byText = new ComBat({ refBatch: '1' }).fit(X, null, { batch: numeric });
    const byNumber = new ComBat({ refBatch: '1.0' }).fit(X, null, { batch: numeric });
    expect(byNumber.options.refBatch).toBe('1');
    expect(byNumber.transform(X, { batch: numeric }).data).toEqual(byText.transform(X, { batch: numeric }).data);
    const refRows = numeric.flatMap((b, i) => (b === '1' ? [i] : []));
    expect(byNumber.transform(X, { batch: numeric }).get(refRows[0], 3)).toBe(X.get(refRows[0], 3));
    expect(() => new ComBat({ refBatch: '4' }).fit(X, null, { batch: numeric })).toThrow(/reference batch "4" is not a batch level/);
    const padded = numeric.map((b) => (b === '3' ? '01' : b));
    expect(() => new ComBat({ refBatch: '1.0' }).fit(X, null, { batch: padded })).toThrow(/reference batch "1\.0" matches several batch levels as a number \("1", "01"\); give the level as it is written/);
    expect(() => new ComBat({ refBatch: '0x2' }).fit(X, null, { batch: numeric })).toThrow(/reference batch "0x2" is not a batch level/);
  });

  it('the reference batch is returned unchanged', () => {
    const fitted = new ComBat({ refBatch: 'A' }).fit(Xtrain, null, { batch: bTrain, featureNames: features });
    const out = fitted.transform(Xtest, { batch: bTest });
    bTest.forEach((b, i) => {
      if (b === 'A') expect(Array.from(out.row(i))).toEqual(Array.from(Xtest.row(i)));
    });
  });

  it('an unseen batch is an error by default and estimated on request (at least 5 samples)', () => {
    const fitted = new ComBat().fit(Xtrain, null, { batch: bTrain, featureNames: features });
    const newBatch = bTest.map(() => 'D');
    expect(() => fitted.transform(Xtest, { batch: newBatch })).toThrow(/batch "D" was not seen in training \("A", "B", "C"\)/);
    const out = fitted.transform(Xtest, { batch: newBatch, newBatch: 'estimate' });
    // the new batch's mean on the standardized scale is removed: harmonized feature means move towards the training grand mean
    let before = 0;
    let after = 0;
    for (let j = 0; j < features.length; j++) {
      const sd = Math.sqrt(fitted.varPooled[j]);
      let mb = 0;
      let ma = 0;
      for (let i = 0; i < test.length; i++) {
        mb += (Xtest.get(i, j) - fitted.grandMean[j]) / sd;
        ma += (out.get(i, j) - fitted.grandMean[j]) / sd;
      }
      before += Math.abs(mb / test.length);
      after += Math.abs(ma / test.length);
    }
    expect(after).toBeLessThan(before * 0.5);
    expect(() => fitted.transform(Xtest.selectRows([0, 1, 2, 3]), { batch: ['D', 'D', 'D', 'D'], newBatch: 'estimate' })).toThrow(/has 4 samples; estimating a new batch needs at least 5/);
  });
});

describe('ComBat input checks', () => {
  const small = X.selectColumns([0, 1, 2, 3]);
  it('rejects missing batch values, unknown reference batch, confounded covariates', () => {
    const missing = batch.map((b, i) => (i === 5 ? '' : b));
    expect(() => new ComBat().fit(small, null, { batch: missing })).toThrow(/batch is missing for sample 6/);
    expect(() => new ComBat({ refBatch: 'Q' }).fit(small, null, { batch })).toThrow(/reference batch "Q" is not a batch level/);
    const confounded = [textColumn('site', batch.map((b) => `site-${b}`))];
    expect(() => new ComBat().fit(small, null, { batch, covariates: confounded })).toThrow(/confounded with batch/);
    const collinear = [numericColumn('a', Float64Array.from(batch, (_, i) => i)), numericColumn('b', Float64Array.from(batch, (_, i) => 2 * i))];
    expect(() => new ComBat().fit(small, null, { batch, covariates: collinear })).toThrow(/covariates are confounded with each other/);
    const withNaN = small.clone();
    withNaN.set(3, 1, NaN);
    expect(() => new ComBat().fit(withNaN, null, { batch })).toThrow(DataError);
    expect(() => new ComBat().fit(small, null, { batch: batch.slice(1) })).toThrow(/batch has 83 values, X has 84 samples/);
  });

  it('features beyond double precision, and batches with no variation inside, are errors naming them (never NaN output)', () => {
    const names = ['a', 'b', 'c', 'd'];
    for (const [factor, why] of [
      [1e200, /feature "b" cannot be harmonized: its variance overflows a double \(values too large\); rescale it/],
      [1e-200, /feature "b" cannot be harmonized: nothing varies once the batch means are removed/],
    ] as const) {
      const scaled = small.clone();
      scaled.column(1).forEach((v, i, c) => (c[i] = v * factor));
      expect(() => new ComBat().fit(scaled, null, { batch, featureNames: names })).toThrow(why);
    }
    // a spread of 1e100 squares to 1e200: harmonized as the unscaled feature, times 1e100
    const wide = small.clone();
    wide.column(1).forEach((v, i, c) => (c[i] = v * 1e100));
    const a = new ComBat().fit(small, null, { batch }).transform(small, { batch });
    const b = new ComBat().fit(wide, null, { batch }).transform(wide, { batch });
    expectClose(Array.from(b.column(1), (v) => v / 1e100), Array.from(a.column(1)), 1e-12, 0, 'scaled by 1e100');
    const three = small.selectRows([0, 1, 2]);
    expect(() => new ComBat().fit(three, null, { batch: ['A', 'B', 'C'] })).toThrow(/every batch has a single sample; ComBat needs variation within batches/);
    const refSingle = ['A', 'A', 'B', 'B', 'C'];
    expect(() => new ComBat({ refBatch: 'C' }).fit(small.selectRows([0, 1, 2, 3, 4]), null, { batch: refSingle })).toThrow(/reference batch "C" has a single sample/);
  });

  it('rejects bad options and bad model files', () => {
    expect(() => new ComBat({ parametric: 'yes' as never })).toThrow(ParameterError);
    expect(() => new ComBat({ refbatch: 'A' } as never)).toThrow(/unknown option "refbatch" \(did you mean "refBatch"\?\)/);
    const fitted = new ComBat().fit(small, null, { batch });
    expect(() => fitted.transform(X, { batch })).toThrow(/X has 420 columns, the model was fitted on 4 features/);
    const json = fitted.toJSON() as Record<string, unknown>;
    expect(() => FittedComBat.fromJSON({ ...json, gammaStar: [[1, 2]] })).toThrow(ModelFormatError);
    expect(() => FittedComBat.fromJSON({ ...json, kind: 'FittedImputer' })).toThrow(/model kind is "FittedImputer"/);
  });

  it('fit is deterministic and does not mutate its input', () => {
    const copy = small.clone();
    const a = new ComBat({ parametric: false }).fit(small, null, { batch }).transform(small, { batch });
    const b = new ComBat({ parametric: false }).fit(small, null, { batch }).transform(small, { batch });
    expect(a.data).toEqual(b.data);
    expect(small.data).toEqual(copy.data);
  });
});

describe('batchEffectDiagnostics', () => {
  it('reports per-batch means and variances and fewer significant batch differences after ComBat', async () => {
    const { batchEffectDiagnostics } = await import('../../src/index.js');
    const after = new ComBat().fit(X, null, { batch, featureNames: features }).transform(X, { batch });
    const d = batchEffectDiagnostics(X, after, batch, features);
    expect(d.batches).toEqual(['A', 'B', 'C']);
    expect(d.batchSizes).toEqual([30, 28, 26]);
    expect(d.before.shareAnovaSignificant).toBeGreaterThan(0.5);
    expect(d.after.shareAnovaSignificant).toBeLessThan(0.05);
    expect(d.after.shareKruskalSignificant).toBeLessThan(d.before.shareKruskalSignificant);
    // without shrinkage (eb: false, no covariates) every batch mean equals the grand mean up to rounding
    const plain = batchEffectDiagnostics(X, new ComBat({ eb: false }).fit(X, null, { batch, featureNames: features }).transform(X, { batch }), batch, features);
    for (let j = 0; j < 5; j++) {
      expect(Math.abs(plain.after.mean[0][j] - plain.after.mean[1][j])).toBeLessThan(1e-12 * (1 + Math.abs(plain.after.mean[0][j])));
      expect(Math.abs(plain.after.variance[0][j] - plain.after.variance[2][j])).toBeLessThan(1e-12 * plain.after.variance[0][j]);
    }
    expectClose([d.before.mean[0][0]], [batch.reduce((s, b, i) => s + (b === 'A' ? X.get(i, 0) : 0), 0) / 30], 1e-14, 0, 'mean');
  });
});

describe('a batch with a single sample: mean-only for the run, as sva::ComBat 3.46 (rtol 1e-8)', () => {
  const single = golden('combat-single.json');
  const Xs = Matrix64.fromColumns(single.x, { columnNames: single.features });
  for (const [variant, options] of [
    ['parametric', {}],
    ['nonparametric', { parametric: false }],
  ] as const) {
    it(variant, () => {
      const fitted = new ComBat(options).fit(Xs, null, { batch: single.batch });
      expect(fitted.options.meanOnly).toBe(true);
      expect(fitted.diagnostics.warnings.join(' ')).toMatch(/batch "Z" has only one sample; meanOnly set for this fit/);
      const out = fitted.transform(Xs, { batch: single.batch });
      single.features.forEach((name: string, j: number) => expectClose(out.column(j), single[variant][j], 1e-8, 1e-10, name));
    });
  }
});
