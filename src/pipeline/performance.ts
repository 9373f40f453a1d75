/**
 * The performance measures of a study's models, computed the same way for apparent, resampled and
 * external data: `auc`, `calibrationSlope`, `calibrationIntercept`, `brier` (binary); `cIndex`,
 * `unoC`, `tdAuc@<h>`, `brier@<h>`, `ibs` (survival). An undefined measure is null.
 */
import { concordanceIndex } from '../stats/concordance.js';
import { logisticFit1 } from '../stats/logistic.js';
import { delongPlacements } from '../validate/binary-metrics.js';
import { brierScore, integratedBrierScore, timeDependentAuc } from '../validate/time-dependent.js';
import type { StudyPrediction } from './study-prediction.js';
import type { Study } from './study.js';

/** Measures by name; null when undefined on these patients (one class, no events, no comparable pairs). */
export type Metrics = Record<string, number | null>;

/** The outcome of some patients. */
export type StudyOutcome = { y: ArrayLike<number> } | { time: ArrayLike<number>; event: ArrayLike<number> };

/** The names of a study's measures, in report order. */
export function metricNames(study: Study): string[] {
  if (study.outcome.type === 'binary') return ['auc', 'calibrationSlope', 'calibrationIntercept', 'brier'];
  const h = study.outcome.horizons;
  return ['cIndex', 'unoC', ...h.map((t) => `tdAuc@${t}`), ...h.map((t) => `brier@${t}`), 'ibs'];
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

/** The study's measures of one model's predictions. */
export function modelMetrics(study: Study, prediction: StudyPrediction, outcome: StudyOutcome): Metrics {
  if (prediction.family === 'binary') return binaryMetrics(prediction.probability, (outcome as { y: ArrayLike<number> }).y);
  const { time, event } = outcome as { time: ArrayLike<number>; event: ArrayLike<number> };
  const horizons = (study.outcome as { horizons: number[] }).horizons;
  const times = evaluationTimes(study);
  const risk = prediction.risk;
  const out: Metrics = {
    cIndex: attempt(() => concordanceIndex(risk, time, event).estimate),
    unoC: attempt(() => concordanceIndex(risk, time, event, { timewt: 'n/G2', tau: Math.max(...horizons) }).estimate),
  };
  const survivalAt = (k: number) => prediction.survival.column(k);
  for (const h of horizons) out[`tdAuc@${h}`] = attempt(() => timeDependentAuc(risk, time, event, h));
  for (const h of horizons) {
    const k = times.indexOf(h);
    out[`brier@${h}`] = attempt(() => brierScore(survivalAt(k).map((s) => 1 - s), time, event, h));
  }
  const briers = times.map((t, k) => attempt(() => brierScore(survivalAt(k).map((s) => 1 - s), time, event, t)));
  // from time 0 (where the Brier score is 0, adding nothing) to the last horizon, as riskRegression's ibs
  out.ibs = briers.every((b) => b !== null) ? attempt(() => integratedBrierScore(times, briers as number[])) : null;
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
  if (positives === 0 || positives === n) return { auc: null, calibrationSlope: null, calibrationIntercept: null, brier: null };
  const logit = extreme ? null : Float64Array.from(p, (v) => Math.log(v / (1 - v)));
  return {
    auc: attempt(() => delongPlacements(p, y).auc),
    calibrationSlope: logit === null || constant ? null : finite(logisticFit1(logit, y).slope),
    calibrationIntercept: logit === null ? null : finite(logisticFit1(logit, y, { offsetOnly: true }).intercept),
    brier: brier / n,
  };
}
