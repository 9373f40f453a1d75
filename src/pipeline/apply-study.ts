/**
 * Applying a frozen study to a table of new patients.
 */
import { buildDataset } from '../data/dataset.js';
import { textColumn, Table } from '../data/table.js';
import type { FittedComBat } from '../harmonize/combat/fitted-combat.js';
import type { FittedStudy } from './fitted-study.js';
import { predictionColumns } from './prediction-table.js';

/**
 * Scores the patients of a table with a frozen study: the id column (or row numbers), then each
 * model's prediction columns, as the run's predictions.csv. Outcome columns are not needed.
 * @throws DataError naming a missing feature, covariate or batch column, or an unknown batch
 *   (unless `newBatch: 'estimate'`).
 */
export function applyFittedStudy(fitted: FittedStudy, table: Table, options: { newBatch?: 'error' | 'estimate' } = {}): Table {
  const study = fitted.study;
  const combat = fitted.steps.find((s) => s.name === 'harmonize')?.fitted as FittedComBat | undefined;
  const batchColumn = combat ? (combat.batchColumn ?? study.steps.harmonize?.batch) : undefined;
  const idColumn = study.data.id !== undefined && table.has(study.data.id) ? study.data.id : undefined;
  const imputes = fitted.steps.some((s) => s.name === 'imputation');
  const data = buildDataset(
    table,
    { ...(idColumn !== undefined ? { id: idColumn } : {}), ...(batchColumn !== undefined ? { batch: batchColumn } : {}), covariates: fitted.covariateNames, features: [...fitted.featureNames] },
    // (scoring keeps every row: the only remedy for a missing value the study does not impute is the data)
    { missing: imputes ? 'allow' : 'error', missingRemedies: [] },
  );
  const predictions = fitted.predict(data.X.withColumnNames(data.featureNames), { batch: data.batch, covariates: data.covariates, newBatch: options.newBatch ?? 'error' });
  return new Table('predictions', [textColumn(idColumn ?? 'row', [...data.ids]), ...predictionColumns(study, predictions)], data.n);
}
