/**
 * Applying a frozen study to a table of new patients.
 */
import { DataError } from '../core/errors.js';
import { Matrix64 } from '../core/matrix.js';
import { buildDataset } from '../data/dataset.js';
import { resolveRoles } from '../data/roles.js';
import { textColumn, Table } from '../data/table.js';
import type { FittedImputer } from '../data/imputer.js';
import type { FittedComBat } from '../harmonize/combat/fitted-combat.js';
import type { NewBatch } from '../harmonize/combat/options.js';
import type { FittedStudy } from './fitted-study.js';
import { predictionColumns } from './prediction-table.js';

/**
 * The raw feature columns a frozen study needs to score new patients: the features its models read
 * after the steps (a forest reads every kept feature; the signature's models only its nonzero
 * terms). Every step acts feature by feature when applied (imputation, ComBat for a known batch)
 * or selects features by name (the filters), so the others do not change any prediction.
 */
export function neededFeatures(fitted: FittedStudy): string[] {
  const forest = fitted.models.find((m) => m.name === 'rsf');
  if (forest !== undefined) return [...(forest.model as { featureNames: readonly string[] }).featureNames];
  const usesSignature = fitted.models.some((m) => m.name !== 'clinical');
  return usesSignature && fitted.signature !== null ? fitted.signature.terms.map((t) => t.name) : [];
}

/**
 * Scores the patients of a table with a frozen study: the id column (or row numbers), then each
 * model's prediction columns, as the run's predictions.csv, each followed by its 95% interval
 * (`.lower`, `.upper`; {@link FittedStudy.predictionIntervals}) where the model has one, unless
 * `intervals: false`. Outcome columns are not needed, nor
 * candidate features no model uses ({@link neededFeatures}); with `newBatch: 'estimate'` every
 * candidate feature is needed, since ComBat's empirical Bayes estimates of a new batch pool them.
 * @throws DataError naming a missing feature, covariate or batch column, or an unknown batch
 *   (unless `newBatch: 'estimate'`).
 */
export function applyFittedStudy(fitted: FittedStudy, table: Table, options: ApplyOptions = {}): Table {
  return applyFittedStudyWithReport(fitted, table, options).predictions;
}

/** Options of {@link applyFittedStudy}. */
export interface ApplyOptions {
  /**
   * A centre ComBat has not seen: an error (default), `'estimate'` its location and scale from its
   * own patients (at least 5; every candidate feature needed), or `'pooled'`: assume it has no
   * batch effect (with a reference batch: like the reference), any number of patients.
   */
  newBatch?: NewBatch;
  /** Each logistic and Cox prediction's 95% interval beside it (default true). */
  intervals?: boolean;
}

/** What scoring did beyond the predictions: missing values it filled, centres it had not seen. */
export interface ApplyReport {
  predictions: Table;
  /** Per feature with missing values, how many were filled and with what (the study's development median or mean). */
  imputed: { feature: string; count: number; fill: number; statistic: 'median' | 'mean' }[];
  /** Centres ComBat had not seen, with their patients and what was done (`estimate` or `pooled`). */
  unseenBatches: { level: string; n: number; handling: 'estimate' | 'pooled'; reference: string | null }[];
}

/** {@link applyFittedStudy}, with what it filled in and which centres it had not seen. */
export function applyFittedStudyWithReport(fitted: FittedStudy, table: Table, options: ApplyOptions = {}): ApplyReport {
  const study = fitted.study;
  const combat = fitted.steps.find((s) => s.name === 'harmonize')?.fitted as FittedComBat | undefined;
  const batchColumn = combat ? (combat.batchColumn ?? study.steps.harmonize?.batch) : undefined;
  const idColumn = study.data.id !== undefined && table.has(study.data.id) ? study.data.id : undefined;
  const imputes = fitted.steps.some((s) => s.name === 'imputation');
  const candidates = [...fitted.featureNames];
  const estimate = options.newBatch === 'estimate' && combat !== undefined;
  const needed = estimate ? candidates : neededFeatures(fitted);
  const missingColumns = needed.filter((f) => !table.has(f));
  if (missingColumns.length > 0) {
    const why = estimate ? `every candidate feature of the study (${candidates.length}: ComBat's estimates for a new batch pool them all)` : `the ${needed.length} features its models use (${needed.slice(0, 8).map((f) => JSON.stringify(f)).join(', ')}${needed.length > 8 ? ', ...' : ''})`;
    throw new DataError(`${table.source}: no column named ${missingColumns.slice(0, 3).map((f) => JSON.stringify(f)).join(', ')}${missingColumns.length > 3 ? ` and ${missingColumns.length - 3} more` : ''}; scoring with this model needs ${why}`, 'DATA_MISSING_COLUMN');
  }
  // (a study whose models read no feature, e.g. a clinical model or an empty signature, needs none)
  const roles = resolveRoles(table, { ...(idColumn !== undefined ? { id: idColumn } : {}), ...(batchColumn !== undefined ? { batch: batchColumn } : {}), covariates: fitted.covariateNames, features: needed }, { requireFeatures: false });
  const data = buildDataset(
    table,
    roles,
    // (scoring keeps every row: the only remedy for a missing value the study does not impute is the data)
    { missing: imputes ? 'allow' : 'error', missingRemedies: [] },
  );
  // the candidate features no model uses enter as zeros: every step treats them apart, and no model reads them
  const X = new Matrix64(data.n, candidates.length);
  const at = new Map(data.featureNames.map((f, j) => [f, j]));
  candidates.forEach((f, c) => {
    const j = at.get(f);
    if (j !== undefined) X.data.set(data.X.column(j), c * data.n);
  });
  const named = X.withColumnNames(candidates);
  const imputer = fitted.steps.find((s) => s.name === 'imputation')?.fitted as FittedImputer | undefined;
  const imputed: ApplyReport['imputed'] = [];
  if (imputer !== undefined) {
    imputer.featureNames.forEach((f, j) => {
      const col = at.get(f);
      if (col === undefined) return;
      let count = 0;
      for (const v of data.X.column(col)) if (Number.isNaN(v)) count++;
      if (count > 0) imputed.push({ feature: f, count, fill: imputer.fill[j], statistic: imputer.options.strategy });
    });
  }
  const unseenBatches: ApplyReport['unseenBatches'] = [];
  if (combat !== undefined && data.batch !== null && options.newBatch !== undefined && options.newBatch !== 'error') {
    const counts = new Map<string, number>();
    for (const b of data.batch) if (!combat.levels.includes(b)) counts.set(b, (counts.get(b) ?? 0) + 1);
    for (const [level, n] of counts) unseenBatches.push({ level, n, handling: options.newBatch, reference: combat.options.refBatch });
  }
  const context = { batch: data.batch, covariates: data.covariates, newBatch: options.newBatch ?? 'error' } as const;
  const { predictions, intervals } = options.intervals === false ? { predictions: fitted.predict(named, context), intervals: undefined } : fitted.predictWithIntervals(named, context);
  return { predictions: new Table('predictions', [textColumn(idColumn ?? 'row', [...data.ids]), ...predictionColumns(study, predictions, intervals)], data.n), imputed, unseenBatches };
}
