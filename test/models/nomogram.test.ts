import { describe, expect, it } from 'vitest';
import { CoxPH, LogisticRegression, Matrix64 } from '../../src/index.js';
import { coxNomogram, logisticNomogram, nomogramData, nomogramLinearPredictor, type NomogramData } from '../../src/models/nomogram.js';
import { pretty } from '../../src/stats/pretty.js';
import { expectClose, golden } from '../helpers/golden.js';

const ref = golden('nomogram.json');

describe('pretty() as R', () => {
  it('assorted ranges, n = 5 and 10', () => {
    for (const p of ref.pretty) {
      expectClose(pretty(p.range[0], p.range[1]), p.n5, 1e-12, 1e-15, `pretty(${p.range})`);
      expectClose(pretty(p.range[0], p.range[1], 10), p.n10, 1e-12, 1e-15, `pretty(${p.range}, 10)`);
    }
  });
});

describe('nomogram data agree with rms::nomogram (rtol 1e-6)', () => {
  it('axes, points, scale, total points and the linear predictor', () => {
    const [a, bAge, bBili, bEdema] = ref.coef;
    const nom = nomogramData(
      [
        { name: 'age', coefficient: bAge, values: ref.age },
        { name: 'logbili', coefficient: bBili, values: ref.logbili },
        { name: 'edema', coefficient: bEdema, values: ref.edema },
      ],
      a,
    );
    for (const axis of nom.axes) {
      const r = ref.axes[axis.name];
      expectClose(axis.values, r.values, 1e-12, 1e-15, `${axis.name} values`);
      expectClose(axis.points, r.points, 1e-6, 1e-9, `${axis.name} points`);
    }
    expectClose([nom.scale], [ref.scale], 1e-6, 0, 'scale');
    expectClose(nom.totalPoints, ref.total_points, 1e-12, 0, 'total points');
    // the lp axis: points at each lp value
    ref.lp_axis.lp.forEach((lp: number, k: number) => {
      const points = ref.lp_axis.points[k];
      expect(Math.abs(nomogramLinearPredictor(nom, points) - lp)).toBeLessThan(1e-6 * Math.max(1, Math.abs(lp)));
    });
  });
});

function expectAxes(nom: NomogramData, r: any, label: string) {
  for (const axis of nom.axes) {
    expectClose(axis.values, r.axes[axis.name].values, 1e-12, 1e-15, `${label} ${axis.name} values`);
    expectClose(axis.points, r.axes[axis.name].points, 1e-6, 1e-9, `${label} ${axis.name} points`);
  }
  expectClose([nom.scale], [r.scale], 1e-6, 0, `${label} scale`);
  expectClose(nom.totalPoints, r.total_points, 1e-12, 0, `${label} total points`);
}

describe('nomograms of fitted models agree with rms::nomogram (rtol 1e-6)', () => {
  const X = Matrix64.fromColumns([ref.age, ref.logbili, ref.edema]);
  const names = ['age', 'logbili', 'edema'];

  it('logistic: predicted-risk axis as fun = plogis', () => {
    const fit = new LogisticRegression().fit(X, ref.event, { featureNames: names });
    const nom = logisticNomogram(fit, X);
    expectAxes(nom, ref, 'lrm');
    expect(nom.functionAxes[0].name).toBe('Risk');
    expectClose(nom.functionAxes[0].values, ref.risk.values, 1e-12, 0, 'risk ticks');
    expectClose(nom.functionAxes[0].points, ref.risk.points, 1e-6, 0, 'risk points');
    expectClose(nom.lpAxis.lp, ref.lp_axis.lp, 1e-12, 1e-15, 'lp axis');
    expectClose(nom.lpAxis.points, ref.lp_axis.points, 1e-6, 1e-9, 'lp axis points');
  });

  it('penalized coefficients (lrm penalty = 5) scale the same way', () => {
    const r = ref.penalized;
    const nom = nomogramData(
      names.map((name, j) => ({ name, coefficient: r.coef[j + 1], values: X.column(j) })),
      r.coef[0],
      { functions: [{ name: 'Risk', fun: (lp) => 1 / (1 + Math.exp(-lp)) }] },
    );
    expectAxes(nom, r, 'penalized lrm');
    expectClose(nom.functionAxes[0].points, r.risk.points, 1e-6, 0, 'penalized risk points');
  });

  it('Cox: centred linear predictor and 5- and 10-year survival axes as cph + Survival()', () => {
    const fit = new CoxPH().fit(X, { time: ref.time, event: ref.event }, { featureNames: names });
    const r = ref.cox;
    expectClose(fit.coefficients, r.coef, 1e-6, 0, 'cph coef');
    const nom = coxNomogram(fit, X, [1825, 3650], { labels: ['5-year survival', '10-year survival'] });
    expectAxes(nom, r, 'cph');
    expectClose([nom.offset], [r.intercept], 1e-6, 0, 'Intercept');
    expectClose(nom.lpAxis.lp, r.lp_axis.lp, 1e-12, 1e-15, 'lp axis');
    expectClose(nom.lpAxis.points, r.lp_axis.points, 1e-6, 1e-9, 'lp axis points');
    const [five, ten] = nom.functionAxes;
    expect([five.name, ten.name]).toEqual(['5-year survival', '10-year survival']);
    expectClose(five.values, r.survival5.values, 1e-12, 0, '5-year ticks');
    expectClose(five.points, r.survival5.points, 1e-6, 0, '5-year points');
    expectClose(ten.values, r.survival10.values, 1e-12, 0, '10-year ticks');
    expectClose(ten.points, r.survival10.points, 1e-6, 0, '10-year points');
    // the survival function itself: Survival(fit)(t, lp)
    const centre = fit.means.reduce((s: number, m: number, j: number) => s + m * fit.coefficients[j], 0);
    const survAt = (t: number, lp: number) => {
      // one synthetic patient whose centred linear predictor is lp: only age moves
      const age = (lp + centre) / fit.coefficients[0];
      return fit.survivalAt(Matrix64.fromRows([[age, 0, 0]]), [t]).get(0, 0);
    };
    expectClose(r.surv_at.lp.map((lp: number) => survAt(1825, lp)), r.surv_at.s5, 1e-6, 0, 'S(5 years | lp)');
    expectClose(r.surv_at.lp.map((lp: number) => survAt(3650, lp)), r.surv_at.s10, 1e-6, 0, 'S(10 years | lp)');
  });
});
