/**
 * Calibration of predicted survival at a horizon: predicted against Kaplan-Meier observed survival
 * in groups of predicted risk, and the calibration slope.
 */
import { DataError } from '../core/errors.js';
import { Matrix64 } from '../core/matrix.js';
import { CoxPH } from '../models/cox-ph.js';
import { stepIndex } from '../stats/binary-search.js';
import { kaplanMeier } from '../stats/kaplan-meier.js';
import { quantile7, quantileGroups } from '../stats/quantile.js';

/** One group of a survival calibration table. */
export interface SurvivalCalibrationGroup {
  group: number;
  n: number;
  events: number;
  /** Mean predicted survival at the horizon. */
  predicted: number;
  /** Kaplan-Meier survival at the horizon, with its log interval (survfit's). */
  observed: number;
  lower: number;
  upper: number;
}

/**
 * Predicted survival at horizon t against the Kaplan-Meier estimate in `groups` groups of
 * predicted survival cut at its quantiles (R's type 7, lowest group closed), the usual
 * calibration plot of a survival model at a horizon (Royston & Altman 2013,
 * doi:10.1186/1471-2288-13-33).
 *
 * @param predicted predicted survival probabilities S_i(t).
 */
export function survivalCalibration(predicted: ArrayLike<number>, time: ArrayLike<number>, event: ArrayLike<number>, t: number, groups = 5): SurvivalCalibrationGroup[] {
  const n = predicted.length;
  if (time.length !== n || event.length !== n) throw new DataError('survivalCalibration: predictions, time and event must have the same length', 'DATA_SHAPE');
  for (let i = 0; i < n; i++) if (!(predicted[i] >= 0 && predicted[i] <= 1)) throw new DataError(`survivalCalibration: predicted survival must be in [0, 1], got ${predicted[i]} at ${i + 1}`, 'DATA_BAD_PROBABILITY');
  const { group, count } = quantileGroups(predicted, groups);
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < n; i++) members[group[i]].push(i);
  return members.flatMap((rows, k) => {
    if (rows.length === 0) return [];
    const km = kaplanMeier(rows.map((i) => time[i]), rows.map((i) => event[i]));
    const at = stepIndex(km.times, t);
    const mean = rows.reduce((s, i) => s + predicted[i], 0) / rows.length;
    return [{ group: k + 1, n: rows.length, events: km.events, predicted: mean, observed: at < 0 ? 1 : km.survival[at], lower: at < 0 ? 1 : km.lower[at], upper: at < 0 ? 1 : km.upper[at] }];
  });
}

/**
 * Calibration slope of a Cox linear predictor on new patients: the coefficient of the linear
 * predictor in a Cox model refitted on them (1 = well calibrated, < 1 = overfitted), with its
 * standard error (Van Houwelingen 2000, doi:10.1002/1097-0258(20001230)19:24<3401::AID-SIM554>3.0.CO;2-2).
 */
export function coxCalibrationSlope(lp: ArrayLike<number>, time: ArrayLike<number>, event: ArrayLike<number>, ties: 'efron' | 'breslow' = 'efron'): { slope: number; se: number; lower: number; upper: number } {
  const fit = new CoxPH({ ties }).fit(Matrix64.fromColumns([Float64Array.from(lp)]), { time, event }, { featureNames: ['lp'] });
  const row = fit.summary()[0];
  return { slope: row.estimate, se: row.se, lower: row.lower, upper: row.upper };
}

/**
 * The group boundaries of `rms::calibrate(cph, cmethod = "KM")`: the quantiles (R's type 7) of the
 * predicted survival at the horizon with 0 and 1 added, at `groups` + 1 equally spaced
 * probabilities, duplicates removed. Fixed on the development fit's predictions and applied to every
 * resample's predictions with {@link groupKaplanMeier}.
 */
export function calibrationCuts(predicted: ArrayLike<number>, groups: number): number[] {
  const sorted = Float64Array.from([0, 1, ...Array.from(predicted)]).sort();
  const cuts = Array.from({ length: groups + 1 }, (_, k) => quantile7(sorted, k / groups));
  return cuts.filter((c, k) => k === 0 || c !== cuts[k - 1]);
}

/** One group of {@link groupKaplanMeier}: null `observed` where rms's `groupkm` gives NA. */
export interface KaplanMeierGroup {
  n: number;
  events: number;
  /** Mean predicted survival at the horizon (null for an empty group). */
  predicted: number | null;
  /** Kaplan-Meier survival at the horizon: null with fewer than 2 patients, or when the horizon is beyond the group's last time and its survival there is above 0. */
  observed: number | null;
}

/**
 * Predicted survival at horizon `u` against the Kaplan-Meier survival in the groups the cut points
 * make (intervals [c_k, c_k+1), the last closed, as Hmisc's `cut2`), as `rms::groupkm` computes it.
 */
export function groupKaplanMeier(predicted: ArrayLike<number>, time: ArrayLike<number>, event: ArrayLike<number>, u: number, cuts: readonly number[]): KaplanMeierGroup[] {
  const g = Math.max(1, cuts.length - 1);
  const members: number[][] = Array.from({ length: g }, () => []);
  for (let i = 0; i < predicted.length; i++) {
    const x = Math.abs(predicted[i]) < 1e-10 ? 0 : predicted[i];
    let k = 0;
    while (k < g - 1 && x >= cuts[k + 1]) k++;
    members[k].push(i);
  }
  return members.map((rows) => {
    const n = rows.length;
    const events = rows.reduce((s, i) => s + (event[i] === 1 ? 1 : 0), 0);
    const predictedMean = n === 0 ? null : rows.reduce((s, i) => s + predicted[i], 0) / n;
    if (n < 2) return { n: 0, events: 0, predicted: predictedMean, observed: null };
    const km = kaplanMeier(rows.map((i) => time[i]), rows.map((i) => event[i]));
    const at = stepIndex(km.times, u + 1e-6);
    const last = km.times.length - 1;
    const observed = at < 0 ? 1 : km.survival[at];
    const beyond = last >= 0 && u > km.times[last] + 1e-6 && km.survival[last] > 0;
    return { n, events, predicted: predictedMean, observed: beyond ? null : observed };
  });
}
