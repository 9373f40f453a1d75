/**
 * 95% intervals of predicted risks against R (test/reference/prediction-intervals.R): logistic as
 * predict(glm, se.fit = TRUE) on the link scale, Cox survival as summary(survfit(coxph, newdata,
 * se.fit = TRUE), times) with the log interval (baseline hazard variance included), Efron and
 * Breslow ties; the intervals survive a JSON round trip, and a model file without the variance
 * terms is refused for intervals only.
 */
import { describe, expect, it } from 'vitest';
import { CoxPH, FittedCoxPH, FittedLogisticRegression, LogisticRegression, Matrix64 } from '../../src/index.js';
import { expectClose, golden } from '../helpers/golden.js';

const models = golden('models.json');
const ref = golden('prediction-intervals.json');
const rowsOf = (X: Matrix64, rows: number[]) => X.selectRows(rows.map((r) => r - 1));
const columns = (m: Matrix64, row: number) => Array.from({ length: m.cols }, (_, c) => m.get(row, c));

describe('logistic: the interval of a predicted probability equals predict(glm, se.fit = TRUE) (rtol 1e-6)', () => {
  for (const [name, yKey] of [
    ['pbc', 'event'],
    ['hcc', 'y'],
  ] as const) {
    it(name, () => {
      const d = models[name];
      const X = Matrix64.fromColumns(d.x);
      const fit = new LogisticRegression().fit(X, d[yKey]);
      const r = ref[name].logistic;
      const at = rowsOf(X, ref[name].rows);
      const got = FittedLogisticRegression.fromJSON(JSON.parse(JSON.stringify(fit.toJSON()))).probabilityInterval(at);
      expectClose(got.probability, r.probability, 1e-6, 0, 'probability');
      expectClose(got.se, r.se, 1e-6, 0, 'se of the linear predictor');
      expectClose(got.lower, r.lower, 1e-6, 0, 'lower');
      expectClose(got.upper, r.upper, 1e-6, 0, 'upper');
      expect(Array.from(got.probability)).toEqual(Array.from(fit.predictProbability(at)));
    });
  }
});

describe('Cox: the interval of a predicted survival equals survfit(coxph, newdata, se.fit = TRUE) (rtol 1e-6)', () => {
  const d = models.pbc;
  const X = Matrix64.fromColumns(d.x);
  for (const ties of ['efron', 'breslow'] as const) {
    it(ties, () => {
      const fitted = new CoxPH({ ties }).fit(X, { time: d.time, event: d.event }, { featureNames: ['age', 'logbili', 'logalb', 'logpro', 'edema'] });
      const fit = FittedCoxPH.fromJSON(JSON.parse(JSON.stringify(fitted.toJSON())));
      const r = ref.pbc[ties];
      const got = fit.survivalInterval(rowsOf(X, ref.pbc.rows), ref.pbc.times);
      ref.pbc.rows.forEach((_: number, k: number) => {
        expectClose(columns(got.survival, k), r.survival[k], 1e-6, 1e-12, `survival, row ${k}`);
        expectClose(columns(got.se, k), r.se[k], 1e-6, 0, `se of the cumulative hazard, row ${k}`);
        expectClose(columns(got.lower, k), r.lower[k], 1e-6, 1e-12, `lower, row ${k}`);
        expectClose(columns(got.upper, k), r.upper[k], 1e-6, 1e-12, `upper, row ${k}`);
      });
      // the interval's survival is the model's prediction
      expect(got.survival.data).toEqual(fit.survivalAt(rowsOf(X, ref.pbc.rows), ref.pbc.times).data);
    });
  }

  it('before the first event time the survival is 1 with no width; a model file without the variance terms predicts but refuses intervals', () => {
    const fit = new CoxPH().fit(X, { time: d.time, event: d.event });
    const early = fit.survivalInterval(rowsOf(X, [1, 2]), [0.5]);
    expect(Array.from(early.lower.data)).toEqual([1, 1]);
    expect(Array.from(early.upper.data)).toEqual([1, 1]);
    const json = JSON.parse(JSON.stringify(fit.toJSON()));
    delete json.baseline.varhaz;
    delete json.baseline.xbar;
    const old = FittedCoxPH.fromJSON(json);
    expect(old.survivalAt(rowsOf(X, [1]), [1000]).data).toEqual(fit.survivalAt(rowsOf(X, [1]), [1000]).data);
    expect(() => old.survivalInterval(rowsOf(X, [1]), [1000])).toThrow(/saved without the baseline hazard's variance/);
  });
});
