/**
 * The binary curves of the report's charts: ROC and decision curves of one set of predictions
 * (apparent or external) or averaged over held-out splits, the development calibration curve
 * (bootstrap bias-corrected, or the mean of the CV repeats' out-of-fold curves) and the histogram of
 * predictions.
 */
import { aucDeLong, netBenefit, rocCurve, youdenThreshold } from '../validate/binary-metrics.js';
import type { HeldOutSplits } from './held-out.js';
import type { BinaryCurves, PredictionSource } from './results-schema/study-results-schema.js';
import { runsBootstrap, type Study } from './study.js';
import { smoothAt, type TaskResult } from './validation.js';

import { mean, resampleSpread } from './summary-numbers.js';

/** The thresholds of every decision curve (binary and survival): 0.01 to 0.99. */
export const DECISION_THRESHOLDS = Array.from({ length: 99 }, (_, k) => (k + 1) / 100);

/** ROC (DeLong interval, Youden point) and decision curve of one set of predictions. */
export function apparentBinaryCurves(p: Float64Array, y: ArrayLike<number>): BinaryCurves {
  const out: BinaryCurves = {};
  try {
    const roc = rocCurve(p, y);
    const auc = aucDeLong(p, y);
    const youden = youdenThreshold(p, y);
    out.roc = { fpr: Array.from(roc.specificity, (s) => 1 - s), tpr: Array.from(roc.sensitivity), auc: auc.estimate, lower: auc.lower, upper: auc.upper, youden };
  } catch {
    out.roc = null;
  }
  try {
    out.decision = netBenefit(p, y, DECISION_THRESHOLDS);
  } catch {
    out.decision = null;
  }
  return out;
}

const FPR_GRID = Array.from({ length: 101 }, (_, k) => k / 100);

/**
 * Held-out ROC and decision curves: each split's ROC curve read at false-positive rates 0, 0.01,
 * ..., 1 (linear between its points, the upper point of a vertical step) and averaged (vertical
 * averaging, Fawcett 2006); the AUC is the mean of the splits' AUCs with the 2.5th and 97.5th
 * percentiles of their spread (20 splits or more). Net benefit: the mean over splits at each threshold.
 */
export function heldOutBinaryCurves(name: string, held: HeldOutSplits): BinaryCurves {
  const tprs: number[][] = [];
  const aucs: number[] = [];
  const decisions: { threshold: number; model: number; treatAll: number }[][] = [];
  for (const s of held.splits) {
    const p = (s.predictions.get(name) as { probability: Float64Array }).probability;
    const y = (s.outcome as { y: ArrayLike<number> }).y;
    try {
      const roc = rocCurve(p, y);
      tprs.push(tprAt(Array.from(roc.specificity, (v) => 1 - v), Array.from(roc.sensitivity), FPR_GRID));
      aucs.push(aucDeLong(p, y).estimate);
      decisions.push(netBenefit(p, y, DECISION_THRESHOLDS));
    } catch {
      // a split with one class has no ROC curve, AUC or decision curve
    }
  }
  const out: BinaryCurves = {};
  if (tprs.length === 0) out.roc = null;
  else {
    const spread = resampleSpread(aucs);
    out.roc = { fpr: FPR_GRID, tpr: FPR_GRID.map((_, k) => mean(tprs.map((t) => t[k]))), auc: mean(aucs), lower: spread?.[0] ?? null, upper: spread?.[1] ?? null, splits: tprs.length };
  }
  out.decision = decisions.length === 0 ? null : DECISION_THRESHOLDS.map((threshold, k) => ({ threshold, model: mean(decisions.map((d) => d[k].model))!, treatAll: mean(decisions.map((d) => d[k].treatAll))! }));
  return out;
}

/** The true-positive rate of an ROC curve at each false-positive rate (linear between points; the highest at a vertical step). */
function tprAt(fpr: number[], tpr: number[], at: readonly number[]): number[] {
  const points = fpr.map((f, k) => [f, tpr[k]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return at.map((f) => {
    let k = 0;
    while (k < points.length - 1 && points[k + 1][0] <= f) k++;
    const [f0, t0] = points[k];
    if (f0 === f || k === points.length - 1) return t0;
    const [f1, t1] = points[k + 1];
    return t0 + ((t1 - t0) * (f - f0)) / (f1 - f0);
  });
}



/** Counts of predicted probabilities in 20 bins of 0.05. */
export function histogram(p: ArrayLike<number>): { from: number; to: number; count: number }[] {
  const bins = Array.from({ length: 20 }, (_, k) => ({ from: k / 20, to: (k + 1) / 20, count: 0 }));
  for (let i = 0; i < p.length; i++) bins[Math.min(19, Math.floor(p[i] * 20))].count++;
  return bins;
}


/**
 * The development calibration curve of one model: the apparent LOWESS curve at the grid (a
 * reference) and the validated one, `corrected`: the bootstrap's optimism-corrected curve (the
 * apparent curve less the mean over resamples of the resample's curve on its sample minus on the
 * original patients, as rms::calibrate), or with CV each repeat's out-of-fold curve averaged.
 */
export function binaryCalibration(study: Study, name: string, probability: Float64Array, y: ArrayLike<number>, grid: number[], ok: TaskResult[], held: HeldOutSplits | null): { calibration: NonNullable<BinaryCurves['calibration']>; source: PredictionSource } {
  const apparentCurve = grid.length > 1 ? smoothAt(probability, y, grid) : [];
  const calibration: NonNullable<BinaryCurves['calibration']> = { grid, apparent: apparentCurve };
  if (runsBootstrap(study)) {
    const optimism = grid.map((_, g) => mean(ok.flatMap((t) => {
      const c = t.calibration[name];
      if (!c) return [];
      const a = c.train[g];
      const b = c.test[g];
      return a !== null && b !== null ? [a - b] : [];
    })));
    calibration.corrected = apparentCurve.map((v, g) => (v === null || optimism[g] === null ? null : v - optimism[g]!));
    calibration.resamples = ok.filter((t) => t.calibration[name]).length;
    return { calibration, source: 'bootstrap' };
  }
  if (held !== null) {
    const curves = held.splits.map((s) => smoothAt((s.predictions.get(name) as { probability: Float64Array }).probability, (s.outcome as { y: ArrayLike<number> }).y, grid));
    calibration.corrected = grid.map((_, g) => mean(curves.map((c) => c[g]).filter((v): v is number => v !== null)));
    calibration.resamples = curves.length;
    return { calibration, source: 'cv' };
  }
  return { calibration, source: 'apparent' };
}
