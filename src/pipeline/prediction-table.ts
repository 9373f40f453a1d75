/**
 * The predictions table of a run (predictions.csv): the id column, each model's prediction and,
 * with cross-validation, the out-of-fold predictions.
 */
import type { Dataset } from '../data/dataset.js';
import { numericColumn, Table, textColumn, type Column } from '../data/table.js';
import type { StudyPrediction } from './fitted-study.js';
import { evaluationTimes } from './performance.js';
import type { Study } from './study.js';
import type { TaskResult } from './validation.js';


/**
 * Each model's prediction columns: the probability (binary) or the risk score and the survival at
 * each horizon (`<model>.survival@<h>`, survival).
 */
export function predictionColumns(study: Study, predictions: Map<string, StudyPrediction>): Column[] {
  const columns: Column[] = [];
  const times = evaluationTimes(study);
  for (const [name, p] of predictions) {
    if (p.family === 'binary') columns.push(numericColumn(name, Float64Array.from(p.probability)));
    else {
      columns.push(numericColumn(name, Float64Array.from(p.risk)));
      for (const h of (study.outcome as { horizons: number[] }).horizons) columns.push(numericColumn(`${name}.survival@${h}`, Float64Array.from(p.survival.column(times.indexOf(h)))));
    }
  }
  return columns;
}

/** The id column, each model's prediction, and with CV the out-of-fold predictions (mean over repeats). */
export function predictionTable(study: Study, train: Dataset, apparent: Map<string, StudyPrediction>, tasks: TaskResult[]): Table {
  const columns: Column[] = [textColumn(study.data.id ?? 'row', [...train.ids])];
  const n = train.n;
  columns.push(...predictionColumns(study, apparent));
  if (study.validation.method === 'cv') {
    for (const name of apparent.keys()) {
      const sum = new Float64Array(n);
      const cnt = new Float64Array(n);
      for (const t of tasks) {
        if (t.heldOut === null) continue;
        const values = t.heldOut.predictions[name];
        t.heldOut.rows.forEach((row, k) => {
          sum[row] += values[k];
          cnt[row]++;
        });
      }
      columns.push(numericColumn(`${name}.oof`, sum.map((s, i) => (cnt[i] > 0 ? s / cnt[i] : NaN))));
    }
  }
  return new Table('predictions', columns, n);
}
