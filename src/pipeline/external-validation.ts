/**
 * Measures on external patients with 95% intervals: DeLong for AUC, the concordance standard error
 * for C, a percentile bootstrap over patients for the rest.
 */
import { Rng } from '../core/rng.js';
import { concordanceIndex } from '../stats/concordance.js';
import { qnorm } from '../stats/normal.js';
import { quantile7 } from '../stats/quantile.js';
import { aucDeLong } from '../validate/binary-metrics.js';
import type { StudyPrediction } from './fitted-study.js';
import { modelMetrics, type StudyOutcome } from './performance.js';
import type { Study } from './study.js';
import type { ExternalMeasure } from './results-schema/study-results-schema.js';
import { pick } from './validation.js';


export const EXTERNAL_B = 500;

/** External measures with 95% intervals: DeLong for AUC, the concordance standard error for C, percentile bootstrap over patients for the rest. */
export function externalMetrics(study: Study, p: StudyPrediction, outcome: StudyOutcome, seed: number, ibsTo: number | null): Record<string, ExternalMeasure> {
  const point = modelMetrics(study, p, outcome, ibsTo);
  const n = p.family === 'binary' ? p.probability.length : p.risk.length;
  const boot: Record<string, number[]> = {};
  const rng = new Rng(seed).fork(4);
  for (let b = 0; b < EXTERNAL_B; b++) {
    const rows = Array.from(rng.fork(b).bootstrap(n));
    const sub = subsetOutcome(outcome, rows);
    const m = modelMetrics(study, pick(p, rows), sub, ibsTo);
    for (const [k, v] of Object.entries(m)) if (v !== null) (boot[k] ??= []).push(v);
  }
  const out: Record<string, ExternalMeasure> = {};
  const z = qnorm(0.975);
  for (const [metric, value] of Object.entries(point)) {
    let lower: number | null = null;
    let upper: number | null = null;
    let method = 'percentile bootstrap (500)';
    if (value !== null && metric === 'auc') {
      const d = aucDeLong((p as { probability: Float64Array }).probability, (outcome as { y: ArrayLike<number> }).y);
      lower = d.lower;
      upper = d.upper;
      method = 'DeLong';
    } else if (value !== null && metric === 'cIndex') {
      const { time, event } = outcome as { time: ArrayLike<number>; event: ArrayLike<number> };
      const c = concordanceIndex((p as { risk: Float64Array }).risk, time, event);
      lower = c.estimate - z * c.se;
      upper = c.estimate + z * c.se;
      method = 'normal, survival::concordance standard error';
    } else if (value !== null && (boot[metric]?.length ?? 0) >= 20) {
      const sorted = Float64Array.from(boot[metric]).sort();
      lower = quantile7(sorted, 0.025);
      upper = quantile7(sorted, 0.975);
    }
    out[metric] = { value, lower, upper, method: value === null ? null : method };
  }
  return out;
}

function subsetOutcome(outcome: StudyOutcome, rows: number[]): StudyOutcome {
  if ('y' in outcome) return { y: rows.map((i) => outcome.y[i]) };
  return { time: rows.map((i) => outcome.time[i]), event: rows.map((i) => outcome.event[i]) };
}
