/**
 * Builds the dataset of a single-stage command from the role options, applying --missing
 * (error, drop incomplete rows, or median/mean imputation of features over the whole table).
 */
import { buildDataset, type Dataset } from '../data/dataset.js';
import { Imputer } from '../data/imputer.js';
import type { RoleSpec } from '../data/roles.js';
import type { Table } from '../data/table.js';
import type { CliMissing } from './role-options.js';

/** The dataset of a command, missing values handled as the user asked. */
export function datasetForCommand(table: Table, spec: RoleSpec, missing: CliMissing): Dataset {
  if (missing === 'median' || missing === 'mean') {
    const data = buildDataset(table, spec, { missing: 'allow' });
    const X = new Imputer({ strategy: missing }).fit(data.X, null, { featureNames: data.featureNames }).transform(data.X);
    return { ...data, X };
  }
  return buildDataset(table, spec, { missing: missing === 'drop' ? 'drop' : 'error' });
}
