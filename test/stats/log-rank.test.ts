import { describe, expect, it } from 'vitest';
import { pchisq } from '../../src/index.js';
import { logRankTest } from '../../src/stats/log-rank.js';
import { expectClose, golden } from '../helpers/golden.js';

const ref = golden('log-rank.json');

describe('log-rank test agrees with survival::survdiff (rtol 1e-10)', () => {
  for (const key of ['edema', 'stage', 'trt']) {
    it(key, () => {
      const r = ref[key];
      const t = logRankTest(r.time, r.event, r.group);
      expectClose(t.observed, r.observed, 1e-12, 0, 'observed');
      expectClose(t.expected, r.expected, 1e-10, 0, 'expected');
      expectClose([t.chisq], [r.chisq], 1e-10, 0, 'chisq');
      expect(t.df).toBe(r.df);
      expect(t.p).toBe(pchisq(t.chisq, t.df, true));
    });
  }
});
