import { describe, it } from 'vitest';
import { kruskalWallis, oneWayAnova } from '../../src/index.js';
import { expectClose, golden } from '../helpers/golden.js';

const ref = golden('group-tests.json');

describe('group tests agree with R on PBC by stage (rtol 1e-10)', () => {
  const group = (ref.stage as number[]).map((s) => s - 1);
  for (const t of ref.tests) {
    it(t.variable, () => {
      const values = ref.values[t.variable];
      const a = oneWayAnova(values, group, 4);
      const k = kruskalWallis(values, group, 4);
      expectClose([a.statistic, a.p], [t.f, t.anova_p], 1e-10, 0, 'anova');
      expectClose([k.statistic, k.p], [t.h, t.kruskal_p], 1e-10, 0, 'kruskal');
    });
  }
});
