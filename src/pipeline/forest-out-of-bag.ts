/**
 * A random survival forest's development performance as ranger reports it: each development
 * patient predicted by the trees that did not see them (out of bag). The forest's predictions of
 * its own training patients (in bag) are resubstitution values, far too optimistic to report.
 */
import { Matrix64 } from '../core/matrix.js';
import { FittedRandomSurvivalForest } from '../models/fitted-random-survival-forest.js';
import { stepIndex } from '../stats/binary-search.js';
import type { FittedStudy } from './fitted-study.js';
import { evaluationTimes, modelMetrics, type Metrics, type StudyOutcome } from './performance.js';
import type { StudyPrediction } from './study-prediction.js';
import { pick } from './validation.js';

/**
 * The out-of-bag predictions (risk = mortality, survival at the study's evaluation times) of a
 * study model that is a forest grown in this process, or null for any other model.
 */
export function forestOutOfBagPrediction(fitted: FittedStudy, name: string): StudyPrediction | null {
  const model = fitted.models.find((m) => m.name === name)?.model;
  if (!(model instanceof FittedRandomSurvivalForest)) return null;
  const oob = model.oobPredict();
  const times = evaluationTimes(fitted.study);
  const n = oob.mortality.length;
  const survival = new Matrix64(n, times.length);
  times.forEach((t, c) => {
    const k = stepIndex(oob.times, t);
    for (let i = 0; i < n; i++) survival.data[i + c * n] = k < 0 ? (Number.isNaN(oob.mortality[i]) ? NaN : 1) : oob.survival.data[i + k * n];
  });
  return { family: 'survival', risk: oob.mortality, survival };
}

/**
 * The measures of a forest's out-of-bag predictions, on the patients every tree did not see at
 * least once (a patient in every tree's sample has no out-of-bag prediction and is left out).
 */
export function outOfBagMetrics(fitted: FittedStudy, prediction: StudyPrediction, outcome: StudyOutcome, ibsTo: number | null): { metrics: Metrics; patients: number } {
  const risk = (prediction as { risk: Float64Array }).risk;
  const rows: number[] = [];
  for (let i = 0; i < risk.length; i++) if (Number.isFinite(risk[i])) rows.push(i);
  const o = outcome as { time: ArrayLike<number>; event: ArrayLike<number> };
  const sub = { time: rows.map((i) => o.time[i]), event: rows.map((i) => o.event[i]) };
  return { metrics: modelMetrics(fitted.study, pick(prediction, rows), sub, ibsTo), patients: rows.length };
}
