/**
 * Pairwise comparisons of a study's models. On the development patients, only out of sample: per
 * bootstrap resample (its out-of-bag patients) or CV repeat (its pooled out-of-fold predictions),
 * the difference between two models, summarised across splits as riskRegression's
 * `Score(split.method = "bootcv" | "cvK")` summarises contrasts: the mean, and the 2.5th and 97.5th
 * percentiles of the splits' differences (their spread, not a confidence interval: the splits
 * overlap), without a p-value. On external patients: DeLong's paired test (binary), the difference
 * in Harrell's C with a bootstrap interval (survival). Without validation, the development
 * comparisons are the apparent ones, labelled so.
 */
import { Rng } from '../core/rng.js';
import { concordanceIndex } from '../stats/concordance.js';
import { delongTest } from '../validate/binary-metrics.js';
import type { StudyPrediction } from './fitted-study.js';
import type { StudyOutcome } from './performance.js';

import { EXTERNAL_B } from './external-validation.js';
import type { HeldOutSplits } from './held-out.js';
import type { Metrics } from './performance.js';
import type { Study } from './study.js';
import type { Comparison, PredictionSource } from './results-schema/study-results-schema.js';
import { finiteOrNull, mean, resampleSpread, sd } from './summary-numbers.js';

/** The measures two models are compared on out of sample (riskRegression Score's AUC and Brier; Harrell's C for survival). */
export function contrastMetrics(study: Study): string[] {
  if (study.outcome.type === 'binary') return ['auc', 'brier'];
  const h = study.outcome.horizons;
  return ['cIndex', ...h.map((t) => `tdAuc@${t}`), ...h.map((t) => `brier@${t}`)];
}

/**
 * Validated comparisons on the development patients: for each pair (a, b) and measure, the mean over
 * splits of a - b on the split's held-out patients, and the 2.5th and 97.5th percentiles of those
 * differences (null with fewer than 20 splits).
 */
export function validatedComparisons(study: Study, names: string[], splits: HeldOutSplits, perSplit: Map<string, Metrics>[]): Comparison[] {
  const out: Comparison[] = [];
  const method =
    splits.source === 'bootstrap'
      ? "per bootstrap resample, the difference on the patients it left out (out of bag); mean over resamples (riskRegression Score, split.method = 'bootcv')"
      : "per cross-validation repeat, the difference on its pooled out-of-fold predictions; mean over repeats (riskRegression Score, split.method = 'cvK')";
  for (let a = 0; a < names.length; a++) {
    for (let b = a + 1; b < names.length; b++) {
      const contrasts = contrastMetrics(study).map((metric) => {
        const diffs: number[] = [];
        for (const m of perSplit) {
          const x = m.get(names[a])?.[metric];
          const y = m.get(names[b])?.[metric];
          if (x !== null && x !== undefined && y !== null && y !== undefined) diffs.push(x - y);
        }
        const spread = resampleSpread(diffs);
        return {
          metric,
          estimate: mean(diffs),
          // the splits' standard deviation: sd / sqrt(splits) is the Monte Carlo error of the estimate
          sd: sd(diffs),
          lower: spread?.[0] ?? null,
          upper: spread?.[1] ?? null,
          // the share of splits in which the first model did better (higher AUC or C, lower Brier)
          firstBetter: diffs.length === 0 ? null : diffs.filter((d) => (metric.startsWith('brier') ? d < 0 : d > 0)).length / diffs.length,
          splits: diffs.length,
        };
      });
      out.push({
        models: [names[a], names[b]] as [string, string],
        data: 'development',
        predictions: splits.source,
        method,
        interval: "2.5th and 97.5th percentiles of the splits' differences: how much the difference varies over overlapping resamples, not a confidence interval (so no p-value)",
        contrasts,
      });
    }
  }
  return out;
}

/**
 * Pairwise comparisons on one set of predictions: DeLong's paired test (binary), the difference in
 * Harrell's C with a bootstrap interval (survival). External patients; or the development patients'
 * apparent predictions when a study has no validation (labelled `predictions: 'apparent'`).
 */
export function pairedComparisons(names: string[], data: 'development' | 'external', preds: Map<string, StudyPrediction>, o: StudyOutcome, seed: number): Comparison[] {
  const out: Comparison[] = [];
  const predictions: PredictionSource = data === 'external' ? 'external' : 'apparent';
  for (let a = 0; a < names.length; a++) {
    for (let b = a + 1; b < names.length; b++) {
      const pa = preds.get(names[a])!;
      const pb = preds.get(names[b])!;
      const head = { models: [names[a], names[b]] as [string, string], data, predictions };
      if (pa.family === 'binary' && pb.family === 'binary') {
        try {
          const t = delongTest(pa.probability, pb.probability, (o as { y: ArrayLike<number> }).y);
          out.push({ ...head, method: "DeLong's paired test", metric: 'auc', estimate: t.auc1 - t.auc2, auc: [t.auc1, t.auc2], z: finiteOrNull(t.z), p: finiteOrNull(t.p) });
        } catch (error) {
          out.push({ ...head, method: "DeLong's paired test", metric: 'auc', estimate: null, reason: (error as Error).message });
        }
      } else if (pa.family === 'survival' && pb.family === 'survival') {
        out.push({ ...head, ...cDifference(pa.risk, pb.risk, o as { time: ArrayLike<number>; event: ArrayLike<number> }, new Rng(seed).fork(5).fork(a * 100 + b)) });
      }
    }
  }
  return out;
}

function cDifference(ra: Float64Array, rb: Float64Array, o: { time: ArrayLike<number>; event: ArrayLike<number> }, rng: Rng): Omit<Comparison, 'models' | 'data' | 'predictions'> {
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
  const spread = resampleSpread(diffs);
  const lower = spread?.[0] ?? null;
  const upper = spread?.[1] ?? null;
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
