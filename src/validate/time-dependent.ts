/**
 * Time-dependent discrimination and prediction error for survival predictions, with inverse
 * probability of censoring weights, as riskRegression::Score.
 */
import { DataError } from '../core/errors.js';
import { lowerBound, upperBound } from '../stats/binary-search.js';
import { censoringSurvival } from '../stats/censoring-survival.js';

function check(where: string, time: ArrayLike<number>, event: ArrayLike<number>, n: number): void {
  if (time.length !== n || event.length !== n) throw new DataError(`${where}: predictions, time and event must have the same length`, 'DATA_SHAPE');
  for (let i = 0; i < n; i++) {
    if (!(time[i] > 0) || !Number.isFinite(time[i])) throw new DataError(`${where}: time must be positive and finite at ${i + 1}`, 'DATA_BAD_TIME');
    if (event[i] !== 0 && event[i] !== 1) throw new DataError(`${where}: event must be 0 or 1 at ${i + 1}`, 'DATA_BAD_EVENT');
  }
}

/**
 * Cumulative/dynamic time-dependent AUC at horizon t (Uno et al. 2007 style IPCW, as
 * `riskRegression::Score(metrics = "auc", cens.model = "km")`): cases are events by t weighted
 * 1 / G(T_i-), controls are patients still event-free after t weighted 1 / G(t), G the
 * Kaplan-Meier estimate of the censoring distribution; risk ties count one half.
 *
 * @param risk predicted risk at t (or any marker, higher = worse).
 */
export function timeDependentAuc(risk: ArrayLike<number>, time: ArrayLike<number>, event: ArrayLike<number>, t: number): number {
  const n = risk.length;
  check('timeDependentAuc', time, event, n);
  const G = censoringSurvival(time, event);
  const cases: { r: number; w: number }[] = [];
  const controls: { r: number; w: number }[] = [];
  const gt = G.at(t);
  for (let i = 0; i < n; i++) {
    if (time[i] <= t && event[i] === 1) cases.push({ r: risk[i], w: 1 / G.before(time[i]) });
    else if (time[i] > t) controls.push({ r: risk[i], w: 1 / gt });
  }
  if (cases.length === 0 || controls.length === 0) return NaN;
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
 */
export function brierScore(risk: ArrayLike<number>, time: ArrayLike<number>, event: ArrayLike<number>, t: number): number {
  const n = risk.length;
  check('brierScore', time, event, n);
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
 */
export function integratedBrierScore(times: ArrayLike<number>, brier: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k + 1 < times.length; k++) s += brier[k] * (times[k + 1] - times[k]);
  return s / times[times.length - 1];
}
