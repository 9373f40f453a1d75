import { describe, expect, it } from 'vitest';
import { nomogramData, nomogramLinearPredictor } from '../../src/models/nomogram.js';
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
