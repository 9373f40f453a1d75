import { describe, expect, it } from 'vitest';
import { DataError, kaplanMeier, medianFollowUp, ParameterError } from '../../src/index.js';
import { expectClose, golden } from '../helpers/golden.js';

const ref = golden('kaplan-meier.json');

describe('kaplanMeier agrees with survival::survfit (rtol 1e-12)', () => {
  const { time, event } = ref.pbc_death.input;
  for (const [key, confType] of [
    ['log', 'log'],
    ['loglog', 'log-log'],
    ['plain', 'plain'],
  ] as const) {
    it(`PBC death, conf.type = "${confType}"`, () => {
      const km = kaplanMeier(time, event, { confType });
      const r = ref.pbc_death[key];
      expectClose(km.times, r.time, 0, 0, 'time');
      expectClose(km.nRisk, r.n_risk, 0, 0, 'n.risk');
      expectClose(km.nEvent, r.n_event, 0, 0, 'n.event');
      expectClose(km.nCensor, r.n_censor, 0, 0, 'n.censor');
      expectClose(km.survival, r.surv, 1e-12, 0, 'surv');
      expectClose(km.stdErr, r.std_err, 1e-12, 0, 'std.err');
      expectClose(km.lower, r.lower, 1e-12, 0, 'lower');
      expectClose(km.upper, r.upper, 1e-12, 0, 'upper');
      expectClose([km.median, km.medianLower, km.medianUpper], [r.median, r.median_lower, r.median_upper], 1e-12, 0, 'median');
    });
  }

  it('median of a curve flat at exactly 0.5 is the midpoint of the flat stretch', () => {
    const km = kaplanMeier(ref.flat.input.time, ref.flat.input.event);
    const r = ref.flat.log;
    expectClose(km.survival, r.surv, 1e-12, 0, 'surv');
    expect(km.median).toBe(r.median);
    expectClose([km.medianLower, km.medianUpper], [r.median_lower, r.median_upper], 1e-12, 0, 'median CI');
  });

  it('median follow-up by reverse Kaplan-Meier', () => {
    expect(medianFollowUp(time, event)).toBe(ref.pbc_death.reverse_median);
  });

  it('rejects bad input', () => {
    expect(() => kaplanMeier([], [])).toThrow(DataError);
    expect(() => kaplanMeier([1, 2], [1])).toThrow(DataError);
    expect(() => kaplanMeier([1, NaN], [1, 0])).toThrow(DataError);
    expect(() => kaplanMeier([1, 2], [1, 2])).toThrow(DataError);
    expect(() => kaplanMeier([1, 2], [1, 0], { confLevel: 1.5 })).toThrow(ParameterError);
    expect(() => kaplanMeier([1, 2], [1, 0], { confType: 'logit' as never })).toThrow(ParameterError);
    expect(() => kaplanMeier([1, -2], [1, 0])).toThrow(/time 2 is negative \(-2\)/);
  });

  it('zero times count at time 0, as survfit (issue 14)', () => {
    // survfit(Surv(c(0, 0, 2, 3, 5), c(1, 0, 1, 0, 1)) ~ 1): n.risk 5 3 2 1, surv 0.8 0.5333 0.5333 0
    const km = kaplanMeier([0, 0, 2, 3, 5], [1, 0, 1, 0, 1]);
    expect(Array.from(km.times)).toEqual([0, 2, 3, 5]);
    expect(Array.from(km.nRisk)).toEqual([5, 3, 2, 1]);
    expectClose(km.survival, [0.8, 0.8 * (2 / 3), 0.8 * (2 / 3), 0], 1e-15, 0, 'surv');
    expect(medianFollowUp([0, 0, 2, 3, 5], [1, 0, 1, 0, 1])).toBe(3);
  });
});
