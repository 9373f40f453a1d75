/**
 * Regression tests of the estimator-contract issue: typed arrays wherever arrays are, plain-JSON
 * results, glmnet's cross-validation safeguards, degenerate inputs without NaN, the conveniences
 * (stratified splits, nonzero features, signatures, display labels).
 */
import { describe, expect, it } from 'vitest';
import {
  BinarySignature,
  calibration,
  kaplanMeier,
  rocCurve,
  crossValidateElasticNet,
  DataError,
  ElasticNet,
  hosmerLemeshow,
  LogisticRegression,
  Matrix64,
  nomogramData,
  Rng,
  stabilitySelection,
  tickLabels,
  toMatrix,
} from '../src/index.js';

function simulate(seed: number, n: number, p: number, positives?: number) {
  const rng = new Rng(seed);
  const X = Matrix64.fromColumns(Array.from({ length: p }, () => Float64Array.from({ length: n }, () => rng.normal())));
  const y = Float64Array.from({ length: n }, (_, i) => (rng.next() < 1 / (1 + Math.exp(-(1.5 * X.get(i, 0) - X.get(i, 1)))) ? 1 : 0));
  if (positives !== undefined) {
    y.fill(0);
    for (let i = 0; i < positives; i++) y[i * 3] = 1;
  }
  return { X, y };
}

describe('typed arrays are accepted wherever arrays are', () => {
  it('ElasticNet({ lambda: cv.lambda }) and penaltyFactor as a Float64Array', () => {
    const { X, y } = simulate(1, 120, 8);
    const cv = crossValidateElasticNet(new ElasticNet(), X, y, { nFolds: 5, seed: 2 });
    const refit = new ElasticNet({ lambda: Float64Array.from(cv.lambda), penaltyFactor: new Float64Array(8).fill(1) }).fit(X, y);
    expect(Array.from(refit.lambda)).toEqual(cv.lambda);
    expect(Array.from(refit.beta[10])).toEqual(Array.from(cv.fit.beta[10]));
  });

  it('foldId as an Int32Array from Rng.stratifiedFolds', () => {
    const { X, y } = simulate(3, 100, 5);
    const foldId = new Rng(9).stratifiedFolds(y, 5);
    const a = crossValidateElasticNet(new ElasticNet(), X, y, { foldId });
    const b = crossValidateElasticNet(new ElasticNet(), X, y, { foldId: Array.from(foldId) });
    expect(a.cvm).toEqual(b.cvm);
  });
});

describe('results users save are plain JSON', () => {
  it('cross-validation and stability selection serialize without typed-array objects', () => {
    const { X, y } = simulate(4, 100, 6);
    const cv = crossValidateElasticNet(new ElasticNet(), X, y, { nFolds: 5, seed: 1 });
    const json = JSON.parse(JSON.stringify(cv));
    for (const key of ['lambda', 'cvm', 'cvsd', 'cvup', 'cvlo', 'nzero', 'foldId']) expect(Array.isArray(json[key]), key).toBe(true);
    expect(json.fit.kind).toBe('FittedElasticNet');
    const stable = stabilitySelection(new ElasticNet(), X, y, { lambda: cv.lambda1se, resamples: 5, seed: 1 });
    expect(Array.isArray(JSON.parse(JSON.stringify(stable)).frequency)).toBe(true);
    const p = Float64Array.from(y, (v, i) => 0.2 + 0.5 * v - 0.001 * i);
    const cal = JSON.parse(JSON.stringify(calibration(p, y)));
    expect(Array.isArray(cal.curve.predicted)).toBe(true);
    const roc = JSON.parse(JSON.stringify(rocCurve(p, y)));
    expect(Array.isArray(roc.sensitivity) && Array.isArray(roc.thresholds)).toBe(true);
    const km = JSON.parse(JSON.stringify(kaplanMeier([1, 2, 3, 4], [1, 0, 1, 1])));
    expect(km.survival).toEqual([0.75, 0.75, 0.375, 0]);
    expect(km.lower[3]).toBeNull(); // an undefined interval end is null, not NaN
    expect(kaplanMeier([1, 2], [1, 1]).survival).toBeInstanceOf(Float64Array);
  });
});

describe("cross-validation safeguards, as glmnet's", () => {
  it('AUC with fewer than 10 observations per fold becomes deviance, with glmnet\'s warning', () => {
    const { X, y } = simulate(5, 60, 5);
    const cv = crossValidateElasticNet(new ElasticNet(), X, y, { nFolds: 10, measure: 'auc', seed: 1 });
    expect(cv.measure).toBe('deviance');
    expect(cv.warnings.join('\n')).toMatch(/too few \(< 10\) observations per fold for measure "auc" \(60 observations in 10 folds\); changed to measure "deviance"/);
    const deviance = crossValidateElasticNet(new ElasticNet(), X, y, { nFolds: 10, seed: 1 });
    expect(cv.cvm).toEqual(deviance.cvm);
    // enough rows per fold keeps AUC
    expect(crossValidateElasticNet(new ElasticNet(), X, y, { nFolds: 5, measure: 'auc', seed: 1 }).measure).toBe('auc');
  });

  it('warns of dangerous ground when a class has fewer than 8 observations, and refuses a class of 1', () => {
    const { X, y } = simulate(6, 60, 5, 6);
    const fit = new ElasticNet().fit(X, y);
    expect(fit.diagnostics.warnings.join(' ')).toMatch(/fewer than 8 observations \(6\); dangerous ground/);
    const cv = crossValidateElasticNet(new ElasticNet(), X, y, { nFolds: 3, seed: 1, stratify: true });
    expect(cv.warnings.some((w) => /^fold \d: .*dangerous ground/.test(w))).toBe(true);
    const one = new Float64Array(60);
    one[7] = 1;
    expect(() => new ElasticNet().fit(X, one)).toThrow(/one outcome class has a single observation/);
  });
});

describe('degenerate inputs give null with a reason, never NaN', () => {
  it('calibration of constant predictions', () => {
    const { y } = simulate(7, 80, 2);
    const c = calibration(new Float64Array(80).fill(0.3), y);
    expect(c.calibrationSlope).toBeNull();
    expect(c.recalibrationIntercept).toBeNull();
    expect(Number.isFinite(c.calibrationIntercept!)).toBe(true);
    expect(c.hosmerLemeshow.p).toBeNull();
    expect(c.warnings.join('\n')).toMatch(/every prediction is the same; the calibration slope is undefined/);
    expect(c.warnings.join('\n')).toMatch(/Hosmer-Lemeshow test is undefined \(the predictions fall in 1 group at their deciles; it needs 3\)/);
    expect(c.hosmerLemeshow).toEqual({ chisq: null, df: null, p: null, groups: 1 });
    expect(JSON.stringify(c)).not.toMatch(/NaN|Infinity/);
    for (const v of [c.brier, c.scaledBrier, c.emax, c.e90, c.eavg, c.spiegelhalterZ!]) expect(Number.isFinite(v)).toBe(true);
  });

  it('calibration with predictions of exactly 0 or 1: Brier defined, logit terms null', () => {
    const y = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0];
    const p = [0, 0.1, 1, 0.8, 0.2, 0.7, 0.3, 0.9, 0.6, 0.4];
    const c = calibration(p, y);
    expect(Math.abs(c.brier - p.reduce((s, v, i) => s + (v - y[i]) ** 2, 0) / 10)).toBeLessThan(1e-15);
    expect([c.calibrationIntercept, c.calibrationSlope, c.recalibrationIntercept]).toEqual([null, null, null]);
    expect(c.warnings[0]).toMatch(/2 predicted probabilities are exactly 0 or 1/);
    expect(() => calibration([1.2, 0.1], [1, 0])).toThrow(DataError);
    expect(hosmerLemeshow(p, y, 3).p === null || Number.isFinite(hosmerLemeshow(p, y, 3).p!)).toBe(true);
  });

  it('the intercept-only logistic model has a null likelihood-ratio test, with a warning', () => {
    const { y } = simulate(8, 50, 2);
    const fit = new LogisticRegression().fit(new Matrix64(50, 0), y);
    expect(fit.lrTest).toBeNull();
    expect(fit.diagnostics.warnings[0]).toMatch(/intercept-only model/);
    const mean = y.reduce((s, v) => s + v, 0) / 50;
    // glm's stopping rule (deviance change below 1e-8) leaves the estimate within about 1e-8 of log(p / (1 - p))
    expect(Math.abs(fit.coefficients[0] - Math.log(mean / (1 - mean)))).toBeLessThan(1e-7);
    expect(JSON.stringify(fit.toJSON())).not.toMatch(/NaN/);
  });
});

describe('conveniences', () => {
  it('stratified split keeps the class shares and is seeded', () => {
    const y = Array.from({ length: 100 }, (_, i) => (i < 20 ? 1 : 0));
    const { train, test } = new Rng(42).stratifiedSplit(y, 0.3);
    expect(test.length).toBe(30);
    expect(Array.from(test).filter((i) => y[i] === 1).length).toBe(6);
    expect(train.length + test.length).toBe(100);
    expect(new Set([...train, ...test]).size).toBe(100);
    expect(new Rng(42).stratifiedSplit(y, 0.3).test).toEqual(test);
    expect(() => new Rng(1).stratifiedSplit(y, 1)).toThrow(/strictly between 0 and 1/);
  });

  it('stratified K folds put every class into every fold as evenly as possible', () => {
    const y = Array.from({ length: 53 }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const folds = new Rng(3).stratifiedFolds(y, 5);
    for (let k = 1; k <= 5; k++) {
      const positives = y.filter((v, i) => v === 1 && folds[i] === k).length;
      expect(positives === 2 || positives === 3).toBe(true);
    }
    expect(new Rng(3).stratifiedFolds(['b', 'a', 'b', 'a', 'a', 'b'], 3).length).toBe(6);
  });

  it('nonzero features and a frozen signature at a lambda', () => {
    const { X, y } = simulate(10, 150, 6);
    const named = X.withColumnNames(['a', 'b', 'c', 'd', 'e', 'f']);
    const cv = crossValidateElasticNet(new ElasticNet(), named, y, { nFolds: 5, seed: 1 });
    const nonzero = cv.fit.nonzero(cv.lambda1se);
    expect(nonzero.map((t) => t.name)).toContain('a');
    const signature = cv.fit.signature(cv.lambda1se) as BinarySignature;
    expect(signature.terms).toEqual(nonzero);
    expect(Array.from(signature.linearPredictor(named))).toEqual(Array.from(cv.fit.linearPredictor(named, cv.lambda1se)));
    expect(Array.from(signature.predictProbability(named))).toEqual(Array.from(cv.fit.predictProbability(named, cv.lambda1se)));
    expect(() => cv.fit.signature(-1)).toThrow(/lambda must be a non-negative number/);
  });

  it('nomogram ticks carry display labels without binary round-off', () => {
    expect(tickLabels([0, 0.1, 0.2, 0.30000000000000004])).toEqual(['0.0', '0.1', '0.2', '0.3']);
    expect(tickLabels([0, 20, 40, 60])).toEqual(['0', '20', '40', '60']);
    expect(tickLabels([-0.5, -0, 0.5])).toEqual(['-0.5', '0.0', '0.5']);
    const data = nomogramData([{ name: 'radscore', coefficient: 1.3, values: [-1.2, -0.35, 0.1, 0.7, 1.9, 2.2, 0.05, -0.6, 1.1, 0.3] }]);
    expect(data.axes[0].labels.length).toBe(data.axes[0].values.length);
    expect(data.axes[0].labels.every((l) => !/0000000|9999999/.test(l))).toBe(true);
    expect(data.totalPointsLabels).toEqual(data.totalPoints.map((v) => String(v)));
  });

  it('matrices from rows, columns, number[][] and ml-matrix-like objects', () => {
    const rows = [
      [1, 2],
      [3, 4],
      [5, 6],
    ];
    const a = Matrix64.fromRows(rows, ['u', 'v']);
    expect(a.columnNames).toEqual(['u', 'v']);
    expect(toMatrix('test', rows).data).toEqual(a.data);
    const mlLike = { rows: 3, columns: 2, get: (i: number, j: number) => rows[i][j] };
    expect(toMatrix('test', mlLike).data).toEqual(a.data);
    expect(() => toMatrix('test', [[1, 2], [3]])).toThrow(/row 2 of X has 1 values, expected 2/);
    expect(() => toMatrix('test', [[1, 'x' as unknown as number]])).toThrow(/X\[1, 2\] is "x", expected a number/);
  });
});

describe('a feature name in another Unicode form is named as such, not only as missing', () => {
  it('new data whose column spells the fitted name in NFD', () => {
    const { X, y } = simulate(3, 60, 2);
    const fitted = new LogisticRegression().fit(X.withColumnNames(['Gr\u00f6sse', 'b']), y);
    expect(() => fitted.predictProbability(X.withColumnNames(['Gro\u0308sse', 'b']))).toThrow(
      /X lacks feature "Gr\u00f6sse" that the model was fitted on \(there is "Gro\u0308sse", which looks the same but differs in another Unicode form/,
    );
  });
});
