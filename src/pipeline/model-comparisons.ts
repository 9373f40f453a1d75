/**
 * Pairwise comparisons of a study's models: DeLong's paired test (binary), the difference in
 * Harrell's C with a bootstrap interval (survival).
 */
import { Rng } from '../core/rng.js';
import { concordanceIndex } from '../stats/concordance.js';
import { quantile7 } from '../stats/quantile.js';
import { delongTest } from '../validate/binary-metrics.js';
import type { StudyPrediction } from './fitted-study.js';
import type { StudyOutcome } from './performance.js';

import { EXTERNAL_B } from './external-validation.js';
import { finiteOrNull } from './summary-numbers.js';

/** Pairwise comparisons: DeLong's paired test (binary), difference in Harrell's C with a bootstrap interval (survival). */
export function comparisons(
  names: string[],
  apparent: Map<string, StudyPrediction>,
  outcome: StudyOutcome,
  external: Map<string, StudyPrediction> | null,
  externalOutcome: StudyOutcome | null,
  seed: number,
): unknown[] {
  const out: unknown[] = [];
  const sets: ['development' | 'external', Map<string, StudyPrediction>, StudyOutcome][] = [['development', apparent, outcome]];
  if (external !== null) sets.push(['external', external, externalOutcome!]);
  for (const [dataName, preds, o] of sets) {
    for (let a = 0; a < names.length; a++) {
      for (let b = a + 1; b < names.length; b++) {
        const pa = preds.get(names[a])!;
        const pb = preds.get(names[b])!;
        if (pa.family === 'binary' && pb.family === 'binary') {
          try {
            const t = delongTest(pa.probability, pb.probability, (o as { y: ArrayLike<number> }).y);
            out.push({ models: [names[a], names[b]], data: dataName, method: "DeLong's paired test", metric: 'auc', estimate: t.auc1 - t.auc2, auc: [t.auc1, t.auc2], z: finiteOrNull(t.z), p: finiteOrNull(t.p) });
          } catch (error) {
            out.push({ models: [names[a], names[b]], data: dataName, method: "DeLong's paired test", metric: 'auc', estimate: null, reason: (error as Error).message });
          }
        } else if (pa.family === 'survival' && pb.family === 'survival') {
          out.push({ models: [names[a], names[b]], data: dataName, ...cDifference(pa.risk, pb.risk, o as { time: ArrayLike<number>; event: ArrayLike<number> }, new Rng(seed).fork(5).fork(a * 100 + b)) });
        }
      }
    }
  }
  return out;
}

function cDifference(ra: Float64Array, rb: Float64Array, o: { time: ArrayLike<number>; event: ArrayLike<number> }, rng: Rng): Record<string, unknown> {
  const c = (r: ArrayLike<number>, t: ArrayLike<number>, e: ArrayLike<number>) => {
    try {
      return concordanceIndex(r, t, e).estimate;
    } catch {
      return null;
    }
  };
  const ca = c(ra, o.time, o.event);
  const cb = c(rb, o.time, o.event);
  const diffs: number[] = [];
  const n = ra.length;
  for (let b = 0; b < EXTERNAL_B; b++) {
    const rows = Array.from(rng.fork(b).bootstrap(n));
    const t = rows.map((i) => o.time[i]);
    const e = rows.map((i) => o.event[i]);
    const x = c(rows.map((i) => ra[i]), t, e);
    const y = c(rows.map((i) => rb[i]), t, e);
    if (x !== null && y !== null) diffs.push(x - y);
  }
  const sorted = Float64Array.from(diffs).sort();
  const lower = diffs.length >= 20 ? quantile7(sorted, 0.025) : null;
  const upper = diffs.length >= 20 ? quantile7(sorted, 0.975) : null;
  // two-sided bootstrap p: twice the smaller share of differences on either side of 0
  const below = diffs.filter((d) => d <= 0).length / Math.max(1, diffs.length);
  const above = diffs.filter((d) => d >= 0).length / Math.max(1, diffs.length);
  return {
    method: "difference in Harrell's C, percentile bootstrap (500)",
    metric: 'cIndex',
    estimate: ca === null || cb === null ? null : ca - cb,
    cIndex: [ca, cb],
    lower,
    upper,
    p: diffs.length >= 20 ? Math.min(1, 2 * Math.min(below, above)) : null,
  };
}
