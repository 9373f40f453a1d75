/**
 * Calibration of predicted survival at a horizon: predicted against Kaplan-Meier observed survival
 * in groups of predicted risk, and the calibration slope.
 */
import { DataError } from '../core/errors.js';
import { Matrix64 } from '../core/matrix.js';
import { CoxPH } from '../models/cox-ph.js';
import { stepIndex } from '../stats/binary-search.js';
import { kaplanMeier } from '../stats/kaplan-meier.js';
import { quantileGroups } from '../stats/quantile.js';

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
