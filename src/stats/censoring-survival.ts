import { stepIndex } from './binary-search.js';

/**
 * The Kaplan-Meier estimate G of the censoring distribution (the reverse Kaplan-Meier), used for
 * inverse probability of censoring weights: `at(t)` is G(t) and `before(t)` its left limit G(t-).
 * Censorings tied with deaths happen after them, so at a tied time the censorings are at risk
 * among those who did not die, as survival::concordance and riskRegression::Score count them.
 */
export function censoringSurvival(time: ArrayLike<number>, event: ArrayLike<number>): { at: (t: number) => number; before: (t: number) => number } {
  const n = time.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a] - time[b]);
  const times: number[] = [];
  const after: number[] = [];
  let g = 1;
  let atRisk = n;
  let q = 0;
  while (q < n) {
    const t = time[order[q]];
    let end = q;
    let censored = 0;
    let deaths = 0;
    while (end < n && time[order[end]] === t) {
      if (event[order[end]] === 0) censored++;
      else deaths++;
      end++;
    }
    // censorings at t come after the deaths at t (they were at risk of dying at t)
    if (censored > 0) g *= 1 - censored / (atRisk - deaths);
    times.push(t);
    after.push(g);
    atRisk -= end - q;
    q = end;
  }
  return {
    at: (t) => {
      const k = stepIndex(times, t);
      return k < 0 ? 1 : after[k];
    },
    before: (t) => {
      const k = stepIndex(times, t, true);
      return k < 0 ? 1 : after[k];
    },
  };
}

