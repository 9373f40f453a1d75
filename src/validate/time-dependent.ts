/**
 * Time-dependent discrimination and prediction error for survival predictions, with inverse
 * probability of censoring weights, as riskRegression::Score.
 */
import { DataError, ParameterError } from '../core/errors.js';
import { quote } from '../core/messages.js';
import { lowerBound, upperBound } from '../stats/binary-search.js';
import { censoringSurvival } from '../stats/censoring-survival.js';

function check(where: string, risk: ArrayLike<number>, time: ArrayLike<number>, event: ArrayLike<number>, t: number): void {
  const n = risk.length;
  if (time.length !== n || event.length !== n) throw new DataError(`${where}: risk, time and event must have the same length (got ${n}, ${time.length} and ${event.length})`, 'DATA_SHAPE');
  if (n === 0) throw new DataError(`${where}: no observations`, 'DATA_NO_ROWS');
  if (!Number.isFinite(t) || t < 0) throw new ParameterError(`${where}: the horizon t must be a finite number >= 0, got ${quote(t)}`);
  for (let i = 0; i < n; i++) {
    if (!(time[i] >= 0) || !Number.isFinite(time[i])) throw new DataError(`${where}: time must be a finite number >= 0, got ${quote(time[i])} at position ${i + 1}`, 'DATA_BAD_TIME');
    if (event[i] !== 0 && event[i] !== 1) throw new DataError(`${where}: event must be 0 or 1, got ${quote(event[i])} at position ${i + 1}`, 'DATA_BAD_EVENT');
    if (!Number.isFinite(risk[i])) throw new DataError(`${where}: risk must be finite numbers, got ${quote(risk[i])} at position ${i + 1}`, 'DATA_MISSING');
  }
}

/**
 * Cumulative/dynamic time-dependent AUC at horizon t (Uno et al. 2007 style IPCW, as
 * `riskRegression::Score(metrics = "auc", cens.model = "km")`): cases are events by t weighted
 * 1 / G(T_i-), controls are patients still event-free after t weighted 1 / G(t), G the
 * Kaplan-Meier estimate of the censoring distribution; risk ties count one half.
 *
 * @param risk predicted risk at t (or any marker, higher = worse).
 * @throws DataError with code `DATA_NO_CASES` when no event happens by t (t is before the first
 *   event), or `DATA_NO_CONTROLS` when nobody is followed event-free beyond t: the AUC is then
 *   undefined (riskRegression reports NA); also for mismatched lengths or invalid values.
 */
export function timeDependentAuc(risk: ArrayLike<number>, time: ArrayLike<number>, event: ArrayLike<number>, t: number): number {
  const n = risk.length;
  check('timeDependentAuc', risk, time, event, t);
  const G = censoringSurvival(time, event);
  const cases: { r: number; w: number }[] = [];
  const controls: { r: number; w: number }[] = [];
  const gt = G.at(t);
  for (let i = 0; i < n; i++) {
    if (time[i] <= t && event[i] === 1) cases.push({ r: risk[i], w: 1 / G.before(time[i]) });
    else if (time[i] > t) controls.push({ r: risk[i], w: 1 / gt });
  }
  if (cases.length === 0) {
    let first = Infinity;
    for (let i = 0; i < n; i++) if (event[i] === 1 && time[i] < first) first = time[i];
    const when = first === Infinity ? 'there are no events' : `the first event is at ${first}`;
    throw new DataError(`timeDependentAuc: the AUC at t = ${t} is undefined: no event happens by then (${when})`, 'DATA_NO_CASES');
  }
  if (controls.length === 0) {
    let last = -Infinity;
    for (let i = 0; i < n; i++) if (time[i] > last) last = time[i];
    throw new DataError(`timeDependentAuc: the AUC at t = ${t} is undefined: nobody is followed event-free beyond it (the last follow-up time is ${last})`, 'DATA_NO_CONTROLS');
  }
  controls.sort((a, b) => a.r - b.r);
  // cumulative control weight below and equal, by binary search
  const cum = new Float64Array(controls.length + 1);
  for (let k = 0; k < controls.length; k++) cum[k + 1] = cum[k] + controls[k].w;
  const sortedRisk = Float64Array.from(controls, (c) => c.r);
  let num = 0;
  let caseWeight = 0;
  for (const c of cases) {
    const below = lowerBound(sortedRisk, c.r);
    const upto = upperBound(sortedRisk, c.r);
    num += c.w * (cum[below] + 0.5 * (cum[upto] - cum[below]));
    caseWeight += c.w;
  }
  return num / (caseWeight * cum[controls.length]);
}

/**
 * IPCW Brier score at horizon t for predicted risks F_i(t) = 1 - S_i(t), as
 * `riskRegression::Score(metrics = "brier")`: (1/n) sum_i W_i(t) (1{T_i <= t} - F_i(t))^2 with
 * W_i = delta_i 1{T_i <= t} / G(T_i-) + 1{T_i > t} / G(t) (Gerds & Schumacher 2006, doi:10.1002/bimj.200610301).
 * @throws DataError for mismatched lengths or invalid values.
 */
export function brierScore(risk: ArrayLike<number>, time: ArrayLike<number>, event: ArrayLike<number>, t: number): number {
  const n = risk.length;
  check('brierScore', risk, time, event, t);
  const G = censoringSurvival(time, event);
  const gt = G.at(t);
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (time[i] <= t) {
      if (event[i] === 1) s += (1 - risk[i]) ** 2 / G.before(time[i]);
    } else s += risk[i] ** 2 / gt;
  }
  return s / n;
}

/**
 * Integrated Brier score over the horizons, as riskRegression's `summary = "ibs"` at the last
 * horizon: the Brier score held constant from each horizon to the next, integrated from the first
 * to the last horizon and divided by the last (a fine, evenly spaced grid gives the usual IBS).
 * @throws DataError unless there are as many Brier scores as horizons, all finite, and the
 *   horizons increase from a positive first one.
 */
export function integratedBrierScore(times: ArrayLike<number>, brier: ArrayLike<number>): number {
  if (times.length !== brier.length || times.length === 0) throw new DataError(`integratedBrierScore: needs one Brier score per horizon (got ${brier.length} for ${times.length})`, 'DATA_SHAPE');
  for (let k = 0; k < times.length; k++) {
    if (!Number.isFinite(brier[k])) throw new DataError(`integratedBrierScore: the Brier score at ${times[k]} is not a finite number`, 'DATA_MISSING');
    if (!Number.isFinite(times[k]) || (k > 0 ? times[k] <= times[k - 1] : times[k] <= 0)) {
      throw new DataError(`integratedBrierScore: horizons must increase from a positive first one, got ${Array.from(times).join(', ')}`, 'DATA_BAD_TIME');
    }
  }
  let s = 0;
  for (let k = 0; k + 1 < times.length; k++) s += brier[k] * (times[k + 1] - times[k]);
  return s / times[times.length - 1];
}
