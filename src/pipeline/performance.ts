/**
 * The performance measures of a study's models, computed the same way for apparent, resampled and
 * external data: `auc`, `calibrationSlope`, `calibrationIntercept`, `brier`, `ipa` (binary); `cIndex`,
 * `unoC`, `tdAuc@<h>`, `brier@<h>`, `ipa@<h>`, `ibs` (survival). An undefined measure is null.
 *
 * The index of prediction accuracy (IPA, the scaled Brier score) is 1 - Brier / Brier of the
 * non-informative model on the same patients, as riskRegression::Score reports it (Kattan & Gerds
 * 2018, doi:10.1186/s41512-018-0029-2): binary, the model predicting the observed prevalence
 * (Brier prevalence x (1 - prevalence)); survival, the Kaplan-Meier estimate of the same patients
 * without covariates (its IPCW Brier score at each horizon). 1 is perfect, 0 no better than the
 * non-informative model, below 0 worse.
 */
import { Matrix64 } from '../core/matrix.js';
import { CoxPH } from '../models/cox-ph.js';
import { concordanceIndex } from '../stats/concordance.js';
import { logisticFit1 } from '../stats/logistic.js';
import { delongPlacements } from '../validate/binary-metrics.js';
import { kaplanMeier } from '../stats/kaplan-meier.js';
import { brierScore, integratedBrierScore, timeDependentAuc } from '../validate/time-dependent.js';
import type { StudyPrediction } from './study-prediction.js';
import type { Study } from './study.js';

/**
 * Survival predictions' risk of an event by time `t` (one of the study's evaluation times), 1 - S(t):
 * a scale every fit shares, on which predictions of different fits pooled together are ranked.
 */
export function eventRisk(study: Study, prediction: Extract<StudyPrediction, { family: 'survival' }>, t: number): Float64Array {
  return prediction.survival.column(evaluationTimes(study).indexOf(t)).map((v) => 1 - v);
}

/** Measures by name; null when undefined on these patients (one class, no events, no comparable pairs). */
export type Metrics = Record<string, number | null>;

/** The outcome of some patients. */
export type StudyOutcome = { y: ArrayLike<number> } | { time: ArrayLike<number>; event: ArrayLike<number> };

/** The names of a study's measures, in report order. */
export function metricNames(study: Study): string[] {
  if (study.outcome.type === 'binary') return ['auc', 'calibrationSlope', 'calibrationIntercept', 'brier', 'ipa'];
  const h = study.outcome.horizons;
  return ['cIndex', 'unoC', 'calibrationSlope', ...h.map((t) => `tdAuc@${t}`), ...h.map((t) => `brier@${t}`), ...h.map((t) => `ipa@${t}`), 'ibs'];
}

/** Measures on which AUC-like .632+ estimates are made (the no-information value is 0.5). */
export const DISCRIMINATION = new Set(['auc', 'cIndex', 'unoC']);

/**
 * The times at which survival predictions are evaluated: the horizons and 20 evenly spaced times
 * up to the last horizon (for the integrated Brier score and time-dependent AUC curves).
 */
export function evaluationTimes(study: Study): number[] {
  if (study.outcome.type !== 'survival') return [];
  const h = study.outcome.horizons;
  const last = Math.max(...h);
  const grid = new Set<number>(h);
  for (let k = 1; k <= 20; k++) grid.add((last * k) / 20);
  return [...grid].sort((a, b) => a - b);
}

/** The first event time and the last follow-up time of some patients (null first event without events). */
export function followUp(time: ArrayLike<number>, event: ArrayLike<number>): { firstEvent: number | null; lastFollowUp: number } {
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < time.length; i++) {
    if (event[i] === 1 && time[i] < first) first = time[i];
    if (time[i] > last) last = time[i];
  }
  return { firstEvent: first === Infinity ? null : first, lastFollowUp: last };
}

/**
 * The upper end of the integrated Brier score's range on patients followed up to `lastFollowUp`:
 * the largest evaluation time (at most `upTo`, by default the last horizon) before the last
 * follow-up, or null when there is none. Beyond the last follow-up nobody is at risk and the IPCW
 * Brier score is undefined.
 */
export function ibsUpperBound(study: Study, lastFollowUp: number, upTo = Infinity): number | null {
  let best: number | null = null;
  for (const t of evaluationTimes(study)) if (t < lastFollowUp && t <= upTo) best = t;
  return best;
}

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function attempt(f: () => number): number | null {
  try {
    return finite(f());
  } catch {
    return null;
  }
}

/**
 * The study's measures of one model's predictions. Survival: a measure at a horizon at or beyond the
 * last follow-up is null (nobody is at risk after it), and the integrated Brier score runs from 0 to
 * `ibsTo` (default: {@link ibsUpperBound} of these patients; null when there is no such time), so
 * that resampled, apparent and external values cover the same range.
 */
export function modelMetrics(study: Study, prediction: StudyPrediction, outcome: StudyOutcome, ibsTo?: number | null, options: { commonScale?: boolean } = {}): Metrics {
  if (prediction.family === 'binary') return binaryMetrics(prediction.probability, (outcome as { y: ArrayLike<number> }).y);
  const { time, event } = outcome as { time: ArrayLike<number>; event: ArrayLike<number> };
  const horizons = (study.outcome as { horizons: number[] }).horizons;
  const times = evaluationTimes(study);
  // predictions of several fits pooled (CV out of fold) rank on the predicted risk of an event by a
  // time, which every fit puts on the same scale, not on risk scores whose offsets differ between fits
  const riskBy = (t: number) => (options.commonScale ? eventRisk(study, prediction, t) : prediction.risk);
  const risk = riskBy(Math.max(...horizons));
  const out: Metrics = {
    cIndex: attempt(() => concordanceIndex(risk, time, event).estimate),
    unoC: attempt(() => concordanceIndex(risk, time, event, { timewt: 'n/G2', tau: Math.max(...horizons) }).estimate),
  };
  out.calibrationSlope = attempt(() => survivalCalibrationSlope(prediction.survival.column(times.indexOf(Math.max(...horizons))), time, event));
  const survivalAt = (k: number) => prediction.survival.column(k);
  const { lastFollowUp } = followUp(time, event);
  const brierAt = (t: number) => (t >= lastFollowUp ? null : attempt(() => brierScore(survivalAt(times.indexOf(t)).map((s) => 1 - s), time, event, t)));
  for (const h of horizons) out[`tdAuc@${h}`] = attempt(() => timeDependentAuc(riskBy(h), time, event, h));
  for (const h of horizons) out[`brier@${h}`] = brierAt(h);
  const reference = nonInformativeBrier(study, outcome);
  for (const h of horizons) out[`ipa@${h}`] = scaledBrier(out[`brier@${h}`], reference[`brier@${h}`]);
  // from time 0 (where the Brier score is 0, adding nothing) to ibsTo, as riskRegression's ibs at that time
  const to = ibsTo === undefined ? ibsUpperBound(study, lastFollowUp) : ibsTo;
  const range = to === null ? [] : times.filter((t) => t <= to);
  const briers = range.map(brierAt);
  out.ibs = range.length > 0 && briers.every((b) => b !== null) ? attempt(() => integratedBrierScore(range, briers as number[])) : null;
  return out;
}

/**
 * The calibration slope of survival predictions: the coefficient of a Cox model of the outcome on
 * the complementary log-log of the predicted risk of an event by the last horizon, log(-log S) of
 * the predicted survival S there. For a Cox model that is its linear predictor plus a constant, so the slope is
 * rms::validate(cph)'s "Slope", the coefficient of coxph(Surv ~ lp); it is defined for every model
 * and for predictions pooled from several fits. 1 is ideal; below 1, predictions too extreme.
 */
export function survivalCalibrationSlope(survival: ArrayLike<number>, time: ArrayLike<number>, event: ArrayLike<number>): number {
  // (a survival of exactly 1 or 0, a forest's or an underflow, is kept just inside (0, 1))
  const lp = Float64Array.from(survival, (s) => Math.log(-Math.log(Math.min(1 - 1e-15, Math.max(1e-300, s)))));
  const fit = new CoxPH().fit(Matrix64.fromColumns([lp]), { time, event });
  return fit.coefficients[0];
}

/** 1 - brier / reference, null when either is null or the reference is 0 (nothing to improve on). */
function scaledBrier(brier: number | null, reference: number | null): number | null {
  return brier === null || reference === null || !(reference > 0) ? null : finite(1 - brier / reference);
}

/**
 * The Brier score of the non-informative model on these patients, the denominator of the IPA:
 * binary `{ brier }` = prevalence x (1 - prevalence), the Brier score of predicting the observed
 * prevalence for everyone (null with one class); survival `{ 'brier@<h>' }` at each horizon, the
 * IPCW Brier score of the Kaplan-Meier estimate of the same patients without covariates
 * (riskRegression::Score's null model; null at or beyond the last follow-up).
 */
export function nonInformativeBrier(study: Study, outcome: StudyOutcome): Metrics {
  if (study.outcome.type === 'binary') {
    const y = (outcome as { y: ArrayLike<number> }).y;
    let positives = 0;
    for (let i = 0; i < y.length; i++) positives += y[i];
    const prevalence = positives / y.length;
    return { brier: positives === 0 || positives === y.length ? null : prevalence * (1 - prevalence) };
  }
  const { time, event } = outcome as { time: ArrayLike<number>; event: ArrayLike<number> };
  const out: Metrics = {};
  const { lastFollowUp } = followUp(time, event);
  let km: ReturnType<typeof kaplanMeier> | null = null;
  for (const h of study.outcome.horizons) {
    out[`brier@${h}`] =
      h >= lastFollowUp
        ? null
        : attempt(() => {
            km ??= kaplanMeier(time, event, { confType: 'none' });
            // the Kaplan-Meier risk at h: 1 - S(h), S stepping at each observed time up to h
            let s = 1;
            for (let k = 0; k < km.times.length && km.times[k] <= h; k++) s = km.survival[k];
            return brierScore(new Float64Array(time.length).fill(1 - s), time, event, h);
          });
  }
  return out;
}

/**
 * AUC (the DeLong/Mann-Whitney estimate), calibration-in-the-large, calibration slope and Brier
 * score, computed as `aucDeLong` and `calibration` compute them but without the LOWESS curve,
 * Hosmer-Lemeshow and Spiegelhalter terms that resampling does not use.
 */
function binaryMetrics(p: Float64Array, y: ArrayLike<number>): Metrics {
  const n = p.length;
  let positives = 0;
  let brier = 0;
  let extreme = false;
  let constant = true;
  for (let i = 0; i < n; i++) {
    positives += y[i];
    brier += (p[i] - y[i]) ** 2;
    if (p[i] <= 0 || p[i] >= 1) extreme = true;
    if (p[i] !== p[0]) constant = false;
  }
  if (positives === 0 || positives === n) return { auc: null, calibrationSlope: null, calibrationIntercept: null, brier: null, ipa: null };
  const prevalence = positives / n;
  const logit = extreme ? null : Float64Array.from(p, (v) => Math.log(v / (1 - v)));
  return {
    auc: attempt(() => delongPlacements(p, y).auc),
    calibrationSlope: logit === null || constant ? null : finite(logisticFit1(logit, y).slope),
    calibrationIntercept: logit === null ? null : finite(logisticFit1(logit, y, { offsetOnly: true }).intercept),
    brier: brier / n,
    ipa: scaledBrier(brier / n, prevalence * (1 - prevalence)),
  };
}

/**
 * Why a measure of one evaluation is null, read from the other measures of the same evaluation
 * (the record {@link modelMetrics} returned), so that resampling keeps no reasons and the hot path
 * pays nothing: only the null cases are explained, after the fact. The rules mirror those of
 * {@link modelMetrics}: binary, every measure is null with one outcome class (the Brier score is
 * null only then); calibration intercept and slope are null when a predicted probability is 0 or 1
 * (no logit); the slope alone when the predictions are constant (the AUC is then exactly 0.5) or
 * the slope's fit diverges (predictions that separate the classes). Survival, a horizon at or beyond
 * the last follow-up makes `brier@h`, `tdAuc@h` and `ipa@h` null; with a Brier score, `tdAuc@h` is
 * null when no event happened by h, and `ipa@h` then too (the null model's Brier score is 0).
 * Returns null for a measure that is not null.
 */
export function undefinedReason(metrics: Metrics, metric: string): string | null {
  if (metrics[metric] !== null && metrics[metric] !== undefined) return null;
  if ('brier' in metrics) {
    if (metrics.brier === null) return 'one outcome class';
    if (metric === 'calibrationIntercept' || (metric === 'calibrationSlope' && metrics.calibrationIntercept === null)) return 'a predicted probability of 0 or 1';
    if (metric === 'calibrationSlope') return metrics.auc === 0.5 ? 'constant predictions' : 'predictions that separate the classes (the slope fit diverges)';
    return 'one outcome class';
  }
  const at = /^(tdAuc|brier|ipa)@(.+)$/.exec(metric);
  if (at !== null) {
    if (metrics[`brier@${at[2]}`] === null) return `no one followed beyond ${at[2]}`;
    return `no event by ${at[2]}`;
  }
  if (metric === 'ibs') return "follow-up ending before the end of the integrated Brier score's range";
  if (metric === 'calibrationSlope' && metrics.cIndex !== null && metrics.cIndex !== undefined) return metrics.cIndex === 0.5 ? 'constant predictions' : 'the slope fit diverges (predictions that order the events perfectly)';
  if (metric === 'unoC' && metrics.cIndex !== null) return 'no comparable pair before the last horizon';
  return 'no comparable pair (no event before the last follow-up)';
}

/**
 * Warnings for horizons the patients cannot speak to: before the first event (no case: td-AUC is
 * null) or at or after the last follow-up (nobody at risk: td-AUC, Brier score, calibration and
 * decision curve at it are null), and the range of the integrated Brier score when it stops short of
 * the last horizon. `label` names the patients ("development", "external (ext.csv)").
 */
export function horizonWarnings(study: Study, time: ArrayLike<number>, event: ArrayLike<number>, label: string, ibsTo: number | null): string[] {
  if (study.outcome.type !== 'survival') return [];
  const horizons = study.outcome.horizons;
  const { firstEvent, lastFollowUp } = followUp(time, event);
  const out: string[] = [];
  for (const h of horizons) {
    if (h >= lastFollowUp) out.push(`${label}: horizon ${h} is at or beyond the last follow-up (${lastFollowUp}): nobody is at risk after it, so tdAuc@${h}, brier@${h} and the calibration and decision curves at ${h} are null`);
    else if (firstEvent === null || h < firstEvent) out.push(`${label}: horizon ${h} is before the first event (${firstEvent === null ? 'there are none' : `at ${firstEvent}`}): tdAuc@${h} is null (no patient has had the event by then); brier@${h} and the calibration at ${h} compare the predictions with an observed survival of 1`);
  }
  const last = Math.max(...horizons);
  if (ibsTo === null) out.push(`${label}: the integrated Brier score is null: no evaluation time (the horizons and 20 steps up to ${last}) is before the last follow-up (${lastFollowUp})`);
  else if (ibsTo < last) out.push(`${label}: the integrated Brier score is integrated from 0 to ${ibsTo}, not to the last horizon ${last}: follow-up ends at ${lastFollowUp}`);
  return out;
}
