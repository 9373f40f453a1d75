/**
 * Test of proportional hazards by scaled Schoenfeld residuals, as survival::cox.zph (the score
 * test of Grambsch & Therneau 1994 in survival 3).
 */
import { checkFeatures, survivalResponse, type MatrixInput, type SurvivalResponse } from '../core/estimator.js';
import { checkOneOf } from '../core/checks.js';
import { DataError } from '../core/errors.js';
import { symmetricInverse } from '../core/linalg.js';
import { stepIndex } from '../stats/binary-search.js';
import { pchisq } from '../stats/distributions.js';
import { kaplanMeier } from '../stats/kaplan-meier.js';
import type { FittedCoxPH } from './fitted-cox-ph.js';

/** cox.zph's table: one test per term and the global test. */
export interface CoxZphResult {
  transform: 'km' | 'identity' | 'rank' | 'log';
  terms: { term: string; chisq: number; df: number; p: number }[];
  global: { chisq: number; df: number; p: number };
}

/**
 * Proportional-hazards test of a fitted Cox model (Grambsch & Therneau 1994,
 * doi:10.1093/biomet/81.3.515), exactly as `cox.zph(fit, transform)` in survival 3: the score test,
 * at the fitted coefficients, of adding x * g(t) for each covariate, where g is the transformed
 * event time centred at its mean over the events (`km`: one minus the Kaplan-Meier estimate just
 * before t, the default). Each term is tested with 1 df, all together with p df.
 *
 * @param X, response the training data of the fit.
 * @param options.transform of the event times: `km` (default), `rank`, `log` or `identity`, as cox.zph.
 * @throws DataError when the data do not match the model.
 * @example
 * const zph = coxZph(fit, X, { time, event }); // zph.global.p, zph.terms
 */
export function coxZph(fit: FittedCoxPH, input: MatrixInput, response: SurvivalResponse, options: { transform?: CoxZphResult['transform'] } = {}): CoxZphResult {
  const transform = checkOneOf('coxZph', 'transform', options.transform ?? 'km', ['km', 'rank', 'log', 'identity'] as const);
  const X = checkFeatures('coxZph', input, fit.featureNames);
  const n = X.rows;
  const p = X.cols;
  const { time, event } = survivalResponse('coxZph', response, n);
  if (p !== fit.featureNames.length) throw new DataError('coxZph: the data do not match the fitted model', 'DATA_SHAPE');
  // transformed times, centred at their mean over the events
  let ttimes: Float64Array;
  if (transform === 'km') {
    const km = kaplanMeier(time, event, { confType: 'none' });
    ttimes = Float64Array.from(time as ArrayLike<number>, (t) => {
      const k = stepIndex(km.times, t, true);
      return 1 - (k < 0 ? 1 : km.survival[k]);
    });
  } else if (transform === 'log') ttimes = Float64Array.from(time as ArrayLike<number>, Math.log);
  else if (transform === 'rank') {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a] - time[b]);
    ttimes = new Float64Array(n);
    for (let q = 0; q < n; ) {
      let end = q;
      while (end < n && time[order[end]] === time[order[q]]) end++;
      for (let r = q; r < end; r++) ttimes[order[r]] = (q + 1 + end) / 2;
      q = end;
    }
  } else ttimes = Float64Array.from(time as ArrayLike<number>);
  let mean = 0;
  let events = 0;
  for (let i = 0; i < n; i++) if (event[i] === 1) {
    mean += ttimes[i];
    events++;
  }
  mean /= events;
  const g = Float64Array.from(ttimes, (v) => v - mean);

  const beta = fit.coefficients;
  const efron = fit.options.ties === 'efron';
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[b] - time[a]);
  const d = X.data;
  // risk set sums over decreasing time
  let s0 = 0;
  const s1 = new Float64Array(p);
  const s2 = new Float64Array(p * p);
  const u = new Float64Array(p);
  const I11 = new Float64Array(p * p);
  const I12 = new Float64Array(p * p);
  const I22 = new Float64Array(p * p);
  const xbar = new Float64Array(p);
  for (let q = 0; q < n; ) {
    const t = time[order[q]];
    let end = q;
    while (end < n && time[order[end]] === t) end++;
    let deaths = 0;
    let d0 = 0;
    const d1 = new Float64Array(p);
    const d2 = new Float64Array(p * p);
    let gk = 0;
    for (let r = q; r < end; r++) {
      const i = order[r];
      let eta = 0;
      for (let j = 0; j < p; j++) eta += d[i + j * n] * beta[j];
      const e = Math.exp(eta);
      s0 += e;
      for (let a = 0; a < p; a++) {
        s1[a] += e * d[i + a * n];
        for (let b = 0; b < p; b++) s2[a + b * p] += e * d[i + a * n] * d[i + b * n];
      }
      if (event[i] === 1) {
        deaths++;
        gk = g[i];
        d0 += e;
        for (let a = 0; a < p; a++) {
          d1[a] += e * d[i + a * n];
          u[a] += gk * d[i + a * n];
          for (let b = 0; b < p; b++) d2[a + b * p] += e * d[i + a * n] * d[i + b * n];
        }
      }
    }
    if (deaths > 0) {
      const terms = efron ? deaths : 1;
      const weight = efron ? 1 : deaths;
      for (let l = 0; l < terms; l++) {
        const f = efron ? l / deaths : 0;
        const denom = s0 - f * d0;
        for (let a = 0; a < p; a++) {
          xbar[a] = (s1[a] - f * d1[a]) / denom;
          u[a] -= weight * gk * xbar[a];
        }
        for (let a = 0; a < p; a++) {
          for (let b = 0; b < p; b++) {
            const v = weight * ((s2[a + b * p] - f * d2[a + b * p]) / denom - xbar[a] * xbar[b]);
            I11[a + b * p] += v;
            I12[a + b * p] += gk * v;
            I22[a + b * p] += gk * gk * v;
          }
        }
      }
    }
    q = end;
  }
  // score test with the information of (beta, the term's time interactions)
  const testOf = (terms: number[]): number => {
    const m = p + terms.length;
    const info = new Float64Array(m * m);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) info[a + b * m] = I11[a + b * p];
    terms.forEach((ja, ka) => {
      for (let b = 0; b < p; b++) {
        info[p + ka + b * m] = I12[b + ja * p];
        info[b + (p + ka) * m] = I12[b + ja * p];
      }
      terms.forEach((jb, kb) => (info[p + ka + (p + kb) * m] = I22[ja + jb * p]));
    });
    const inverse = symmetricInverse(info, m);
    if (inverse === null) throw new DataError('coxZph: singular information matrix', 'DATA_SINGULAR');
    let chisq = 0;
    for (let ka = 0; ka < terms.length; ka++) for (let kb = 0; kb < terms.length; kb++) chisq += u[terms[ka]] * inverse[p + ka + (p + kb) * m] * u[terms[kb]];
    return chisq;
  };
  const terms = fit.featureNames.map((term, j) => {
    const chisq = testOf([j]);
    return { term, chisq, df: 1, p: pchisq(chisq, 1, true) };
  });
  const all = testOf(Array.from({ length: p }, (_, j) => j));
  return { transform, terms, global: { chisq: all, df: p, p: pchisq(all, p, true) } };
}
