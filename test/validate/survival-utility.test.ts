import { describe, expect, it } from 'vitest';
import { assignRiskGroups, riskGroupCutoffs, riskGroupSurvival, survivalNetBenefit } from '../../src/validate/survival-utility.js';
import { expectClose, golden } from '../helpers/golden.js';

const ref = golden('survival-utility.json');

describe('survival decision curve and risk groups agree with R', () => {
  it('net benefit at a horizon with Kaplan-Meier risks (rtol 1e-10)', () => {
    const nb = survivalNetBenefit(ref.risk, ref.time, ref.event, ref.horizon, ref.net_benefit.map((x: { threshold: number }) => x.threshold));
    expectClose(nb.map((x) => x.model), ref.net_benefit.map((x: { model: number }) => x.model), 1e-10, 1e-15, 'model');
    expectClose(nb.map((x) => x.treatAll), ref.net_benefit.map((x: { treatAll: number }) => x.treatAll), 1e-10, 1e-15, 'treat all');
  });

  it('tertile cut-offs as quantile(), groups and their log-rank test as survdiff', () => {
    const cut = riskGroupCutoffs(ref.lp, 'tertiles');
    expectClose(cut, ref.tertiles, 1e-14, 0, 'tertiles');
    const result = riskGroupSurvival(ref.lp, ref.time, ref.event, cut);
    expect(result.groups.map((g) => g.n).reduce((a, b) => a + b, 0)).toBe(ref.lp.length);
    expectClose([result.logRank!.chisq], [ref.logrank_tertiles], 1e-10, 0, 'log-rank');
    expect(Array.from(assignRiskGroups([cut[0], cut[0] + 1e-9, cut[1] + 1], cut))).toEqual([0, 1, 2]);
    expect(riskGroupCutoffs([1, 2, 3], { cutoffs: [2.5, 1.5] })).toEqual([1.5, 2.5]);
  });
});
