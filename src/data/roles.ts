/**
 * Column roles: which column is the id, the outcome, the survival time and event, the batch,
 * the covariates and the features.
 */
import { DataError, ParameterError } from '../core/errors.js';
import { libraryOptionName, listText, nameText, plural, quote, type OptionNamer } from '../core/messages.js';
import { looksLikeDecimalComma } from './parse-number.js';
import { isBookkeepingColumn, parseFeatureName } from './pyradiomics.js';
import type { Column, Table } from './table.js';
import { valueText } from './column-values.js';

/**
 * Which columns play which role (the command line's `--id`, `--outcome`, ... options).
 */
export interface RoleSpec {
  /** Patient or lesion identifier; ids must be unique. */
  id?: string;
  /** Binary outcome column (e.g. MVI). */
  outcome?: string;
  /**
   * The outcome value counted as positive. Numbers compare as numbers (`"1.0"` is `1`); a value
   * that no row has is an error listing the values present.
   * @defaultValue 1
   */
  positive?: string | number;
  /** Follow-up time column (zero or positive, as `survival::Surv`). */
  time?: string;
  /** Event indicator column, read together with `time`. */
  event?: string;
  /**
   * The event column's value that marks an event. With the default, the column must hold only 0
   * and 1; with an explicit value (e.g. 2 = death in PBC) every other value is censored, as
   * `Surv(time, status == 2)` in R. Numbers compare as numbers (`"2.0"` is `2`); a value that no
   * row has is an error listing the values present.
   * @defaultValue 1
   */
  eventValue?: string | number;
  /** Batch (centre, scanner) column, for harmonization. */
  batch?: string;
  /** Clinical covariates: numeric or categorical columns kept out of the features. */
  covariates?: readonly string[];
  /**
   * Feature columns. By default: when any column has a PyRadiomics feature name
   * (`[region_]imageType_featureClass_feature`), exactly those columns; otherwise every numeric
   * column without a role, with a warning listing them. Clinical columns enter a model only as
   * `covariates`.
   */
  features?: readonly string[];
  /** Columns to leave out of the default features. */
  exclude?: readonly string[];
}

/** Why a column that has no role is not a feature. */
export type LeftOutReason =
  | 'not listed'
  | 'excluded'
  | 'not a PyRadiomics feature name'
  | 'PyRadiomics bookkeeping'
  | 'row names'
  | 'unnamed'
  | 'text'
  | 'boolean'
  /** `radsig icc --retest`: a feature of the first table that the second lacks (or has as text). */
  | 'not in the retest table';

/**
 * Which columns are features and why the others are not: `radsig describe` and every command's
 * `--json` report it as `features`.
 */
export interface FeatureReport {
  /**
   * How the features were chosen: `listed` (named with `features`), `pyradiomics` (the columns
   * with PyRadiomics feature names) or `numeric` (every numeric column without a role).
   */
  rule: 'listed' | 'pyradiomics' | 'numeric';
  /** Number of features. */
  used: number;
  /** The features, in table order (or as listed). */
  names: string[];
  /** Columns without a role that are not features, with the reason. */
  leftOut: { column: string; reason: LeftOutReason }[];
  /** Things the user should know about the choice (e.g. clinical columns taken as features). */
  warnings: string[];
}

/** Roles checked against a table: every name exists, no column has two roles, features are resolved. */
export interface ResolvedRoles {
  id: string | null;
  outcome: string | null;
  /** The positive outcome value as text. */
  positive: string;
  /** Whether the positive value was given or is the default 1 (then the other value must be 0). */
  positiveGiven: boolean;
  time: string | null;
  event: string | null;
  /** The event value as text. */
  eventValue: string;
  /** Whether the event value was given (then other values are censored) or is the default 1. */
  eventValueGiven: boolean;
  batch: string | null;
  covariates: string[];
  features: string[];
  /** How the features were chosen and which columns were left out. */
  featureReport: FeatureReport;
}

/** Options of {@link resolveRoles}. */
export interface ResolveRolesOptions {
  /**
   * Whether having no feature at all is an error.
   * @defaultValue true
   */
  requireFeatures?: boolean;
  /**
   * How messages name options (the command line passes one that names flags).
   * @defaultValue the library's option names
   */
  optionName?: OptionNamer;
}

/** Names generated for empty header cells (readr's `...3`) and pandas' `Unnamed: 0`. */
export function isUnnamedColumn(name: string): boolean {
  return name === '' || /^\.\.\.\d+$/.test(name) || /^Unnamed: \d+$/.test(name);
}

/** Header names that R (`X` after `read.csv` of a `write.csv` file) and pandas (`index`) give row names. */
export const ROW_NAME_HEADERS = new Set(['X', 'index', 'rownames', 'row.names', 'row_names']);

/**
 * Whether a column is the row names R's `write.csv` and pandas' `to_csv` write by default: the first
 * column, unnamed (or named `X`, `index`, `rownames`), holding exactly 1..n or 0..n-1 in order.
 */
export function isRowNamesColumn(column: Column, position: number): boolean {
  return position === 0 && (isUnnamedColumn(column.name) || ROW_NAME_HEADERS.has(column.name)) && isRowNumberColumn(column);
}

/** Whether a column holds exactly the row numbers 1..n or 0..n-1 in order. */
export function isRowNumberColumn(column: Column): boolean {
  if (column.kind !== 'numeric' || column.missing > 0 || column.values.length < 2) return false;
  const v = column.values;
  const base = v[0];
  if (base !== 0 && base !== 1) return false;
  for (let i = 1; i < v.length; i++) if (v[i] !== base + i) return false;
  return true;
}

export const BOOLEAN_TOKENS = new Set(['TRUE', 'FALSE', 'True', 'False', 'true', 'false']);

/** Whether a text column holds only TRUE/FALSE values (R's and pandas' logicals). */
export function isBooleanColumn(column: Column): boolean {
  if (column.kind !== 'text') return false;
  let present = 0;
  for (const v of column.values) {
    if (v === null) continue;
    if (!BOOLEAN_TOKENS.has(v)) return false;
    present++;
  }
  return present > 0;
}

/** Whether any column of the table has a PyRadiomics feature name (then only those are default features). */
export function hasPyRadiomicsFeatures(names: readonly string[]): boolean {
  return names.some((name) => !isBookkeepingColumn(name) && parseFeatureName(name) !== null);
}

/**
 * Checks a role specification against a table and resolves the feature list (see
 * {@link RoleSpec.features} for the default) with a report of the columns left out.
 *
 * @throws ParameterError for contradictory options (time without event, features with exclude,
 *   one column in two roles, a feature listed twice).
 * @throws DataError for an unknown column, a named feature that is not numeric, a mostly numeric
 *   column with a non-numeric cell (named with its line), or no features at all.
 */
export function resolveRoles(table: Table, spec: RoleSpec, options: ResolveRolesOptions = {}): ResolvedRoles {
  const requireFeatures = options.requireFeatures ?? true;
  const name = options.optionName ?? libraryOptionName;
  const src = table.source;
  if ((spec.time === undefined) !== (spec.event === undefined)) {
    const [given, missing] = spec.time === undefined ? ['event', 'time'] : ['time', 'event'];
    throw new ParameterError(`${name(given)} needs ${name(missing)} too: survival outcomes are a time and an event column`, 'USAGE');
  }
  if (spec.features !== undefined && spec.exclude !== undefined) {
    throw new ParameterError(`${name('features')} and ${name('exclude')} cannot be used together: ${name('features')} lists the features exactly`, 'USAGE');
  }
  const single = (key: 'id' | 'outcome' | 'time' | 'event' | 'batch'): string | null => {
    const value = spec[key];
    if (value === undefined) return null;
    table.column(value, name(key));
    return value;
  };
  const list = (key: 'covariates' | 'features' | 'exclude'): string[] => {
    const names = spec[key] ?? [];
    for (const column of names) table.column(column, name(key));
    return [...names];
  };
  const roles: ResolvedRoles = {
    id: single('id'),
    outcome: single('outcome'),
    positive: valueText(spec.positive ?? 1),
    positiveGiven: spec.positive !== undefined,
    time: single('time'),
    event: single('event'),
    eventValue: valueText(spec.eventValue ?? 1),
    eventValueGiven: spec.eventValue !== undefined,
    batch: single('batch'),
    covariates: list('covariates'),
    features: [],
    featureReport: { rule: 'listed', used: 0, names: [], leftOut: [], warnings: [] },
  };
  const explicitFeatures = spec.features === undefined ? null : list('features');
  const excluded = new Set(list('exclude'));

  // no column in two roles
  const owner = new Map<string, string>();
  const claim = (column: string | null, role: string) => {
    if (column === null) return;
    const previous = owner.get(column);
    if (previous !== undefined) {
      const what = previous === role ? `twice in ${name(role)}` : `two roles (${name(previous)} and ${name(role)})`;
      throw new ParameterError(`column ${quote(column)} is given ${what}`, 'USAGE');
    }
    owner.set(column, role);
  };
  claim(roles.id, 'id');
  claim(roles.outcome, 'outcome');
  claim(roles.time, 'time');
  claim(roles.event, 'event');
  claim(roles.batch, 'batch');
  for (const c of roles.covariates) claim(c, 'covariates');

  const report = roles.featureReport;
  if (explicitFeatures !== null) {
    for (const feature of explicitFeatures) {
      claim(feature, 'features');
      if (isBookkeepingColumn(feature)) {
        throw new DataError(`${src}: column ${quote(feature)} is PyRadiomics bookkeeping (diagnostics_*, Image, Mask), never a feature`, 'DATA_NOT_FEATURE');
      }
      const column = table.column(feature);
      if (column.kind === 'text') throw nonNumericFeature(table, column, name);
    }
    roles.features = explicitFeatures;
    for (const column of table.columns) {
      if (!owner.has(column.name)) report.leftOut.push({ column: column.name, reason: 'not listed' });
    }
  } else {
    const pyradiomics = hasPyRadiomicsFeatures(table.names.filter((n) => !owner.has(n)));
    report.rule = pyradiomics ? 'pyradiomics' : 'numeric';
    const textLeftOut: string[] = [];
    for (let j = 0; j < table.columns.length; j++) {
      const column = table.columns[j];
      const column_ = column.name;
      if (owner.has(column_)) continue;
      const leave = (reason: LeftOutReason) => report.leftOut.push({ column: column_, reason });
      if (excluded.has(column_)) leave('excluded');
      else if (isBookkeepingColumn(column_)) leave('PyRadiomics bookkeeping');
      else if (isRowNamesColumn(column, j)) leave('row names');
      else if (isUnnamedColumn(column_)) leave('unnamed');
      else if (pyradiomics && parseFeatureName(column_) === null) leave('not a PyRadiomics feature name');
      else if (column.kind === 'numeric') roles.features.push(column_);
      else if (isBooleanColumn(column)) {
        leave('boolean');
        textLeftOut.push(column_);
      } else if (pyradiomics || (column.numericCount > 0 && column.numericCount >= column.values.length - column.missing - column.numericCount)) {
        // a feature by its name, or mostly numbers: a feature column with a bad cell, not a label column
        throw nonNumericFeature(table, column, name, true);
      } else {
        leave('text');
        textLeftOut.push(column_);
      }
    }
    if (!pyradiomics && roles.features.length > 0) {
      report.warnings.push(
        `no column has a PyRadiomics feature name ([region_]imageType_featureClass_feature), so every numeric column without a role is a feature (${roles.features.length}: ${listText(roles.features.map(nameText), 8)}); name the features with ${name('features')} or leave columns out with ${name('exclude')}, and give clinical columns as ${name('covariates')}`,
      );
    }
    if (!pyradiomics && textLeftOut.length > 0) {
      report.warnings.push(`${plural(textLeftOut.length, 'text or boolean column')} ${textLeftOut.length === 1 ? 'is' : 'are'} not ${textLeftOut.length === 1 ? 'a feature' : 'features'}: ${listText(textLeftOut.map(nameText), 8)}`);
    }
  }
  report.names = [...roles.features];
  report.used = roles.features.length;
  if (requireFeatures && roles.features.length === 0) {
    throw new DataError(`${src}: no feature columns${noFeaturesDetail(report)}`, 'DATA_NO_FEATURES');
  }
  return roles;
}

export function noFeaturesDetail(report: FeatureReport): string {
  if (report.leftOut.length === 0) return ' remain after assigning roles';
  const byReason = new Map<string, string[]>();
  for (const { column, reason } of report.leftOut) {
    if (!byReason.has(reason)) byReason.set(reason, []);
    byReason.get(reason)!.push(column);
  }
  const parts = [...byReason].map(([reason, columns]) => `${reason}: ${listText(columns.map(quote), 4)}`);
  return ` (columns without a role that are not features - ${parts.join('; ')})`;
}

export function nonNumericFeature(table: Table, column: Column & { kind: 'text' }, name: OptionNamer, byDefault = false): DataError {
  const bad = column.firstText;
  if (bad === null) {
    // every present value looks like a number: too large for a double, or written with leading zeros
    const huge = column.values.findIndex((v) => v !== null && Math.abs(Number(v.replace(',', '.'))) === Infinity);
    if (huge >= 0) {
      return new DataError(
        `${table.source}: feature column ${quote(column.name)} has ${quote(column.values[huge])} on ${table.locate(huge)}, a number too large for a double (beyond 1.8e308); correct the value or leave the column out`,
        'DATA_NOT_NUMERIC',
      );
    }
    const row = column.values.findIndex((v) => v !== null && /^\s*[+-]?0\d/.test(v));
    if (row >= 0) {
      return new DataError(
        `${table.source}: feature column ${quote(column.name)} has numbers written with leading zeros (${quote(column.values[row])} on ${table.locate(row)}), which are read as identifiers (text), not as a feature`,
        'DATA_NOT_NUMERIC',
      );
    }
    return new DataError(`${table.source}: feature column ${quote(column.name)} is not numeric`, 'DATA_NOT_NUMERIC');
  }
  const hint = looksLikeDecimalComma(bad.value)
    ? ` - this looks like a decimal comma; read the table with ${name('decimalMark', ',')} (and its delimiter, usually ";") or export it with "." as the decimal mark`
    : byDefault
      ? `; leave it out with ${name('exclude')} if it is not a feature`
      : '';
  return new DataError(
    `${table.source}: feature column ${quote(column.name)} has a non-numeric value ${quote(bad.value)} on ${table.locate(bad.row)}${hint}`,
    'DATA_NOT_NUMERIC',
  );
}
