import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concordanceIndex, DataError } from '../../src/index.js';
import { expectClose, golden } from '../helpers/golden.js';

const ref = golden('concordance.json');

describe('concordance agrees with survival::concordance (rtol 1e-6)', () => {
  const cases: [string, string, 'n' | 'n/G2', number][] = [
    ['harrell', 'lp', 'n', Infinity],
    ['harrell_coarse', 'coarse', 'n', Infinity],
    ['uno', 'lp', 'n/G2', Infinity],
    ['uno_tau', 'lp', 'n/G2', 2000],
    ['uno_coarse', 'coarse', 'n/G2', Infinity],
  ];
  for (const [name, score, timewt, tau] of cases) {
    it(name, () => {
      const r = concordanceIndex(ref[score], ref.time, ref.event, { timewt, tau });
      expectClose([r.estimate, r.se], [ref[name].concordance, ref[name].se], 1e-6, 0, name);
      const [concordant, discordant, tiedX, tiedY] = ref[name].count;
      expectClose([r.concordant, r.discordant, r.tiedRisk, r.tiedTime], [concordant, discordant, tiedX, tiedY], 1e-9, 0, `${name} counts`);
    });
  }
});

describe('concordance properties', () => {
  const data = fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 30 }), fc.boolean()), { minLength: 5, maxLength: 40 }).filter((d) => d.filter((x) => x[2]).length >= 2);
  it('C is unchanged by monotone transforms of the score, and C of the negated score is 1 - C without ties', () => {
    fc.assert(
      fc.property(data, (d) => {
        const score = d.map((x) => x[0]);
        const time = d.map((x) => x[1]);
        const event = d.map((x) => (x[2] ? 1 : 0));
        let c: number;
        try {
          c = concordanceIndex(score, time, event).estimate;
        } catch (e) {
          if (e instanceof DataError) return;
          throw e;
        }
        expect(Math.abs(concordanceIndex(score.map((s) => Math.exp(s / 10) * 3 + 1), time, event).estimate - c)).toBeLessThan(1e-12);
        if (new Set(score).size === score.length) expect(Math.abs(concordanceIndex(score.map((s) => -s), time, event).estimate - (1 - c))).toBeLessThan(1e-12);
      }),
    );
  });
});
