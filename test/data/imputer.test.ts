import { describe, expect, it } from 'vitest';
import { DataError, FittedImputer, Imputer, Matrix64, ModelFormatError, ParameterError } from '../../src/index.js';

describe('Imputer', () => {
  const train = Matrix64.fromRows([
    [1, 10],
    [NaN, 20],
    [3, NaN],
    [4, 40],
  ]);

  it('learns medians (R definition) and means on training rows only', () => {
    const med = new Imputer().fit(train, null, { featureNames: ['a', 'b'] });
    expect(Array.from(med.fill)).toEqual([3, 20]);
    const mean = new Imputer({ strategy: 'mean' }).fit(train, null, { featureNames: ['a', 'b'] });
    expect(Array.from(mean.fill)).toEqual([8 / 3, 70 / 3]);
    const test = Matrix64.fromRows([[NaN, NaN], [7, 8]]);
    expect(med.transform(test).toRows()).toEqual([
      [3, 20],
      [7, 8],
    ]);
    expect(Number.isNaN(test.get(0, 0))).toBe(true); // input not mutated
    expect(med.summary()).toEqual([
      { feature: 'a', fill: 3, missingInTraining: 1 },
      { feature: 'b', fill: 20, missingInTraining: 1 },
    ]);
  });

  it('round-trips through JSON and predicts identically', () => {
    const fitted = new Imputer().fit(train, null, { featureNames: ['a', 'b'] });
    const loaded = FittedImputer.fromJSON(JSON.parse(JSON.stringify(fitted)));
    expect(loaded.transform(train).data).toEqual(fitted.transform(train).data);
    expect(() => FittedImputer.fromJSON({ ...fitted.toJSON(), kind: 'FittedComBat' })).toThrow(ModelFormatError);
    expect(() => FittedImputer.fromJSON({ ...fitted.toJSON(), fill: [1] })).toThrow(/fill must be an array of 2 numbers/);
  });

  it('rejects bad options and data', () => {
    expect(() => new Imputer({ strategy: 'mode' as never })).toThrow(ParameterError);
    expect(() => new Imputer({ stratgy: 'mean' } as never)).toThrow(/unknown option "stratgy" \(did you mean "strategy"\?\)/);
    expect(() => new Imputer().fit(Matrix64.fromRows([[NaN], [NaN]]), null, { featureNames: ['x'] })).toThrow(/feature "x" has no present values/);
    const infinite = Matrix64.fromRows([[1], [Infinity], [NaN], [3]]);
    expect(() => new Imputer({ strategy: 'mean' }).fit(infinite, null, { featureNames: ['x'] })).toThrow(/feature "x" has infinite values, so its mean \(the fill value\) is not finite/);
    expect(new Imputer().fit(infinite, null, { featureNames: ['x'] }).fill[0]).toBe(3); // the median of 1, 3, Infinity
    expect(() => new Imputer().fit(train, null, { featureNames: ['a', 'b'] }).transform(Matrix64.zeros(2, 3))).toThrow(DataError);
  });
});
