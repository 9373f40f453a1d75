/**
 * The Kaplan-Meier estimator with Greenwood standard errors, as R's `survival::survfit`.
 */
import { withPlainJSON } from '../core/model-json.js';
import { checkNumber, checkOneOf, resolveOptions } from '../core/checks.js';
import { DataError } from '../core/errors.js';
import { qnorm } from './normal.js';

/** Confidence interval transform, as `survfit(conf.type = ...)`. */
export type KmConfType = 'log' | 'log-log' | 'plain' | 'none';

/** Options of {@link kaplanMeier}. */
export interface KaplanMeierOptions {
  /**
   * Scale on which the pointwise interval is symmetric.
   * @defaultValue 'log' (survfit's default)
   */
  confType: KmConfType;
  /** @defaultValue 0.95 */
  confLevel: number;
}

/** A Kaplan-Meier curve: one entry per distinct observed time (events and censorings), as survfit. */
export interface KaplanMeierCurve {
  n: number;
  events: number;
  times: Float64Array;
  nRisk: Float64Array;
  nEvent: Float64Array;
  nCensor: Float64Array;
  survival: Float64Array;
  /** Greenwood standard error of the cumulative hazard -log S (survfit's `std.err`). */
  stdErr: Float64Array;
  /** Pointwise interval (NaN where undefined, as NA in R). */
  lower: Float64Array;
  upper: Float64Array;
  confType: KmConfType;
  confLevel: number;
  /** Median survival and its interval (NaN when not reached), by survival's `quantile.survfit` rule. */
  median: number;
  medianLower: number;
  medianUpper: number;
}

const DEFAULTS: KaplanMeierOptions = { confType: 'log', confLevel: 0.95 };

/**
 * Kaplan-Meier estimate S(t) = prod over event times t_i <= t of (1 - d_i / n_i), with
 * Greenwood's variance of -log S, sum d_i / (n_i (n_i - d_i)), and the pointwise interval of
 * `survfit` (log by default; upper limits capped at 1). The median is the first time the curve is
 * at or below 0.5; where it equals 0.5 over a stretch, the midpoint of that stretch, exactly as
 * `quantile.survfit` (tolerance sqrt(machine epsilon)). Its interval is where the interval bands
 * cross 0.5 (Brookmeyer & Crowley 1982, doi:10.2307/2530286).
 *
 * Kaplan & Meier 1958, doi:10.1080/01621459.1958.10501452.
 *
 * @param time follow-up times (finite, zero or positive: an event or censoring on the day of entry
 *   counts at time 0, as survfit does).
 * @param event 1 = event, 0 = censored.
 * @throws DataError for empty input, mismatched lengths or invalid values.
 * @example
 * const km = kaplanMeier(Float64Array.of(1, 2, 3), Uint8Array.of(1, 0, 1));
 * km.survival; // [0.6667, 0.6667, 0]
 */
export function kaplanMeier(time: ArrayLike<number>, event: ArrayLike<number>, options?: Partial<KaplanMeierOptions>): KaplanMeierCurve {
  const opts = resolveOptions('kaplanMeier', DEFAULTS, options);
  checkOneOf('kaplanMeier', 'confType', opts.confType, ['log', 'log-log', 'plain', 'none'] as const);
  checkNumber('kaplanMeier', 'confLevel', opts.confLevel, { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
  const n = time.length;
  if (n === 0) throw new DataError('kaplanMeier: no observations', 'DATA_NO_ROWS');
  if (event.length !== n) throw new DataError(`kaplanMeier: time has ${n} values but event has ${event.length}`, 'DATA_SHAPE');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(time[i])) throw new DataError(`kaplanMeier: time ${i + 1} is not a finite number (${time[i]})`, 'DATA_BAD_TIME');
    if (time[i] < 0) throw new DataError(`kaplanMeier: time ${i + 1} is negative (${time[i]}); follow-up times are zero or positive`, 'DATA_BAD_TIME');
    if (event[i] !== 0 && event[i] !== 1) throw new DataError(`kaplanMeier: event ${i + 1} must be 0 or 1, got ${event[i]}`, 'DATA_BAD_EVENT');
  }
  const order = sortByTime(time);
  // distinct times
  const times: number[] = [];
  const nEvent: number[] = [];
  const nCensor: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const t = time[i];
    if (times.length === 0 || times[times.length - 1] !== t) {
      times.push(t);
      nEvent.push(0);
      nCensor.push(0);
    }
    if (event[i] === 1) nEvent[nEvent.length - 1]++;
    else nCensor[nCensor.length - 1]++;
  }
  const m = times.length;
  const curve: KaplanMeierCurve = {
    n,
    events: 0,
    times: Float64Array.from(times),
    nRisk: new Float64Array(m),
    nEvent: Float64Array.from(nEvent),
    nCensor: Float64Array.from(nCensor),
    survival: new Float64Array(m),
    stdErr: new Float64Array(m),
    lower: new Float64Array(m),
    upper: new Float64Array(m),
    confType: opts.confType,
    confLevel: opts.confLevel,
    median: NaN,
    medianLower: NaN,
    medianUpper: NaN,
  };
  let atRisk = n;
  let s = 1;
  let greenwood = 0;
  for (let k = 0; k < m; k++) {
    const d = nEvent[k];
    curve.nRisk[k] = atRisk;
    curve.events += d;
    if (d > 0) {
      s *= 1 - d / atRisk;
      greenwood += atRisk === d ? Infinity : d / (atRisk * (atRisk - d));
    }
    curve.survival[k] = s;
    curve.stdErr[k] = Math.sqrt(greenwood);
    atRisk -= d + nCensor[k];
  }
  const z = qnorm(1 - (1 - opts.confLevel) / 2);
  for (let k = 0; k < m; k++) {
    const [lo, hi] = confidenceLimits(curve.survival[k], curve.stdErr[k], z, opts.confType);
    curve.lower[k] = lo;
    curve.upper[k] = hi;
  }
  curve.median = survivalQuantile(curve.times, curve.survival, 0.5);
  if (opts.confType !== 'none') {
    curve.medianLower = survivalQuantile(curve.times, curve.lower, 0.5);
    curve.medianUpper = survivalQuantile(curve.times, curve.upper, 0.5);
  }
  return withPlainJSON(curve);
}

/** survfit's pointwise limits for S with standard error `se` of -log S. */
function confidenceLimits(s: number, se: number, z: number, type: KmConfType): [number, number] {
  if (type === 'none') return [NaN, NaN];
  if (type === 'plain') {
    const w = z * se * s;
    return Number.isFinite(w) ? [Math.max(s - w, 0), Math.min(s + w, 1)] : [NaN, NaN];
  }
  if (type === 'log') {
    if (s === 0 || !Number.isFinite(se)) return [NaN, NaN];
    return [Math.exp(Math.log(s) - z * se), Math.min(Math.exp(Math.log(s) + z * se), 1)];
  }
  if (s === 0 || s === 1 || !Number.isFinite(se)) return [NaN, NaN];
  const w = (z * se) / Math.log(s);
  const ll = Math.log(-Math.log(s));
  return [Math.exp(-Math.exp(ll - w)), Math.exp(-Math.exp(ll + w))];
}

/**
 * The time at which a survival curve (right-continuous steps) falls to 1 - p (for `p = 0.5` the
 * median), by the rule of survival's `findq`: on the distribution function
 * F = 1 - S (with F(0) = 0 prepended at time 0), take the first time F >= p - tol and the first
 * time F >= p + tol and average them, so a curve flat at exactly 0.5 gives the midpoint of the
 * flat stretch; NaN when the curve never gets there. NaN entries (undefined limits) are skipped.
 */
export function survivalQuantile(times: ArrayLike<number>, survival: ArrayLike<number>, p: number): number {
  const tol = Math.sqrt(2.220446049250313e-16);
  if (p === 0) return 0;
  // (x, y) = (0, 0) then (time, 1 - survival), keeping the first of repeated y values (NaN included)
  const xmax = times.length > 0 ? times[times.length - 1] : 0;
  const seen = new Set<number>([0]);
  const xs: number[] = [0];
  const ys: number[] = [0];
  let lastIsMissing = false;
  for (let k = 0; k < times.length; k++) {
    const f = 1 - survival[k];
    if (seen.has(f)) continue;
    seen.add(f);
    lastIsMissing = Number.isNaN(f);
    if (lastIsMissing) continue;
    xs.push(times[k]);
    ys.push(f);
  }
  let maxY = -Infinity;
  for (const v of ys) if (v > maxY) maxY = v;
  if (maxY < p) return NaN;
  // R's approx(y -/+ tol, index, p, "constant", f = 1): the point with the smallest y at or above the threshold
  const at = (threshold: number): number => {
    let best = -1;
    for (let k = 0; k < ys.length; k++) if (ys[k] >= threshold && (best < 0 || ys[k] < ys[best])) best = k;
    return best;
  };
  const i1 = at(p - tol);
  const i2 = at(p + tol);
  if (!lastIsMissing && Math.abs(p - ys[ys.length - 1]) < tol && i1 >= 0) return (xs[i1] + xmax) / 2;
  if (i1 < 0 || i2 < 0) return NaN;
  return (xs[i1] + xs[i2]) / 2;
}

/**
 * Median follow-up by the reverse Kaplan-Meier method (Schemper & Smith 1996,
 * doi:10.1016/0197-2456(96)00075-X): the median of the censoring distribution, treating
 * censorings as events and events as censored.
 */
export function medianFollowUp(time: ArrayLike<number>, event: ArrayLike<number>): number {
  const reversed = new Uint8Array(event.length);
  for (let i = 0; i < event.length; i++) reversed[i] = event[i] === 1 ? 0 : 1;
  return kaplanMeier(time, reversed, { confType: 'none' }).median;
}

function sortByTime(time: ArrayLike<number>): Int32Array {
  const order = new Int32Array(time.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => time[a] - time[b] || a - b);
  return order;
}
