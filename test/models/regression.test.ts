import { describe, expect, it } from 'vitest';
import { CoxPH, DataError, FittedCoxPH, FittedLogisticRegression, LogisticRegression, Matrix64 } from '../../src/index.js';
import { expectClose, golden } from '../helpers/golden.js';

const ref = golden('models.json');

describe('LogisticRegression agrees with glm (rtol 1e-6)', () => {
  for (const [name, yKey] of [
    ['pbc', 'event'],
    ['hcc', 'y'],
  ] as const) {
    it(name, () => {
      const d = ref[name];
      const X = Matrix64.fromColumns(d.x);
      const fit = new LogisticRegression().fit(X, d[yKey]);
      const r = d.logistic;
      const rows = fit.summary();
      expectClose(rows.map((x) => x.estimate), r.coef, 1e-6, 0, 'coef');
      expectClose(rows.map((x) => x.se), r.se, 1e-6, 0, 'se');
      expectClose(rows.map((x) => x.z), r.z, 1e-6, 0, 'z');
      expectClose(rows.map((x) => x.p), r.p, 1e-6, 0, 'p');
      expectClose(rows.map((x) => x.lower), r.lower, 1e-6, 0, 'lower');
      expectClose([fit.logLik, fit.aic, -2 * fit.nullLogLik], [r.loglik, r.aic, r.null_deviance], 1e-6, 0, 'logLik, AIC, null deviance');
      expect(rows[0].term).toBe('(Intercept)');
      const loaded = FittedLogisticRegression.fromJSON(JSON.parse(JSON.stringify(fit.toJSON())));
      expect(loaded.predictProbability(X)).toEqual(fit.predictProbability(X));
    });
  }
});

describe('CoxPH agrees with coxph (rtol 1e-6)', () => {
  const d = ref.pbc;
  const X = Matrix64.fromColumns(d.x);
  for (const ties of ['efron', 'breslow'] as const) {
    it(ties, () => {
      const fit = new CoxPH({ ties }).fit(X, { time: d.time, event: d.event }, { featureNames: ['age', 'logbili', 'logalb', 'logpro', 'edema'] });
      const r = d[ties];
      const rows = fit.summary();
      expectClose(rows.map((x) => x.estimate), r.coef, 1e-6, 0, 'coef');
      expectClose(rows.map((x) => x.ratio), r.coef.map(Math.exp), 1e-6, 0, 'exp(coef)');
      expectClose(rows.map((x) => x.se), r.se, 1e-6, 0, 'se');
      expectClose(rows.map((x) => x.z), r.z, 1e-6, 0, 'z');
      expectClose(rows.map((x) => x.p), r.p, 1e-6, 1e-300, 'p');
      expectClose(rows.map((x) => x.ratioLower), r.lower, 1e-6, 0, 'lower .95');
      expectClose(rows.map((x) => x.ratioUpper), r.upper, 1e-6, 0, 'upper .95');
      expectClose(rows.map((x) => x.lower), r.lower.map(Math.log), 1e-6, 0, 'lower (coefficient scale)');
      expectClose(fit.logLik, r.loglik, 1e-6, 0, 'loglik');
      expectClose([fit.tests!.likelihoodRatio.chisq, fit.tests!.wald.chisq, fit.tests!.score.chisq], [r.lr[0], r.wald[0], r.score[0]], 1e-6, 0, 'tests');
      expectClose([fit.concordance.estimate, fit.concordance.se], [r.concordance, r.concordance_se], 1e-6, 0, 'concordance');
      const loaded = FittedCoxPH.fromJSON(JSON.parse(JSON.stringify(fit.toJSON())));
      expect(loaded.linearPredictor(X)).toEqual(fit.linearPredictor(X));
      // baseline survival and predictions as survfit.coxph
      const b = d.baseline[ties];
      expectClose(fit.baseline.time, b.time, 0, 0, 'baseline times');
      expectClose(fit.baseline.cumhaz, b.cumhaz, 1e-6, 0, 'cumulative hazard');
      const patients = X.selectRows((b.rows as number[]).map((r) => r - 1));
      const predicted = fit.survivalAt(patients, b.times);
      expect([predicted.rows, predicted.cols]).toEqual([patients.rows, b.times.length]);
      (b.times as number[]).forEach((t, k) => expectClose(predicted.column(k), (b.predicted as number[][]).map((row) => row[k]), 1e-6, 0, `survival at ${t}`));
      expect(loaded.survivalAt(patients, b.times).data).toEqual(predicted.data);
      // the risk score is coxph's centred linear predictor
      const lp = fit.linearPredictor(patients);
      const centre = fit.means.reduce((s, m, j) => s + m * fit.coefficients[j], 0);
      expect(Array.from(fit.riskScore(patients))).toEqual(Array.from(lp, (v) => v - centre));
    });
  }
});

describe('model input checks and separation', () => {
  it('reports separation and Firth gives finite estimates', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    const y = [0, 0, 0, 0, 1, 1, 1, 1];
    const X = Matrix64.fromColumns([x]);
    const ml = new LogisticRegression().fit(X, y);
    expect(ml.diagnostics.warnings.join(' ')).toMatch(/separation/);
    const firth = new LogisticRegression({ firth: true }).fit(X, y);
    expect(Number.isFinite(firth.coefficients[1])).toBe(true);
    expect(firth.coefficients[1]).toBeGreaterThan(0);
    expect(firth.coefficients[1]).toBeLessThan(5);
    expect(firth.diagnostics.warnings).toEqual([]);
  });

  it('a Cox model with a single event fits (monotone likelihood reported); one without covariates has no tests', () => {
    const X = Matrix64.fromColumns([[1, 3, 2, 5, 4, 6, 8, 7]]);
    const time = [1, 2, 3, 4, 5, 6, 7, 8];
    const one = new CoxPH().fit(X, { time, event: [0, 0, 1, 0, 0, 0, 0, 0] });
    expect(one.nEvents).toBe(1);
    expect(one.diagnostics.warnings.join(' ')).toMatch(/monotone likelihood/);
    expect(JSON.stringify(one.toJSON())).not.toMatch(/NaN/);
    const none = new CoxPH().fit(new Matrix64(8, 0), { time, event: [1, 0, 1, 1, 0, 1, 0, 1] });
    expect(none.tests).toBeNull();
    expect(FittedCoxPH.fromJSON(JSON.parse(JSON.stringify(none.toJSON()))).tests).toBeNull();
    expect(Array.from(none.riskScore(new Matrix64(2, 0)))).toEqual([0, 0]);
  });

  it('errors: one class, no events, collinear design', () => {
    const X = Matrix64.fromColumns([[1, 2, 3, 4]]);
    expect(() => new LogisticRegression().fit(X, [0, 0, 0, 0])).toThrow(/only one class/);
    expect(() => new CoxPH().fit(X, { time: [1, 2, 3, 4], event: [0, 0, 0, 0] })).toThrow(/no events/);
    const collinear = Matrix64.fromColumns([[1, 2, 3, 4, 5, 6], [2, 4, 6, 8, 10, 12]]);
    expect(() => new LogisticRegression().fit(collinear, [0, 1, 0, 1, 1, 0])).toThrow(DataError);
  });
});

describe('features beyond 2^+-100 in magnitude are fitted, as glm and coxph fit them (exactly rescaled)', () => {
  const d = ref.pbc;
  const X = Matrix64.fromColumns(d.x);
  const scaledBy = (factor: number) => Matrix64.fromColumns(d.x.map((c: number[], j: number) => (j === 1 ? c.map((v) => v * factor) : c)));

  it('logistic (IRLS and Firth) and Cox: coefficients times the factor, the same se ratios, z, p, fit and predictions', () => {
    for (const factor of [1e120, 1e-120]) {
      const S = scaledBy(factor);
      const pairs = [
        [new LogisticRegression().fit(X, d.event).summary(), new LogisticRegression().fit(S, d.event).summary()],
        [new LogisticRegression({ firth: true }).fit(X, d.event).summary(), new LogisticRegression({ firth: true }).fit(S, d.event).summary()],
        [new CoxPH().fit(X, { time: d.time, event: d.event }).summary(), new CoxPH().fit(S, { time: d.time, event: d.event }).summary()],
      ];
      for (const [a, b] of pairs) {
        const j = a.length - X.cols + 1; // the scaled feature's row
        expectClose(b.map((r, k) => (k === j ? r.estimate * factor : r.estimate)), a.map((r) => r.estimate), 1e-9, 1e-12, `estimate x ${factor}`);
        expectClose(b.map((r, k) => (k === j ? r.se * factor : r.se)), a.map((r) => r.se), 1e-9, 1e-12, `se x ${factor}`);
        expectClose(b.map((r, k) => (k === j ? r.lower * factor : r.lower)), a.map((r) => r.lower), 1e-6, 1e-12, `lower x ${factor}`);
        expectClose(b.map((r) => r.p), a.map((r) => r.p), 1e-8, 1e-15, `p x ${factor}`);
      }
      const firthA = new LogisticRegression({ firth: true }).fit(X, d.event);
      const firthB = new LogisticRegression({ firth: true }).fit(S, d.event);
      // (Firth's penalty, half the log-determinant of the information, grows by log(factor) with the column, as logistf's)
      const shift = Math.log(factor);
      expectClose([firthB.penalizedLogLik! - shift, firthB.nullPenalizedLogLik! - shift], [firthA.penalizedLogLik!, firthA.nullPenalizedLogLik!], 1e-9, 0, `Firth penalized log-likelihoods x ${factor}`);
      const cox = new CoxPH().fit(S, { time: d.time, event: d.event });
      expectClose(cox.riskScore(S), Array.from(new CoxPH().fit(X, { time: d.time, event: d.event }).riskScore(X)), 1e-9, 1e-12, 'risk');
      expect(Array.from(cox.survivalAt(S, [1000]).data).every(Number.isFinite)).toBe(true);
      expectClose(new LogisticRegression().fit(S, d.event).predictProbability(S), Array.from(new LogisticRegression().fit(X, d.event).predictProbability(X)), 1e-9, 1e-15, 'probability');
    }
    // variances that are no double (R reports a standard error of 0 and p = 0 there)
    const featureNames = d.x.map((_: number[], j: number) => `x${j + 1}`);
    expect(() => new LogisticRegression().fit(scaledBy(1e200), d.event, { featureNames })).toThrow(/LogisticRegression.fit: the coefficient of x2 or its variance is beyond double precision/);
    expect(() => new CoxPH().fit(scaledBy(1e-200), { time: d.time, event: d.event }, { featureNames })).toThrow(/CoxPH.fit: the coefficient of x2 or its variance is beyond double precision/);
  });
});

describe('coxZph agrees with survival::cox.zph (rtol 1e-6)', () => {
  const d = ref.pbc;
  const X = Matrix64.fromColumns(d.x);
  for (const [key, ties, transform] of [
    ['efron_km', 'efron', 'km'],
    ['breslow_km', 'breslow', 'km'],
    ['efron_identity', 'efron', 'identity'],
    ['efron_rank', 'efron', 'rank'],
  ] as const) {
    it(key, async () => {
      const { coxZph } = await import('../../src/index.js');
      const fit = new CoxPH({ ties }).fit(X, { time: d.time, event: d.event }, { featureNames: ['age', 'logbili', 'logalb', 'logpro', 'edema'] });
      const z = coxZph(fit, X, { time: d.time, event: d.event }, { transform });
      const r = d.zph[key];
      expectClose([...z.terms.map((t) => t.chisq), z.global.chisq], r.chisq, 1e-6, 0, 'chisq');
      expectClose([...z.terms.map((t) => t.p), z.global.p], r.p, 1e-6, 0, 'p');
      expect([...z.terms.map((t) => t.df), z.global.df]).toEqual(r.df);
    });
  }
});

describe('Firth logistic regression agrees with the penalized likelihood maximized in R (logistf\'s definitions)', () => {
  const firthRef = golden('firth.json');
  for (const name of ['hcc', 'separated'] as const) {
    it(name, () => {
      const d = firthRef[name];
      const X = Matrix64.fromColumns(d.x);
      const fit = new LogisticRegression({ firth: true }).fit(X, firthRef.y);
      const r = d.firth;
      const rows = fit.summary();
      expect(fit.converged).toBe(true);
      expectClose(rows.map((x) => x.estimate), r.coef, 1e-6, 1e-9, 'coef');
      expectClose(rows.map((x) => x.se), r.se, 1e-6, 0, 'se');
      expectClose([fit.penalizedLogLik!, fit.nullPenalizedLogLik!], [r.loglik, r.null_loglik], 1e-8, 0, 'penalized logLik, null');
      expectClose(fit.profile!.map((x) => x.chisq), r.chisq, 1e-6, 1e-9, 'penalized LR chisq');
      expectClose(rows.map((x) => x.p), r.p, 1e-6, 1e-300, 'p');
      expectClose(rows.map((x) => x.lower), r.lower, 1e-6, 1e-9, 'profile lower');
      expectClose(rows.map((x) => x.upper), r.upper, 1e-6, 1e-9, 'profile upper');
      expectClose([fit.lrTest!.chisq, fit.lrTest!.p], [r.lr.chisq, r.lr.p], 1e-6, 0, 'model test');
      expect(fit.lrTest!.df).toBe(r.lr.df);
      const loaded = FittedLogisticRegression.fromJSON(JSON.parse(JSON.stringify(fit.toJSON())));
      expect(loaded.summary()).toEqual(rows);
    });
  }

  it('maximum likelihood diverges on the separated data; Firth stays finite', () => {
    const d = firthRef.separated;
    const X = Matrix64.fromColumns(d.x);
    const ml = new LogisticRegression().fit(X, firthRef.y);
    expect(ml.diagnostics.warnings.join(' ')).toMatch(/separation/);
    expect(Math.abs(ml.coefficients[1])).toBeGreaterThan(10);
    expect(d.glm_coef_sep).toBeGreaterThan(10);
  });
});

describe('collinear columns (issue 20)', () => {
  // glm and coxph keep the earlier of two collinear columns (R's QR, tol 1e-7, in column order) and report NA for the later one
  const n = 30;
  const a = Array.from({ length: n }, (_, i) => Math.sin(i + 1));
  const c = Array.from({ length: n }, (_, i) => Math.cos(3 * i));
  const y = Array.from({ length: n }, (_, i) => (a[i] + c[i] + 0.3 * Math.sin(7 * i) > 0 ? 1 : 0));
  const time = Array.from({ length: n }, (_, i) => 10 + i);
  const event = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : 1));
  const rows = (cols: number[][]) => Array.from({ length: n }, (_, i) => cols.map((col) => col[i]));
  it('the later of two proportional columns is named, whichever order they come in', () => {
    const twice = a.map((v) => 2 * v);
    expect(() => new LogisticRegression().fit(rows([a, c, twice]), y, { featureNames: ['a', 'c', 'a2'] })).toThrow(/singular: feature "a2" is constant or a linear combination of the columns before \(glm would report NA for it\)/);
    expect(() => new LogisticRegression().fit(rows([twice, c, a]), y, { featureNames: ['a2', 'c', 'a'] })).toThrow(/singular: feature "a" is constant/);
    expect(() => new CoxPH().fit(rows([a, c, twice]), { time, event }, { featureNames: ['a', 'c', 'a2'] })).toThrow(/collinear: feature "a2" is constant or a linear combination of the columns before \(coxph would report NA for it\)/);
  });
  it('a constant column is aliased with the intercept (logistic) and the baseline hazard (Cox)', () => {
    const one = a.map(() => 5);
    expect(() => new LogisticRegression().fit(rows([a, one]), y, { featureNames: ['a', 'k'] })).toThrow(/feature "k" is constant/);
    expect(() => new CoxPH().fit(rows([one, a]), { time, event }, { featureNames: ['k', 'a'] })).toThrow(/feature "k" is constant/);
  });
});
