/**
 * A first look at a feature table with its roles: size, missing values, constant features,
 * outcome or events and follow-up, batch sizes.
 */
import { libraryOptionName, type OptionNamer } from '../core/messages.js';
import { namedRecord } from '../core/named-record.js';
import { medianFollowUp } from '../stats/kaplan-meier.js';
import { checkRoleValues } from './dataset.js';
import { resolveRoles, type FeatureReport, type ResolvedRoles, type RoleSpec } from './roles.js';
import { cellValue, sortValues } from './column-values.js';
import type { Table } from './table.js';

/** What {@link describeTable} reports (the JSON of `radsig describe --json`). */
export interface TableDescription {
  source: string;
  rows: number;
  /** The features used (by name, by the PyRadiomics rule or every numeric column) and the columns left out, with reasons. */
  features: FeatureReport;
  roles: {
    id: string | null;
    outcome: string | null;
    positive: string | null;
    time: string | null;
    event: string | null;
    eventValue: string | null;
    batch: string | null;
    covariates: string[];
  };
  /** Missing cells by column, for columns that have any. */
  missing: Record<string, number>;
  /** Features whose present values are all equal (no information). */
  constant: string[];
  /**
   * `{ counts: { value: n } }` for a binary outcome; `{ events, censored, medianFollowUp }` for
   * time to event (median follow-up by reverse Kaplan-Meier, among rows with time and event); null
   * when no outcome is given.
   */
  outcome: { counts: Record<string, number> } | { events: number; censored: number; medianFollowUp: number | null } | null;
  /** Rows per batch level (empty without a batch column). */
  batches: Record<string, number>;
}

/**
 * Describes a table under the given roles. Every value is checked as for model fitting (unknown
 * columns, a non-binary outcome, bad events or times, infinities, duplicate ids are errors), but
 * missing values are reported, not fatal.
 *
 * @throws DataError or ParameterError as {@link buildDataset}, except for missing values.
 * @example
 * describeTable(readTable('pbc.csv.gz'), { id: 'id', time: 'time', event: 'status', eventValue: 2 }).outcome;
 * // { events: 161, censored: 257, medianFollowUp: ... }
 */
export function describeTable(table: Table, spec: RoleSpec, options: { optionName?: OptionNamer } = {}): TableDescription {
  const optionName = options.optionName ?? libraryOptionName;
  const roles: ResolvedRoles = resolveRoles(table, spec, { requireFeatures: false, optionName });
  const checked = checkRoleValues(table, roles, optionName);

  const missing = namedRecord<number>();
  for (const column of table.columns) if (column.missing > 0) missing[column.name] = column.missing;

  const constant: string[] = [];
  for (const column of checked.featureColumns) {
    const v = column.values;
    let first = NaN;
    let isConstant = true;
    for (let i = 0; i < v.length; i++) {
      if (Number.isNaN(v[i])) continue;
      if (Number.isNaN(first)) first = v[i];
      else if (v[i] !== first) {
        isConstant = false;
        break;
      }
    }
    if (isConstant) constant.push(column.name);
  }

  let outcome: TableDescription['outcome'] = null;
  if (checked.outcome !== null) {
    const [negative, positive] = checked.outcome.levels;
    const counts = namedRecord<number>([
      [negative, 0],
      [positive, 0],
    ]);
    const y = checked.outcome.y;
    for (let i = 0; i < y.length; i++) if (y[i] !== 255) counts[y[i] === 1 ? positive : negative]++;
    const ordered = namedRecord<number>();
    for (const key of sortValues([negative, positive])) ordered[key] = counts[key];
    outcome = { counts: ordered };
  } else if (checked.survival !== null) {
    const { time, event } = checked.survival;
    const t: number[] = [];
    const e: number[] = [];
    for (let i = 0; i < time.length; i++) {
      if (Number.isNaN(time[i]) || event[i] === 255) continue;
      t.push(time[i]);
      e.push(event[i]);
    }
    const events = e.reduce((a, b) => a + b, 0);
    const followUp = t.length === 0 ? NaN : medianFollowUp(t, e);
    outcome = { events, censored: t.length - events, medianFollowUp: Number.isNaN(followUp) ? null : followUp };
  }

  const batches = namedRecord<number>();
  if (checked.batchColumn !== null) {
    const column = checked.batchColumn;
    const counts = new Map<string, number>();
    for (let i = 0; i < table.nRows; i++) {
      const v = cellValue(column, i);
      if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    for (const key of sortValues([...counts.keys()])) batches[key] = counts.get(key)!;
  }

  return {
    source: table.source,
    rows: table.nRows,
    features: roles.featureReport,
    roles: {
      id: roles.id,
      outcome: roles.outcome,
      positive: roles.outcome === null ? null : roles.positive,
      time: roles.time,
      event: roles.event,
      eventValue: roles.event === null ? null : roles.eventValue,
      batch: roles.batch,
      covariates: roles.covariates,
    },
    missing,
    constant,
    outcome,
    batches,
  };
}
