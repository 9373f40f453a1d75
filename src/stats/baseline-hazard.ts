/**
 * The cumulative baseline hazard of a Cox model with given linear predictors, as survfit.coxph.
 */
import { Matrix64 } from '../core/matrix.js';
import { stepIndex } from './binary-search.js';

/**
 * Cumulative baseline hazard at every distinct time, for fixed risk scores `lp` (the linear
 * predictor, centred as the caller wishes; the hazard is that of a patient with lp = 0): Breslow
 * increments d / S0, or with Efron ties sum over l < d of 1 / (S0 - (l / d) E), where S0 is the sum
 * of exp(lp) over the risk set and E over the deaths at the time (Kalbfleisch & Prentice 2002;
 * survfit.coxph's hazard estimate).
 *
 * @param order the rows sorted by increasing time (ties in any order).
 */
export function baselineCumulativeHazard(time: ArrayLike<number>, event: ArrayLike<number>, lp: ArrayLike<number>, ties: 'efron' | 'breslow', order: ArrayLike<number>): { time: Float64Array; cumhaz: Float64Array } {
  const n = time.length;
  const risk = new Float64Array(n);
  let s0 = 0;
  for (let i = 0; i < n; i++) {
    risk[i] = Math.exp(lp[i]);
    s0 += risk[i];
  }
  const times: number[] = [];
  const cumhaz: number[] = [];
  let h = 0;
  for (let q = 0; q < n; ) {
    const t = time[order[q]];
    let end = q;
    let deaths = 0;
    let e = 0;
    let leaving = 0;
    while (end < n && time[order[end]] === t) {
      const i = order[end];
      if (event[i] === 1) {
        deaths++;
        e += risk[i];
      }
      leaving += risk[i];
      end++;
    }
    if (deaths > 0) {
      if (ties === 'breslow') h += deaths / s0;
      else for (let l = 0; l < deaths; l++) h += 1 / (s0 - (l / deaths) * e);
    }
    times.push(t);
    cumhaz.push(h);
    s0 -= leaving;
    q = end;
  }
  return { time: Float64Array.from(times), cumhaz: Float64Array.from(cumhaz) };
}

/** Row indices sorted by increasing time (a native sort of index-tagged keys). */
export function increasingTimeOrder(time: ArrayLike<number>): Int32Array {
  const n = time.length;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  return order.sort((a, b) => time[a] - time[b] || a - b);
}

/**
 * Predicted survival S(t | x) = exp(-H0(t) exp(risk)) at the given times, rows x times, from a
 * cumulative baseline hazard (a step function: 0 before its first time) and each row's risk score
 * relative to the baseline's reference (e.g. the centred linear predictor).
 */
export function survivalFromBaseline(baseline: { time: ArrayLike<number>; cumhaz: ArrayLike<number> }, risk: ArrayLike<number>, times: ArrayLike<number>): Matrix64 {
  const n = risk.length;
  const out = new Matrix64(n, times.length);
  for (let c = 0; c < times.length; c++) {
    const k = stepIndex(baseline.time, times[c]);
    const h0 = k < 0 ? 0 : baseline.cumhaz[k];
    for (let i = 0; i < n; i++) out.data[i + c * n] = Math.exp(-h0 * Math.exp(risk[i]));
  }
  return out;
}
