/**
 * The log-rank test for k groups, as R's `survival::survdiff` (rho = 0).
 */
import { DataError } from '../core/errors.js';
import { choleskyInPlace, choleskySolveInPlace } from '../core/linalg.js';
import { pchisq } from './distributions.js';

/** Result of {@link logRankTest}. */
export interface LogRankResult {
  /** Group labels in the order used (sorted). */
  groups: string[];
  n: number[];
  observed: number[];
  expected: number[];
  chisq: number;
  df: number;
  p: number;
}

/**
 * Log-rank test of equal survival in k groups (Mantel 1966; Peto & Peto 1972): at each distinct
 * event time, observed against expected events per group with the hypergeometric variance;
 * chisq = (O - E)' V^- (O - E) over k - 1 groups, df = k - 1, exactly as survdiff.
 *
 * @throws DataError for mismatched lengths, bad values or fewer than two groups.
 */
export function logRankTest(time: ArrayLike<number>, event: ArrayLike<number>, group: ArrayLike<string | number>): LogRankResult {
  const n = time.length;
  if (event.length !== n || group.length !== n) throw new DataError('logRankTest: time, event and group must have the same length', 'DATA_SHAPE');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(time[i])) throw new DataError(`logRankTest: time is missing or infinite at ${i + 1}`, 'DATA_MISSING');
    if (event[i] !== 0 && event[i] !== 1) throw new DataError(`logRankTest: event must be 0 or 1 at ${i + 1}`, 'DATA_BAD_EVENT');
  }
  const labels = [...new Set(Array.from(group, String))].sort((a, b) => (Number.isFinite(Number(a)) && Number.isFinite(Number(b)) ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
  const k = labels.length;
  if (k < 2) throw new DataError('logRankTest: needs at least two groups', 'DATA_ONE_CLASS');
  const g = Int32Array.from(group, (x) => labels.indexOf(String(x)));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a] - time[b]);
  const atRisk = new Float64Array(k);
  for (let i = 0; i < n; i++) atRisk[g[i]]++;
  const sizes = Array.from(atRisk);
  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  const V = new Float64Array(k * k);
  let q = 0;
  while (q < n) {
    const t = time[order[q]];
    let end = q;
    const deaths = new Float64Array(k);
    let d = 0;
    while (end < n && time[order[end]] === t) {
      const i = order[end];
      if (event[i] === 1) {
        deaths[g[i]]++;
        d++;
      }
      end++;
    }
    let total = 0;
    for (let a = 0; a < k; a++) total += atRisk[a];
    if (d > 0) {
      for (let a = 0; a < k; a++) {
        observed[a] += deaths[a];
        expected[a] += (d * atRisk[a]) / total;
      }
      if (total > 1) {
        const factor = (d * (total - d)) / (total - 1);
        for (let a = 0; a < k; a++) {
          for (let b = 0; b < k; b++) {
            V[a + b * k] += factor * (atRisk[a] / total) * ((a === b ? 1 : 0) - atRisk[b] / total);
          }
        }
      }
    }
    for (let r = q; r < end; r++) atRisk[g[order[r]]]--;
    q = end;
  }
  // as survdiff, only groups with expected events take part (a group whose patients are all censored
  // before the first event has none, and a zero row in V); chisq on all of them but one (the
  // statistic is the same whichever is left out), df = their number - 1
  const kept: number[] = [];
  for (let a = 0; a < k; a++) if (expected[a] > 0) kept.push(a);
  if (kept.length < 2) throw new DataError(`logRankTest: fewer than two groups have expected events (${kept.length === 0 ? 'no events' : `only ${labels[kept[0]]}`})`, 'DATA_SINGULAR');
  const m = kept.length - 1;
  const sub = new Float64Array(m * m);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) sub[a + b * m] = V[kept[a] + kept[b] * k];
  const diff = Float64Array.from({ length: m }, (_, a) => observed[kept[a]] - expected[kept[a]]);
  const x = diff.slice();
  let chisq: number;
  if (choleskyInPlace(sub, m)) {
    choleskySolveInPlace(sub, m, x);
    chisq = 0;
    for (let a = 0; a < m; a++) chisq += diff[a] * x[a];
  } else {
    throw new DataError('logRankTest: the variance matrix is singular (a group without any event at risk?)', 'DATA_SINGULAR');
  }
  return { groups: labels, n: sizes, observed: Array.from(observed), expected: Array.from(expected), chisq, df: m, p: pchisq(chisq, m, true) };
}
