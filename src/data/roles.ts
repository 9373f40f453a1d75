/**
 * Column roles: which column is the id, the outcome, the survival time and event, the batch,
 * the covariates and the features.
 */
import { DataError, ParameterError } from '../core/errors.js';
import { listText, plural, quote } from '../core/messages.js';
import { looksLikeDecimalComma } from './parse-number.js';
import { isBookkeepingColumn } from './pyradiomics.js';
import { formatNumber, type Column, type Table } from './table.js';

/**
 * Which columns play which role (the command line's `--id`, `--outcome`, ... options).
 */
export interface RoleSpec {
  /** Patient or lesion identifier; ids must be unique. */
  id?: string;
  /** Binary outcome column (e.g. MVI). */
  outcome?: string;
  /**
   * The outcome value counted as positive.
   * @defaultValue 1
   */
  positive?: string | number;
  /** Follow-up time column (must be positive). */
  time?: string;
  /** Event indicator column, read together with `time`. */
  event?: string;
  /**
   * The event column's value that marks an event. With the default, the column must hold only 0
   * and 1; with an explicit value (e.g. 2 = death in PBC) every other value is censored, as
   * `Surv(time, status == 2)` in R.
   * @defaultValue 1
   */
  eventValue?: string | number;
  /** Batch (centre, scanner) column, for harmonization. */
  batch?: string;
  /** Clinical covariates: numeric or categorical columns kept out of the features. */
  covariates?: readonly string[];
  /** Feature columns; by default every remaining numeric column. */
  features?: readonly string[];
  /** Columns to leave out of the default features. */
  exclude?: readonly string[];
}

/** Roles checked against a table: every name exists, no column has two roles, features are resolved. */
export interface ResolvedRoles {
  id: string | null;
  outcome: string | null;
  /** The positive outcome value as text. */
  positive: string;
  time: string | null;
  event: string | null;
  /** The event value as text. */
  eventValue: string;
  /** Whether the event value was given (then other values are censored) or is the default 1. */
  eventValueGiven: boolean;
  batch: string | null;
  covariates: string[];
  features: string[];
}

const OPTION_NAMES: Record<string, string> = {
  id: '--id',
  outcome: '--outcome',
  time: '--time',
  event: '--event',
  batch: '--batch',
  covariates: '--covariates',
  features: '--features',
  exclude: '--exclude',
};

/**
 * Checks a role specification against a table and resolves the feature list: every remaining
 * numeric column that is not PyRadiomics bookkeeping, unless `features` names them.
 *
 * @throws ParameterError for contradictory options (time without event, features with exclude,
 *   one column in two roles).
 * @throws DataError for an unknown column, a named feature that is not numeric, a mostly numeric
 *   column with a non-numeric cell (named with its line), or no features at all.
 */
export function resolveRoles(table: Table, spec: RoleSpec, { requireFeatures = true } = {}): ResolvedRoles {
  const src = table.source;
  if ((spec.time === undefined) !== (spec.event === undefined)) {
    throw new ParameterError(`${spec.time === undefined ? '--event' : '--time'} needs ${spec.time === undefined ? '--time' : '--event'} too: survival outcomes are a time and an event column`, 'USAGE');
  }
  if (spec.features !== undefined && spec.exclude !== undefined) {
    throw new ParameterError('--features and --exclude cannot be used together: --features lists the features exactly', 'USAGE');
  }
  const single = (key: 'id' | 'outcome' | 'time' | 'event' | 'batch'): string | null => {
    const name = spec[key];
    if (name === undefined) return null;
    table.column(name, OPTION_NAMES[key]);
    return name;
  };
  const list = (key: 'covariates' | 'features' | 'exclude'): string[] => {
    const names = spec[key] ?? [];
    for (const name of names) table.column(name, OPTION_NAMES[key]);
    return [...names];
  };
  const roles: ResolvedRoles = {
    id: single('id'),
    outcome: single('outcome'),
    positive: valueText(spec.positive ?? 1),
    time: single('time'),
    event: single('event'),
    eventValue: valueText(spec.eventValue ?? 1),
    eventValueGiven: spec.eventValue !== undefined,
    batch: single('batch'),
    covariates: list('covariates'),
    features: [],
  };
  const explicitFeatures = spec.features === undefined ? null : list('features');
  const excluded = new Set(list('exclude'));

  // no column in two roles
  const owner = new Map<string, string>();
  const claim = (name: string | null, role: string) => {
    if (name === null) return;
    const previous = owner.get(name);
    if (previous !== undefined && previous !== role) {
      throw new ParameterError(`column ${quote(name)} is given two roles (${previous} and ${role})`, 'USAGE');
    }
    owner.set(name, role);
  };
  claim(roles.id, '--id');
  claim(roles.outcome, '--outcome');
  claim(roles.time, '--time');
  claim(roles.event, '--event');
  claim(roles.batch, '--batch');
  for (const c of roles.covariates) claim(c, '--covariates');

  if (explicitFeatures !== null) {
    const seen = new Set<string>();
    for (const name of explicitFeatures) {
      if (seen.has(name)) throw new ParameterError(`--features lists ${quote(name)} twice`, 'USAGE');
      seen.add(name);
      claim(name, '--features');
      if (isBookkeepingColumn(name)) {
        throw new DataError(`${src}: column ${quote(name)} is PyRadiomics bookkeeping (diagnostics_*, Image, Mask), never a feature`, 'DATA_NOT_FEATURE');
      }
      const column = table.column(name);
      if (column.kind === 'text') throw nonNumericFeature(table, column);
    }
    roles.features = explicitFeatures;
  } else {
    for (const column of table.columns) {
      const name = column.name;
      if (owner.has(name) || excluded.has(name) || isBookkeepingColumn(name)) continue;
      if (column.kind === 'numeric') {
        roles.features.push(name);
      } else if (column.numericCount > 0 && column.numericCount >= column.values.length - column.missing - column.numericCount) {
        // mostly numbers: a feature column with a bad cell, not a label column
        throw nonNumericFeature(table, column, true);
      }
    }
  }
  if (requireFeatures && roles.features.length === 0) {
    throw new DataError(`${src}: no numeric feature columns remain after assigning roles`, 'DATA_NO_FEATURES');
  }
  return roles;
}

function nonNumericFeature(table: Table, column: Column & { kind: 'text' }, byDefault = false): DataError {
  const bad = column.firstText;
  if (bad === null) {
    return new DataError(`${table.source}: column ${quote(column.name)} has no values`, 'DATA_NOT_NUMERIC');
  }
  const hint = looksLikeDecimalComma(bad.value)
    ? ' - this looks like a decimal comma; export the table with "." as the decimal mark'
    : byDefault
      ? `; use --exclude ${column.name} if it is not a feature`
      : '';
  return new DataError(
    `${table.source}: feature column ${quote(column.name)} has a non-numeric value ${quote(bad.value)} on ${table.locate(bad.row)}${hint}`,
    'DATA_NOT_NUMERIC',
  );
}

/** A role value as the text it is compared with (numbers in shortest form: 1, 2.5). */
export function valueText(value: string | number): string {
  return typeof value === 'number' ? formatNumber(value) : value;
}

/** The cell as text for comparing with role values, or null when missing. */
export function cellValue(column: Column, row: number): string | null {
  if (column.kind === 'text') return column.values[row];
  const v = column.values[row];
  return Number.isNaN(v) ? null : formatNumber(v);
}

/** Distinct present values of a column, in order of first appearance. */
export function distinctValues(column: Column): string[] {
  const seen = new Set<string>();
  for (let i = 0; i < column.values.length; i++) {
    const v = cellValue(column, i);
    if (v !== null) seen.add(v);
  }
  return [...seen];
}

/** Binary outcome read from a column: 1 = positive, 0 = negative, 255 = missing. */
export interface BinaryOutcome {
  y: Uint8Array;
  /** [negative, positive] values as text. */
  levels: [string, string];
}

/** Reads a binary outcome. @throws DataError unless the column has exactly two values, one of them `positive`. */
export function readBinaryOutcome(table: Table, name: string, positive: string): BinaryOutcome {
  const column = table.column(name, '--outcome');
  const values = distinctValues(column);
  const sorted = sortValues(values);
  if (values.length !== 2) {
    const what = values.length < 2 ? `only ${plural(values.length, 'value')}` : `${values.length} distinct values`;
    throw new DataError(
      `${table.source}: outcome column ${quote(name)} has ${what} (${valueList(sorted, 6)}); a binary outcome needs exactly two`,
      values.length < 2 ? 'DATA_ONE_CLASS' : 'DATA_NOT_BINARY',
    );
  }
  if (!values.includes(positive)) {
    throw new DataError(`${table.source}: outcome column ${quote(name)} has values ${valueList(sorted)} but not the positive value ${quote(positive)}; set it with --positive`, 'DATA_NOT_BINARY');
  }
  const negative = values[0] === positive ? values[1] : values[0];
  const y = new Uint8Array(table.nRows);
  for (let i = 0; i < table.nRows; i++) {
    const v = cellValue(column, i);
    y[i] = v === null ? 255 : v === positive ? 1 : 0;
  }
  return { y, levels: [negative, positive] };
}

/** Survival outcome read from two columns; missing entries are NaN time / 255 event. */
export interface SurvivalOutcome {
  time: Float64Array;
  event: Uint8Array;
}

/**
 * Reads time and event columns.
 * @throws DataError for a non-numeric, infinite, negative or zero time, or (with the default event
 *   value) event values other than 0 and 1.
 */
export function readSurvival(table: Table, roles: ResolvedRoles): SurvivalOutcome {
  const src = table.source;
  const timeName = roles.time!;
  const eventName = roles.event!;
  const timeColumn = table.column(timeName, '--time');
  if (timeColumn.kind !== 'numeric') {
    const bad = timeColumn.firstText;
    throw new DataError(`${src}: time column ${quote(timeName)} has a non-numeric value${bad ? ` ${quote(bad.value)} on ${table.locate(bad.row)}` : ''}`, 'DATA_NOT_NUMERIC');
  }
  const time = timeColumn.values;
  for (let i = 0; i < time.length; i++) {
    const t = time[i];
    if (Number.isNaN(t)) continue;
    if (!Number.isFinite(t)) throw new DataError(`${src}: time column ${quote(timeName)} has an infinite value on ${table.locate(i)}`, 'DATA_INFINITE');
    if (t <= 0) {
      throw new DataError(`${src}: time column ${quote(timeName)} has ${t === 0 ? 'a zero' : 'a negative'} time (${formatNumber(t)}) on ${table.locate(i)}; follow-up times must be positive`, 'DATA_BAD_TIME');
    }
  }
  const eventColumn = table.column(eventName, '--event');
  const eventValue = roles.eventValue;
  const event = new Uint8Array(table.nRows);
  for (let i = 0; i < table.nRows; i++) {
    const v = cellValue(eventColumn, i);
    if (v === null) event[i] = 255;
    else if (v === eventValue) event[i] = 1;
    else if (roles.eventValueGiven || v === '0') event[i] = 0;
    else {
      throw new DataError(
        `${src}: event column ${quote(eventName)} has the value ${quote(v)} on ${table.locate(i)}; expected 0 (censored) or the event value ${quote(eventValue)} (give --event-value to count only one value as the event)`,
        'DATA_BAD_EVENT',
      );
    }
  }
  return { time: new Float64Array(time), event };
}

/** Lists values for a message: numbers as they are, text quoted. */
function valueList(values: readonly string[], max = 5): string {
  return listText(values.map((v) => (v !== '' && Number.isFinite(Number(v)) ? v : quote(v))), max);
}

/** Sorts values numerically when they are all numbers, else as text. */
export function sortValues(values: readonly string[]): string[] {
  const numeric = values.every((v) => v !== '' && Number.isFinite(Number(v)));
  return [...values].sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
}
