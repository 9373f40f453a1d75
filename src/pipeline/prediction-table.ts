/**
 * The predictions table of a run (predictions.csv): the id column, each model's prediction and each
 * patient's out-of-sample prediction (cross-validation: out of fold; bootstrap: out of bag).
 */
import type { Dataset } from '../data/dataset.js';
import { numericColumn, Table, textColumn, type Column } from '../data/table.js';
import type { StudyPrediction } from './fitted-study.js';
import type { PredictionInterval } from './study-prediction.js';
import { evaluationTimes } from './performance.js';
import { runsBootstrap, runsCv, type Study } from './study.js';
import type { TaskResult } from './validation.js';


/**
 * Each model's prediction columns: the probability (binary) or the risk score and the survival at
 * each horizon (`<model>.survival@<h>`, survival); with `intervals`, each followed by its interval
 * (`.lower`, `.upper`) where the model has one.
 */
export function predictionColumns(study: Study, predictions: Map<string, StudyPrediction>, intervals?: Map<string, PredictionInterval | null>): Column[] {
  const columns: Column[] = [];
  const times = evaluationTimes(study);
  for (const [name, p] of predictions) {
    const interval = intervals?.get(name) ?? null;
    if (p.family === 'binary') {
      columns.push(numericColumn(name, Float64Array.from(p.probability)));
      if (interval?.family === 'binary') columns.push(numericColumn(`${name}.lower`, interval.lower), numericColumn(`${name}.upper`, interval.upper));
    } else {
      columns.push(numericColumn(name, Float64Array.from(p.risk)));
      (study.outcome as { horizons: number[] }).horizons.forEach((h, k) => {
        columns.push(numericColumn(`${name}.survival@${h}`, Float64Array.from(p.survival.column(times.indexOf(h)))));
        if (interval?.family === 'survival') columns.push(numericColumn(`${name}.survival@${h}.lower`, Float64Array.from(interval.lower.column(k))), numericColumn(`${name}.survival@${h}.upper`, Float64Array.from(interval.upper.column(k))));
      });
    }
  }
  return columns;
}

/**
 * The id column, each model's prediction, and each patient's out-of-sample prediction: with CV
 * `<model>.oof`, the prediction of the model developed in the first repeat without the patient's
 * fold; with the bootstrap `<model>.oob`, the prediction of the model of the first resample (in
 * resample order) that left the patient out (empty if none did); survival also at each horizon
 * (`<model>.oof.survival@<h>`). One model's prediction per patient, never an average over resamples.
 */
export function predictionTable(study: Study, train: Dataset, apparent: Map<string, StudyPrediction>, tasks: TaskResult[]): Table {
  const columns: Column[] = [textColumn(study.data.id ?? 'row', [...train.ids])];
  const n = train.n;
  columns.push(...predictionColumns(study, apparent));
  const times = evaluationTimes(study);
  const horizons = study.outcome.type === 'survival' ? study.outcome.horizons : [];
  for (const kind of ['bootstrap', 'cv'] as const) {
    if (kind === 'bootstrap' ? !runsBootstrap(study) : !runsCv(study)) continue;
    const suffix = kind === 'cv' ? 'oof' : 'oob';
    // CV: the first repeat's folds; bootstrap: resamples in order, the first that left each patient out
    const sources = tasks
      .filter((t) => t.failure === null && t.heldOut !== null && t.task.kind === kind && (t.task.kind === 'bootstrap' || t.task.repeat === 0))
      .sort((a, b) => (a.task.kind === 'bootstrap' && b.task.kind === 'bootstrap' ? a.task.index - b.task.index : 0));
    columns.push(...heldOutColumns(apparent, sources, suffix, horizons, times, n));
  }
  return new Table('predictions', columns, n);
}

/** Each model's held-out prediction column (`<model>.<suffix>`, survival also at each horizon) from the first source task holding each patient. */
function heldOutColumns(apparent: Map<string, StudyPrediction>, sources: TaskResult[], suffix: string, horizons: number[], times: number[], n: number): Column[] {
  const columns: Column[] = [];
  for (const name of apparent.keys()) {
    const value = new Float64Array(n).fill(NaN);
    const survival = horizons.map(() => new Float64Array(n).fill(NaN));
    for (const t of sources) {
      const p = t.heldOut!.predictions[name];
      t.heldOut!.rows.forEach((row, k) => {
        if (!Number.isNaN(value[row])) return;
        if (p.family === 'binary') value[row] = p.probability[k];
        else {
          value[row] = p.risk[k];
          const m = p.risk.length;
          horizons.forEach((h, j) => (survival[j][row] = p.survival[times.indexOf(h) * m + k]));
        }
      });
    }
    columns.push(numericColumn(`${name}.${suffix}`, value));
    horizons.forEach((h, j) => columns.push(numericColumn(`${name}.${suffix}.survival@${h}`, survival[j])));
  }
  return columns;
}
