/**
 * Builds the dataset of a single-stage command from the role options, applying --missing
 * (error, drop incomplete rows, or median/mean imputation of features over the whole table), with
 * messages that name flags.
 */
import { buildDataset, type Dataset } from '../data/dataset.js';
import type { RoleSpec } from '../data/roles.js';
import type { Table } from '../data/table.js';
import { cliOptionName, type CliMissing } from './role-options.js';

/**
 * The dataset of a command, missing values handled as the user asked; `remedies` are the
 * `--missing` values the command takes besides error (what the error for missing values suggests).
 */
export function datasetForCommand(table: Table, spec: RoleSpec, missing: CliMissing | 'allow', remedies?: readonly CliMissing[]): Dataset {
  return buildDataset(table, spec, { missing, optionName: cliOptionName, ...(remedies ? { missingRemedies: remedies } : {}) });
}
