import { describe, it } from 'vitest';
import { brierScore, integratedBrierScore, timeDependentAuc } from '../../src/index.js';
import { expectClose, golden } from '../helpers/golden.js';

const ref = golden('time-dependent.json');

describe('time-dependent AUC, Brier and IBS agree with riskRegression::Score (rtol 1e-6)', () => {
  for (const key of ['horizons', 'grid']) {
    it(key, () => {
      const g = ref[key];
      const auc = g.times.map((t: number, k: number) => timeDependentAuc(g.risk[k], ref.time, ref.event, t));
      const brier = g.times.map((t: number, k: number) => brierScore(g.risk[k], ref.time, ref.event, t));
      expectClose(auc, g.auc, 1e-6, 0, 'auc');
      expectClose(brier, g.brier, 1e-6, 0, 'brier');
      const ibs = g.times.map((_: number, k: number) => integratedBrierScore(g.times.slice(0, k + 1), brier.slice(0, k + 1)));
      expectClose(ibs, g.ibs, 1e-6, 1e-15, 'ibs');
    });
  }
});
