/**
 * Tampered or corrupt model files are refused on load with one error naming the field (issue 14).
 */
import { describe, expect, it } from 'vitest';
import { ComBat, CoxPH, ElasticNet, FittedComBat, FittedCoxPH, FittedElasticNet, FittedImputer, FittedLogisticRegression, Imputer, LogisticRegression, Matrix64, ModelFormatError, Rng } from '../../src/index.js';

const rng = new Rng(5);
const n = 60;
const X = Matrix64.fromColumns(Array.from({ length: 4 }, () => Float64Array.from({ length: n }, () => rng.normal())));
const batch = Array.from({ length: n }, (_, i) => ['A', 'B', 'C'][i % 3]);
const y = Array.from({ length: n }, (_, i) => (X.get(i, 0) + rng.normal() > 0 ? 1 : 0));
const time = Array.from({ length: n }, () => 1 + rng.exponential(0.1));
const event = Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 0 : 1));

/** A JSON copy with one change. */
function tamper(model: { toJSON(): object }, edit: (json: Record<string, any>) => void): unknown {
  const json = JSON.parse(JSON.stringify(model.toJSON()));
  edit(json);
  return json;
}

function refusal(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFormatError);
    expect((error as Error).message.split('\n').length).toBe(1);
    return (error as Error).message;
  }
  throw new Error('loaded a tampered model');
}

describe('model files: each kind checks its own invariants on load', () => {
  const combat = new ComBat().fit(X, null, { batch });
  it('ComBat: pooled variances, batch scales, levels and sizes', () => {
    expect(refusal(() => FittedComBat.fromJSON(tamper(combat, (j) => (j.varPooled[1] = 0))))).toMatch(/FittedComBat\.fromJSON: varPooled\[1\] must be positive for the adjusted feature "x2", got 0/);
    expect(refusal(() => FittedComBat.fromJSON(tamper(combat, (j) => (j.deltaStar[0][2] = -1))))).toMatch(/deltaStar\[0\]\[2\] must be positive \(a batch scale\), got -1/);
    expect(refusal(() => FittedComBat.fromJSON(tamper(combat, (j) => (j.levels = ['A', 'B', 'Q']))))).toMatch(/batches\[2\]\.level must be "Q", got "C"/);
    expect(refusal(() => FittedComBat.fromJSON(tamper(combat, (j) => (j.batchSizes[0] = 1e12))))).toMatch(/batchSizes\[0\] must be a positive count, got 1000000000000/);
    expect(refusal(() => FittedComBat.fromJSON(tamper(combat, (j) => (j.levels = ['A', 'A', 'C']))))).toMatch(/levels must not repeat a level/);
    expect(FittedComBat.fromJSON(tamper(combat, () => {})).transform(X, { batch }).data).toEqual(combat.transform(X, { batch }).data);
  });

  it('Cox: baseline hazard increasing in time and non-decreasing; counts', () => {
    const cox = new CoxPH().fit(X, { time, event });
    expect(refusal(() => FittedCoxPH.fromJSON(tamper(cox, (j) => j.baseline.cumhaz.reverse())))).toMatch(/baseline\.cumhaz must be non-decreasing/);
    expect(refusal(() => FittedCoxPH.fromJSON(tamper(cox, (j) => j.baseline.time.reverse())))).toMatch(/baseline\.time must be strictly increasing/);
    expect(refusal(() => FittedCoxPH.fromJSON(tamper(cox, (j) => (j.nEvents = 999))))).toMatch(/nEvents must be a count between 0 and 60, got 999/);
    expect(refusal(() => FittedCoxPH.fromJSON(tamper(cox, (j) => (j.covariance[0] = -2))))).toMatch(/covariance has a negative variance/);
    expect(refusal(() => FittedCoxPH.fromJSON(tamper(cox, (j) => ((j.coefficients[0] = 1e308), (j.means[0] = 100)))))).toMatch(/means'coefficients \(the centre of the linear predictor\) is not a finite number/);
  });

  it('logistic, elastic net and imputer', () => {
    const logistic = new LogisticRegression().fit(X, y);
    expect(refusal(() => FittedLogisticRegression.fromJSON(tamper(logistic, (j) => (j.covariance[6] = -1))))).toMatch(/covariance has a negative variance on its diagonal \(entry 2/);
    const path = new ElasticNet({ nLambda: 10 }).fit(X, y);
    expect(refusal(() => FittedElasticNet.fromJSON(tamper(path, (j) => j.lambda.reverse())))).toMatch(/lambda must be strictly decreasing/);
    expect(refusal(() => FittedElasticNet.fromJSON(tamper(path, (j) => (j.options.alpha = 3))))).toMatch(/options\.alpha must be between 0 and 1, got 3/);
    const imputer = new Imputer().fit(X);
    expect(refusal(() => FittedImputer.fromJSON(tamper(imputer, (j) => (j.trainingMissing[0] = -4))))).toMatch(/trainingMissing\[0\] must be a count/);
  });
});
