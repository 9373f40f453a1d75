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
 * With the centred covariates `X` it also accumulates what the variance of a new patient's
 * cumulative hazard needs (survfit.coxph's se.fit, Tsiatis 1981): `varhaz`, the sum of the hazard
 * increments' variances (Breslow d / S0^2; Efron sum over l of 1 / (S0 - (l / d) E)^2), and per
 * covariate `xbar`, the sum of the risk set's weighted mean covariate times the hazard increment
 * (Breslow d S1 / S0^2; Efron sum over l of (S1 - (l / d) E1) / (S0 - (l / d) E)^2, S1 and E1 the
 * sums of exp(lp) x over the risk set and the deaths). Both are cumulative, at the same times.
 *
 * @param order the rows sorted by increasing time (ties in any order).
 */
export function baselineCumulativeHazard(time: ArrayLike<number>, event: ArrayLike<number>, lp: ArrayLike<number>, ties: 'efron' | 'breslow', order: ArrayLike<number>, X?: Matrix64): BaselineHazard {
  const n = time.length;
  const p = X?.cols ?? 0;
  const risk = new Float64Array(n);
  let s0 = 0;
  const s1 = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    risk[i] = Math.exp(lp[i]);
    s0 += risk[i];
    for (let j = 0; j < p; j++) s1[j] += risk[i] * X!.data[i + j * n];
  }
  const times: number[] = [];
  const cumhaz: number[] = [];
  const varhaz: number[] = [];
  const xbar: number[][] = Array.from({ length: p }, () => []);
  let h = 0;
  let v = 0;
  const xb = new Float64Array(p);
  const e1 = new Float64Array(p);
  const leaving1 = new Float64Array(p);
  for (let q = 0; q < n; ) {
    const t = time[order[q]];
    let end = q;
    let deaths = 0;
    let e = 0;
    let leaving = 0;
    e1.fill(0);
    leaving1.fill(0);
    while (end < n && time[order[end]] === t) {
      const i = order[end];
      if (event[i] === 1) {
        deaths++;
        e += risk[i];
        for (let j = 0; j < p; j++) e1[j] += risk[i] * X!.data[i + j * n];
      }
      leaving += risk[i];
      for (let j = 0; j < p; j++) leaving1[j] += risk[i] * X!.data[i + j * n];
      end++;
    }
    if (deaths > 0 && ties === 'breslow') {
      // every death sees the whole risk set
      h += deaths / s0;
      v += deaths / (s0 * s0);
      for (let j = 0; j < p; j++) xb[j] += (deaths * s1[j]) / (s0 * s0);
    } else if (deaths > 0) {
      // Efron: the l-th death sees the risk set less l/d of the deaths
      for (let l = 0; l < deaths; l++) {
        const denominator = s0 - (l / deaths) * e;
        h += 1 / denominator;
        v += 1 / (denominator * denominator);
        for (let j = 0; j < p; j++) xb[j] += (s1[j] - (l / deaths) * e1[j]) / (denominator * denominator);
      }
    }
    times.push(t);
    cumhaz.push(h);
    if (X !== undefined) {
      varhaz.push(v);
      for (let j = 0; j < p; j++) xbar[j].push(xb[j]);
    }
    s0 -= leaving;
    for (let j = 0; j < p; j++) s1[j] -= leaving1[j];
    q = end;
  }
  const out: BaselineHazard = { time: Float64Array.from(times), cumhaz: Float64Array.from(cumhaz) };
  if (X !== undefined) {
    out.varhaz = Float64Array.from(varhaz);
    out.xbar = xbar.map((x) => Float64Array.from(x));
  }
  return out;
}

/** A cumulative baseline hazard, with (when the covariates were given) its variance terms. */
export interface BaselineHazard {
  time: Float64Array;
  cumhaz: Float64Array;
  /** Cumulative sum of the hazard increments' variances. */
  varhaz?: Float64Array;
  /** Per covariate, the cumulative hazard-weighted mean of the centred covariate over the risk sets. */
  xbar?: Float64Array[];
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
