/**
 * Discrimination, calibration and clinical usefulness of predicted probabilities for a binary
 * outcome, with the numbers of pROC, rms::val.prob and dcurves.
 */
import { checkNumber } from '../core/checks.js';
import { Rng } from '../core/rng.js';
import { DataError } from '../core/errors.js';
import { quote } from '../core/messages.js';
import { withPlainJSON } from '../core/model-json.js';
import { pchisq } from '../stats/distributions.js';
import { lowerBound, upperBound } from '../stats/binary-search.js';
import { logisticFit1 } from '../stats/logistic.js';
import { lowess } from '../stats/lowess.js';
import { quantile7, quantileGroups } from '../stats/quantile.js';
import { pnorm, qnorm } from '../stats/normal.js';

import type { IntervalEstimate } from '../stats/interval-estimate.js';

export type { IntervalEstimate };

/** Checked score and outcome arrays. */
function checkBinary(where: string, score: ArrayLike<number>, y: ArrayLike<number>): { n: number; events: number } {
  const n = y.length;
  if (score.length !== n) throw new DataError(`${where}: score has ${score.length} values, outcome has ${n}`, 'DATA_SHAPE');
  let events = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new DataError(`${where}: outcome must be 0 or 1, got ${y[i]} at ${i + 1}`, 'DATA_NOT_BINARY');
    if (!Number.isFinite(score[i])) throw new DataError(`${where}: score is missing or infinite at ${i + 1}`, 'DATA_MISSING');
    events += y[i];
  }
  if (events === 0 || events === n) throw new DataError(`${where}: the outcome has only one class; discrimination needs both`, 'DATA_ONE_CLASS');
  return { n, events };
}

/**
 * DeLong placements by midranks (Sun & Xu 2014, doi:10.1109/LSP.2014.2337313), O(n log n):
 * for each case the share of controls scored lower (ties one half), for each control the share of
 * cases scored higher; their mean is the AUC.
 */
export function delongPlacements(score: ArrayLike<number>, y: ArrayLike<number>): { auc: number; cases: Float64Array; controls: Float64Array } {
  const n = y.length;
  const caseScores: number[] = [];
  const controlScores: number[] = [];
  for (let i = 0; i < n; i++) (y[i] === 1 ? caseScores : controlScores).push(score[i]);
  const m = caseScores.length;
  const k = controlScores.length;
  const sortedControls = Float64Array.from(controlScores).sort();
  const sortedCases = Float64Array.from(caseScores).sort();
  const cases = Float64Array.from(caseScores, (s) => {
    const lt = lowerBound(sortedControls, s);
    const eq = upperBound(sortedControls, s) - lt;
    return (lt + 0.5 * eq) / k;
  });
  const controls = Float64Array.from(controlScores, (s) => {
    const gt = m - upperBound(sortedCases, s);
    const eq = upperBound(sortedCases, s) - lowerBound(sortedCases, s);
    return (gt + 0.5 * eq) / m;
  });
  let auc = 0;
  for (let i = 0; i < m; i++) auc += cases[i];
  return { auc: auc / m, cases, controls };
}

/**
 * Area under the ROC curve (higher score = positive, pROC's `direction = "<"`), with DeLong's
 * confidence interval (DeLong, DeLong & Clarke-Pearson 1988, doi:10.2307/2531595) as
 * `pROC::ci.auc(method = "delong")`: normal quantiles around the AUC with the placement variance,
 * clipped to [0, 1].
 *
 * @throws DataError for mismatched lengths, non-binary outcomes, one class, missing scores.
 */
export function aucDeLong(score: ArrayLike<number>, y: ArrayLike<number>, level = 0.95): IntervalEstimate & { se: number } {
  const where = 'aucDeLong';
  checkNumber(where, 'level', level, { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
  const { n, events } = checkBinary(where, score, y);
  const { auc, cases, controls } = delongPlacements(score, y);
  const m = cases.length;
  const k = controls.length;
  let sx = 0;
  for (let i = 0; i < m; i++) sx += (cases[i] - auc) ** 2;
  let sy = 0;
  for (let i = 0; i < k; i++) sy += (controls[i] - auc) ** 2;
  const variance = m > 1 && k > 1 ? sx / (m - 1) / m + sy / (k - 1) / k : NaN;
  const se = Math.sqrt(variance);
  const z = qnorm(1 - (1 - level) / 2);
  return { estimate: auc, lower: Math.max(0, auc - z * se), upper: Math.min(1, auc + z * se), se, method: 'DeLong', n, nEvents: events };
}

/**
 * AUC with a stratified bootstrap percentile interval (pROC's `ci.auc(method = "bootstrap",
 * stratified = TRUE)`): cases and controls are resampled separately, `resamples` times, each
 * resample from `new Rng(seed).fork(r)`. R's random numbers are not reproduced, so intervals agree
 * with pROC in distribution, not digit for digit.
 */
export function aucBootstrap(score: ArrayLike<number>, y: ArrayLike<number>, options: { level?: number; resamples?: number; seed?: number } = {}): IntervalEstimate {
  const where = 'aucBootstrap';
  const level = options.level ?? 0.95;
  const resamples = options.resamples ?? 2000;
  checkNumber(where, 'level', level, { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
  checkNumber(where, 'resamples', resamples, { min: 10 });
  const { n, events } = checkBinary(where, score, y);
  const cases: number[] = [];
  const controls: number[] = [];
  for (let i = 0; i < n; i++) (y[i] === 1 ? cases : controls).push(score[i]);
  const root = new Rng(options.seed ?? 1);
  const aucs = new Float64Array(resamples);
  const yy = new Float64Array(n);
  const ss = new Float64Array(n);
  for (let r = 0; r < resamples; r++) {
    const rng = root.fork(r);
    let k = 0;
    for (const _ of cases) {
      ss[k] = cases[rng.int(cases.length)];
      yy[k++] = 1;
    }
    for (const _ of controls) {
      ss[k] = controls[rng.int(controls.length)];
      yy[k++] = 0;
    }
    aucs[r] = delongPlacements(ss, yy).auc;
  }
  aucs.sort();
  const a = (1 - level) / 2;
  return { estimate: delongPlacements(score, y).auc, lower: quantile7(aucs, a), upper: quantile7(aucs, 1 - a), method: 'stratified bootstrap', n, nEvents: events };
}

/** Paired DeLong test of two AUCs on the same patients, as `pROC::roc.test(method = "delong", paired = TRUE)`. */
export function delongTest(score1: ArrayLike<number>, score2: ArrayLike<number>, y: ArrayLike<number>): { auc1: number; auc2: number; z: number; p: number; method: string } {
  const where = 'delongTest';
  checkBinary(where, score1, y);
  checkBinary(where, score2, y);
  const a = delongPlacements(score1, y);
  const b = delongPlacements(score2, y);
  const m = a.cases.length;
  const k = a.controls.length;
  const cov = (u: Float64Array, ua: number, v: Float64Array, va: number, len: number) => {
    let s = 0;
    for (let i = 0; i < len; i++) s += (u[i] - ua) * (v[i] - va);
    return s / (len - 1);
  };
  const sx11 = cov(a.cases, a.auc, a.cases, a.auc, m);
  const sx22 = cov(b.cases, b.auc, b.cases, b.auc, m);
  const sx12 = cov(a.cases, a.auc, b.cases, b.auc, m);
  const sy11 = cov(a.controls, a.auc, a.controls, a.auc, k);
  const sy22 = cov(b.controls, b.auc, b.controls, b.auc, k);
  const sy12 = cov(a.controls, a.auc, b.controls, b.auc, k);
  const variance = (sx11 + sx22 - 2 * sx12) / m + (sy11 + sy22 - 2 * sy12) / k;
  const d = a.auc - b.auc;
  const z = d === 0 && variance === 0 ? 0 : d / Math.sqrt(variance);
  return { auc1: a.auc, auc2: b.auc, z, p: 2 * pnorm(-Math.abs(z)), method: 'DeLong paired' };
}

/** The ROC curve at pROC's thresholds (midpoints between consecutive distinct scores, plus -Inf and Inf). */
export function rocCurve(score: ArrayLike<number>, y: ArrayLike<number>): { thresholds: Float64Array; sensitivity: Float64Array; specificity: Float64Array } {
  const { n, events } = checkBinary('rocCurve', score, y);
  const distinct = Float64Array.from(new Set(Array.from(score))).sort();
  const thresholds = new Float64Array(distinct.length + 1);
  thresholds[0] = -Infinity;
  for (let t = 1; t < distinct.length; t++) thresholds[t] = (distinct[t - 1] + distinct[t]) / 2;
  thresholds[distinct.length] = Infinity;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  const sensitivity = new Float64Array(thresholds.length);
  const specificity = new Float64Array(thresholds.length);
  // positive when score > threshold
  let q = 0;
  let controlsBelow = 0;
  let casesBelow = 0;
  for (let t = 0; t < thresholds.length; t++) {
    while (q < n && score[order[q]] < thresholds[t]) {
      if (y[order[q]] === 1) casesBelow++;
      else controlsBelow++;
      q++;
    }
    sensitivity[t] = (events - casesBelow) / events;
    specificity[t] = controlsBelow / (n - events);
  }
  return withPlainJSON({ thresholds, sensitivity, specificity });
}

/** The Youden-optimal threshold (max sensitivity + specificity; the lowest such threshold), with PPV and NPV. */
export function youdenThreshold(score: ArrayLike<number>, y: ArrayLike<number>): { threshold: number; sensitivity: number; specificity: number; ppv: number; npv: number } {
  const roc = rocCurve(score, y);
  let best = -1;
  for (let t = 0; t < roc.thresholds.length; t++) if (best < 0 || roc.sensitivity[t] + roc.specificity[t] > roc.sensitivity[best] + roc.specificity[best]) best = t;
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  const threshold = roc.thresholds[best];
  for (let i = 0; i < y.length; i++) {
    const positive = score[i] > threshold;
    if (positive) y[i] === 1 ? tp++ : fp++;
    else y[i] === 1 ? fn++ : tn++;
  }
  return { threshold, sensitivity: roc.sensitivity[best], specificity: roc.specificity[best], ppv: tp / (tp + fp), npv: tn / (tn + fn) };
}

/** Calibration of predicted probabilities. */
export interface CalibrationResult {
  n: number;
  nEvents: number;
  /** Mean squared error of the probabilities, and 1 - Brier / (prevalence (1 - prevalence)). */
  brier: number;
  scaledBrier: number;
  /**
   * Calibration-in-the-large: intercept of logit(P(y)) = a + logit(p) (logit(p) as offset); null
   * when a prediction is exactly 0 or 1 (its logit is infinite), with a warning.
   */
  calibrationIntercept: number | null;
  /**
   * Calibration slope b, and the intercept a fitted together with it, in logit(P(y)) = a + b logit(p)
   * (rms::val.prob's Slope and Intercept); null when a prediction is exactly 0 or 1, or when all
   * predictions are equal (no slope can be fitted), with a warning.
   */
  calibrationSlope: number | null;
  recalibrationIntercept: number | null;
  /** Spiegelhalter's z test of calibration (rms::val.prob's S:z, S:p); null when its variance is 0 (every p is 0, 0.5 or 1). */
  spiegelhalterZ: number | null;
  spiegelhalterP: number | null;
  /**
   * Hosmer-Lemeshow test with groups at the deciles of the predicted probability; `chisq` and `p`
   * are null with fewer than 3 groups (`df` null too) or a group whose expected count is 0.
   */
  hosmerLemeshow: { chisq: number | null; df: number | null; p: number | null; groups: number };
  /**
   * Largest, 90th percentile and mean absolute difference between p and the smoothed calibration
   * curve (LOWESS of y on p, iter = 0, as rms::val.prob); the mean is the ICI of Austin &
   * Steyerberg (2019, doi:10.1002/sim.8281) with LOWESS as the smoother.
   */
  emax: number;
  e90: number;
  eavg: number;
  /** The smoothed calibration curve at the sorted predictions. */
  curve: { predicted: number[]; observed: number[] };
  /** Why a statistic is null, one line each. */
  warnings: string[];
}

/**
 * Calibration of predicted probabilities against a binary outcome: Brier score and scaled Brier,
 * calibration-in-the-large (intercept with logit(p) as offset), the logistic recalibration
 * intercept and slope as `rms::val.prob` reports them, Spiegelhalter's z (1986,
 * doi:10.1002/sim.4780050506), and the Hosmer-Lemeshow test with g groups at quantiles of p (df g - 2).
 * Predictions of exactly 0 or 1 are accepted: the Brier score, LOWESS errors and Spiegelhalter's z
 * are still defined, the logit-scale terms are then null with a warning (val.prob would fail).
 *
 * @throws DataError for probabilities outside [0, 1], mismatched lengths or one class.
 */
export function calibration(p: ArrayLike<number>, y: ArrayLike<number>, groups = 10): CalibrationResult {
  const where = 'calibration';
  const { n, events } = checkBinary(where, p, y);
  let extreme = 0;
  let constant = true;
  for (let i = 0; i < n; i++) {
    if (!(p[i] >= 0 && p[i] <= 1)) throw new DataError(`${where}: probabilities must be between 0 and 1, got ${quote(p[i])} at ${i + 1}`, 'DATA_BAD_PROBABILITY');
    if (p[i] === 0 || p[i] === 1) extreme++;
    if (p[i] !== p[0]) constant = false;
  }
  const warnings: string[] = [];
  let brier = 0;
  for (let i = 0; i < n; i++) brier += (p[i] - y[i]) ** 2;
  brier /= n;
  const prevalence = events / n;
  let citl: [number, number] | null = null;
  let recal: [number, number] | null = null;
  if (extreme > 0) {
    warnings.push(`calibration: ${extreme} predicted probabilit${extreme === 1 ? 'y is' : 'ies are'} exactly 0 or 1; the calibration intercept and slope (logit scale) are undefined`);
  } else {
    const logit = Float64Array.from(p as ArrayLike<number>, (v) => Math.log(v / (1 - v)));
    citl = logisticFit(logit, y, true);
    if (constant) warnings.push('calibration: every prediction is the same; the calibration slope is undefined');
    else recal = logisticFit(logit, y, false);
  }
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (y[i] - p[i]) * (1 - 2 * p[i]);
    den += (1 - 2 * p[i]) ** 2 * p[i] * (1 - p[i]);
  }
  const z = den > 0 ? num / Math.sqrt(den) : null;
  if (z === null) warnings.push("calibration: Spiegelhalter's z is undefined (its variance is 0: every prediction is 0, 0.5 or 1)");
  const hl = hosmerLemeshow(p, y, groups);
  if (hl.p === null) warnings.push(`calibration: the Hosmer-Lemeshow test is undefined (${hl.df === null ? `the predictions fall in ${hl.groups} group${hl.groups === 1 ? '' : 's'} at their deciles; it needs 3` : 'a group with an expected count of 0'})`);
  const smooth = lowess(p, y, { iter: 0 });
  const errors = new Float64Array(n);
  // the curve at each p (tied p share one fitted value)
  const fitted = new Map<number, number>();
  for (let k = 0; k < n; k++) fitted.set(smooth.x[k], smooth.y[k]);
  for (let i = 0; i < n; i++) errors[i] = Math.abs(p[i] - fitted.get(p[i])!);
  let eavg = 0;
  for (let i = 0; i < n; i++) eavg += errors[i];
  eavg /= n;
  const sortedErrors = errors.slice().sort();
  return {
    n,
    nEvents: events,
    brier,
    scaledBrier: 1 - brier / (prevalence * (1 - prevalence)),
    calibrationIntercept: citl === null ? null : citl[0],
    calibrationSlope: recal === null ? null : recal[1],
    recalibrationIntercept: recal === null ? null : recal[0],
    spiegelhalterZ: z,
    spiegelhalterP: z === null ? null : 2 * pnorm(-Math.abs(z)),
    hosmerLemeshow: hl,
    emax: sortedErrors[n - 1],
    e90: quantile7(sortedErrors, 0.9),
    eavg,
    curve: { predicted: Array.from(smooth.x), observed: Array.from(smooth.y) },
    warnings,
  };
}

/** Logistic recalibration of y on x (logit p): with offsetOnly, logit = a + x; else logit = a + b x. */
function logisticFit(x: Float64Array, y: ArrayLike<number>, offsetOnly: boolean): [number, number] {
  const fit = logisticFit1(x, y, { offsetOnly });
  return [fit.intercept, fit.slope];
}

/**
 * Hosmer-Lemeshow statistic with groups cut at the quantiles (type 7) of p, lowest group closed.
 * With tied predictions an interval between two distinct quantiles can hold no patient (for example
 * (0.4, 0.45] when the quantiles 0.4, 0.45, 0.5 fall between observed values); such a group is left
 * out of the statistic and of its degrees of freedom, df = (non-empty groups) - 2, where R's
 * `cut`/`tapply` recipe and ResourceSelection::hoslem.test give NA.
 */
export function hosmerLemeshow(p: ArrayLike<number>, y: ArrayLike<number>, g = 10): { chisq: number | null; df: number | null; p: number | null; groups: number } {
  const n = p.length;
  const { group, count: G } = quantileGroups(p, g);
  const obs1 = new Float64Array(G);
  const exp1 = new Float64Array(G);
  const count = new Float64Array(G);
  for (let i = 0; i < n; i++) {
    const k = group[i];
    obs1[k] += y[i];
    exp1[k] += p[i];
    count[k]++;
  }
  let chisq = 0;
  let undefinedGroup = false;
  for (let k = 0; k < G; k++) {
    if (count[k] === 0) continue;
    const exp0 = count[k] - exp1[k];
    const obs0 = count[k] - obs1[k];
    if (!(exp1[k] > 0) || !(exp0 > 0)) undefinedGroup = true;
    chisq += (obs1[k] - exp1[k]) ** 2 / exp1[k] + (obs0 - exp0) ** 2 / exp0;
  }
  let groups = 0;
  for (let k = 0; k < G; k++) if (count[k] > 0) groups++;
  const df = groups - 2;
  // (fewer than 3 groups: no test, and no degrees of freedom to report)
  if (df <= 0) return { chisq: null, df: null, p: null, groups };
  if (undefinedGroup) return { chisq: null, df, p: null, groups };
  return { chisq, df, p: pchisq(chisq, df, true), groups };
}

/**
 * Net benefit of treating patients whose predicted probability is at least each threshold pt,
 * against treating all: NB = TP/n - FP/n * pt / (1 - pt) (Vickers & Elkin 2006,
 * doi:10.1177/0272989X06295361); treat-none is 0.
 */
export function netBenefit(p: ArrayLike<number>, y: ArrayLike<number>, thresholds: ArrayLike<number>): { threshold: number; model: number; treatAll: number }[] {
  const { n, events } = checkBinary('netBenefit', p, y);
  const prevalence = events / n;
  return Array.from(thresholds, (t) => {
    if (!(t > 0 && t < 1)) throw new DataError(`netBenefit: thresholds must be strictly between 0 and 1, got ${t}`, 'DATA_BAD_THRESHOLD');
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < n; i++) {
      if (p[i] >= t) y[i] === 1 ? tp++ : fp++;
    }
    const odds = t / (1 - t);
    return { threshold: t, model: tp / n - (fp / n) * odds, treatAll: prevalence - (1 - prevalence) * odds };
  });
}
