import { describe, it } from 'vitest';
import { lowess } from '../../src/stats/lowess.js';
import { expectClose, golden } from '../helpers/golden.js';

const ref = golden('lowess.json');

describe('lowess agrees with R stats::lowess (rtol 1e-10)', () => {
  it('defaults (f = 2/3, 3 robustness iterations), tied x', () => {
    const s = lowess(ref.x, ref.y);
    expectClose(s.x, ref.default.x, 0, 0, 'x');
    expectClose(s.y, ref.default.y, 1e-10, 1e-12, 'y');
  });
  it('f = 0.3, no robustness iterations', () => {
    const s = lowess(ref.x, ref.y, { f: 0.3, iter: 0 });
    expectClose(s.y, ref.iter0.y, 1e-10, 1e-12, 'y');
  });
});
