/**
 * Tests of differences between groups: one-way ANOVA and Kruskal-Wallis, as R's `oneway.test(var.equal = TRUE)`
 * / `anova(lm(x ~ g))` and `kruskal.test`.
 */
import { pchisq, pf } from './distributions.js';
import { averageRanks } from './ranks.js';

/** A test result. */
export interface GroupTestResult {
  statistic: number;
  df: number[];
  p: number;
  method: string;
}

/**
 * One-way ANOVA F test of equal means across groups (`group[i]` is the 0-based group of value i).
 * p is NaN when the within-group variance is zero or fewer than two groups are present.
 */
export function oneWayAnova(values: ArrayLike<number>, group: ArrayLike<number>, nGroups: number): GroupTestResult {
  const n = values.length;
  const sums = new Float64Array(nGroups);
  const counts = new Float64Array(nGroups);
  let total = 0;
  for (let i = 0; i < n; i++) {
    sums[group[i]] += values[i];
    counts[group[i]]++;
    total += values[i];
  }
  const grand = total / n;
  let between = 0;
  let present = 0;
  for (let g = 0; g < nGroups; g++) {
    if (counts[g] === 0) continue;
    present++;
    const d = sums[g] / counts[g] - grand;
    between += counts[g] * d * d;
  }
  let within = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - sums[group[i]] / counts[group[i]];
    within += d * d;
  }
  const df1 = present - 1;
  const df2 = n - present;
  const f = between / df1 / (within / df2);
  const p = df1 > 0 && df2 > 0 && within > 0 ? pf(f, df1, df2, true) : NaN;
  return { statistic: f, df: [df1, df2], p, method: 'one-way ANOVA' };
}

/** Kruskal-Wallis rank-sum test with the tie correction, as `kruskal.test`. */
export function kruskalWallis(values: ArrayLike<number>, group: ArrayLike<number>, nGroups: number): GroupTestResult {
  const n = values.length;
  const { ranks, tieSum } = averageRanks(values);
  const rankSums = new Float64Array(nGroups);
  const counts = new Float64Array(nGroups);
  for (let i = 0; i < n; i++) {
    rankSums[group[i]] += ranks[i];
    counts[group[i]]++;
  }
  let s = 0;
  let present = 0;
  for (let g = 0; g < nGroups; g++) {
    if (counts[g] === 0) continue;
    present++;
    s += (rankSums[g] * rankSums[g]) / counts[g];
  }
  const h = ((12 / (n * (n + 1))) * s - 3 * (n + 1)) / (1 - tieSum / (n * n * n - n));
  const df = present - 1;
  const p = df > 0 && Number.isFinite(h) ? pchisq(h, df, true) : NaN;
  return { statistic: h, df: [df], p, method: 'Kruskal-Wallis rank sum test' };
}
