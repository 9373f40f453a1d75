import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aucDeLong, calibration, DataError, delongTest, hosmerLemeshow, netBenefit, rocCurve, youdenThreshold } from '../../src/index.js';
import { expectClose, golden } from '../helpers/golden.js';

const ref = golden('binary-metrics.json');

describe('binary metrics agree with pROC and rms::val.prob', () => {
  for (const name of ['hcc', 'crlm']) {
    const r = ref[name];
    it(`${name}: AUC, DeLong CI and paired roc.test (rtol 1e-8)`, () => {
      const a = aucDeLong(r.p1, r.y);
      expectClose([a.estimate, a.lower, a.upper], [r.auc, ...r.ci], 1e-8, 0, 'auc');
      const a90 = aucDeLong(r.p1, r.y, 0.9);
      expectClose([a90.lower, a90.upper], r.ci90, 1e-8, 0, 'auc 90%');
      const t = delongTest(r.p1, r.p2, r.y);
      expectClose([t.auc2, t.z, t.p], [r.auc2, r.delong.z, r.delong.p], 1e-8, 0, 'roc.test');
    });
    it(`${name}: Youden threshold with sensitivity, specificity, PPV, NPV (rtol 1e-12)`, () => {
      const y = youdenThreshold(r.p1, r.y);
      const e = r.youden;
      expectClose([y.threshold, y.sensitivity, y.specificity, y.ppv, y.npv], [e.threshold, e.sensitivity, e.specificity, e.ppv, e.npv], 1e-12, 0, 'youden');
    });
    it(`${name}: Brier, calibration intercept and slope, Spiegelhalter (rtol 1e-6), Hosmer-Lemeshow`, () => {
      const c = calibration(r.p1, r.y);
      const v = r.val_prob;
      expectClose([c.brier, c.recalibrationIntercept!, c.calibrationSlope!, c.spiegelhalterZ!, c.spiegelhalterP!], [v.Brier, v.Intercept, v.Slope, v['S:z'], v['S:p']], 1e-6, 0, 'val.prob');
      expectClose([c.calibrationIntercept!], [r.calibration_in_the_large], 1e-8, 0, 'calibration in the large');
      expectClose([c.emax, c.e90, c.eavg], [v.Emax, v.E90, v.Eavg], 1e-8, 0, 'Emax, E90, Eavg (LOWESS)');
      expect(c.warnings).toEqual([]);
      expectClose([c.hosmerLemeshow.chisq!, c.hosmerLemeshow.df!, c.hosmerLemeshow.p!], [r.hosmer_lemeshow.chisq, r.hosmer_lemeshow.df, r.hosmer_lemeshow.p], 1e-10, 0, 'HL');
    });
    it(`${name}: net benefit (rtol 1e-10)`, () => {
      const nb = netBenefit(r.p1, r.y, r.net_benefit.map((x: { threshold: number }) => x.threshold));
      expectClose(nb.map((x) => x.model), r.net_benefit.map((x: { model: number }) => x.model), 1e-10, 1e-15, 'model');
      expectClose(nb.map((x) => x.treatAll), r.net_benefit.map((x: { treatAll: number }) => x.treatAll), 1e-10, 1e-15, 'treat all');
    });
  }
});

describe('Hosmer-Lemeshow with tied predictions', () => {
  it('leaves empty decile groups out of the statistic and its degrees of freedom (rtol 1e-10)', () => {
    // R 4 (base only): quantile breaks 0.1 0.2 0.35 0.4 0.45 0.5 0.55 0.6; (0.4,0.45] and (0.5,0.55] are empty
    //   g <- droplevels(cut(p, unique(quantile(p, seq(0, 1, 0.1))), include.lowest = TRUE))
    //   e1 <- tapply(p, g, sum); e0 <- tapply(1 - p, g, sum)
    //   chisq <- sum((tapply(y, g, sum) - e1)^2 / e1 + (tapply(1 - y, g, sum) - e0)^2 / e0)
    //   df <- nlevels(g) - 2; pchisq(chisq, df, lower.tail = FALSE)
    // gives chisq 6.6060239195832402, df 3, p 0.085573664310653386 (without droplevels, R gives NA)
    const y = [0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0];
    const p = [0.1, 0.1, 0.2, 0.2, 0.2, 0.4, 0.4, 0.5, 0.5, 0.5, 0.1, 0.4, 0.2, 0.6, 0.6, 0.3];
    const hl = hosmerLemeshow(p, y);
    expect(hl.groups).toBe(5);
    expect(hl.df).toBe(3);
    expectClose([hl.chisq!, hl.p!], [6.6060239195832402, 0.085573664310653386], 1e-10, 0, 'HL');
  });
});

describe('binary metric properties', () => {
  const data = fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { minLength: 4, maxLength: 60 }).filter((d) => d.some((x) => x[1]) && d.some((x) => !x[1]));
  it('AUC equals Mann-Whitney U / (n1 n0)', () => {
    fc.assert(
      fc.property(data, (d) => {
        const score = d.map((x) => x[0]);
        const y = d.map((x) => (x[1] ? 1 : 0));
        let u = 0;
        let n1 = 0;
        let n0 = 0;
        for (let i = 0; i < d.length; i++) {
          if (y[i] === 1) n1++;
          else n0++;
          if (y[i] !== 1) continue;
          for (let j = 0; j < d.length; j++) if (y[j] === 0) u += score[i] > score[j] ? 1 : score[i] === score[j] ? 0.5 : 0;
        }
        expect(Math.abs(aucDeLong(score, y).estimate - u / (n1 * n0))).toBeLessThan(1e-12);
      }),
    );
  });

  it('stratified bootstrap interval is reproducible by seed and close to DeLong\'s', async () => {
    const { aucBootstrap } = await import('../../src/index.js');
    const r = ref.crlm;
    const a = aucBootstrap(r.p1, r.y, { seed: 3, resamples: 2000 });
    expect(aucBootstrap(r.p1, r.y, { seed: 3, resamples: 2000 })).toEqual(a);
    expect(a.estimate).toBe(aucDeLong(r.p1, r.y).estimate);
    expect(Math.abs(a.lower - r.ci[0])).toBeLessThan(0.02);
    expect(Math.abs(a.upper - r.ci[1])).toBeLessThan(0.02);
  });

  it('ROC curve runs from (sensitivity 1, specificity 0) to (0, 1)', () => {
    const roc = rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
    expect(roc.sensitivity[0]).toBe(1);
    expect(roc.specificity[0]).toBe(0);
    expect(roc.sensitivity.at(-1)).toBe(0);
    expect(roc.specificity.at(-1)).toBe(1);
  });

  it('bad input', () => {
    expect(() => aucDeLong([0.1, 0.2], [1, 1])).toThrow(DataError);
    expect(() => aucDeLong([0.1, 0.2], [1, 2])).toThrow(/outcome must be 0 or 1/);
    expect(() => calibration([-0.1, 0.5, 0.5], [0, 1, 1])).toThrow(/between 0 and 1, got -0.1/);
    expect(() => aucDeLong([0.1, NaN], [0, 1])).toThrow(/missing or infinite/);
  });
});
