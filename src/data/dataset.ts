/**
 * A table with its roles applied: the feature matrix, outcome, survival, batch and covariates of
 * the rows used, checked once at the boundary.
 */
import { DataError, ParameterError } from '../core/errors.js';
import { checkOneOf } from '../core/checks.js';
import { Matrix64 } from '../core/matrix.js';
import { libraryOptionName, listText, plural, quote, type OptionNamer } from '../core/messages.js';
import { Imputer } from './imputer.js';
import { resolveRoles, type ResolvedRoles, type RoleSpec } from './roles.js';
import { cellValue } from './column-values.js';
import { readBinaryOutcome, readSurvival, type BinaryOutcome, type SurvivalOutcome } from './outcomes.js';
import { selectColumnRows, type Column, type NumericColumn, type Table } from './table.js';

/** What to do with missing values. */
export type MissingPolicy = 'error' | 'drop' | 'allow' | 'median' | 'mean';

/** The accepted missing-value policies. */
export const MISSING_POLICIES: readonly MissingPolicy[] = ['error', 'drop', 'allow', 'median', 'mean'];

/** Options of {@link buildDataset}. */
export interface BuildDatasetOptions {
  /**
   * Missing values in features, covariates or role columns: `'error'` names the columns and counts;
   * `'drop'` drops incomplete rows (listed in {@link Dataset.droppedRows}); `'allow'` keeps NaN in
   * features and covariates for a later imputation stage (role columns must still be complete);
   * `'median'` and `'mean'` fill missing feature values with the median or mean of the feature's
   * present values over all rows (role columns and covariates must be complete). Filling over all
   * rows is a convenience for single-stage commands (the command line's `--missing median|mean`);
   * a validated model uses `'allow'` and an {@link Imputer} fitted inside each resample.
   * @defaultValue 'error'
   */
  missing?: MissingPolicy;
  /**
   * How messages name options (the command line passes one that names flags).
   * @defaultValue the library's option names (`missing: "drop"`)
   */
  optionName?: OptionNamer;
  /**
   * The policies that the error for missing values suggests (a caller that cannot impute, such as
   * the metrics of a score, offers only `'drop'`; none for a caller that must keep every row, such
   * as scoring new patients: the error then asks for the values).
   * @defaultValue ['drop', 'median', 'mean']
   */
  missingRemedies?: readonly MissingPolicy[];
  /**
   * The binary outcome's [negative, positive] values as another table read them (the development
   * table of an external set): the outcome column may then hold one of them only (external patients
   * all negative), and any other value is an error.
   * @defaultValue null (the column must hold exactly two values)
   */
  outcomeLevels?: readonly [string, string] | null;
}

/** The data of one study after role assignment; rows are those used (after any dropping). */
export interface Dataset {
  /** File name or input description, for messages. */
  readonly source: string;
  readonly roles: ResolvedRoles;
  readonly n: number;
  /** Zero-based row of the table behind each dataset row. */
  readonly rows: Int32Array;
  /** Identifiers (the id column, or 1-based row numbers when there is none). */
  readonly ids: string[];
  readonly featureNames: string[];
  /** n x p features, column-major. */
  readonly X: Matrix64;
  /** Binary outcome, 1 = positive (null without `outcome`). */
  readonly y: Uint8Array | null;
  /** [negative, positive] outcome values. */
  readonly outcomeLevels: [string, string] | null;
  readonly time: Float64Array | null;
  /** 1 = event, 0 = censored. */
  readonly event: Uint8Array | null;
  /** The event column's value read as an event (the default 1, or 2 for a 1/2 coding, as `Surv`), null without `event`. */
  readonly eventValue: string | null;
  readonly batch: string[] | null;
  /** Covariate columns, restricted to the rows used. */
  readonly covariates: Column[];
  /** Table rows dropped for missing values (zero-based). */
  readonly droppedRows: number[];
  /** Where dataset row i came from ("line 14"). */
  locate(i: number): string;
}

/**
 * Applies roles to a table and checks every value once: binary outcome with exactly two values,
 * event values, positive finite times, no infinities, unique ids, and the missing-value policy.
 *
 * @throws DataError naming the file, column and line of the first problem.
 * @throws ParameterError for an unknown policy or contradictory roles.
 * @example
 * const data = buildDataset(readTable('features.csv'), { id: 'patient', outcome: 'mvi', batch: 'center' });
 * data.X.cols; // number of features
 */
export function buildDataset(table: Table, spec: RoleSpec | ResolvedRoles, options: BuildDatasetOptions = {}): Dataset {
  const missing = checkOneOf('buildDataset', 'missing', options.missing ?? 'error', MISSING_POLICIES);
  const name = options.optionName ?? libraryOptionName;
  const roles = isResolved(spec) ? spec : resolveRoles(table, spec, { optionName: name });
  const { featureColumns, covariateColumns, outcome, survival, idColumn, batchColumn } = checkRoleValues(table, roles, name, options.outcomeLevels ?? null);
  const src = table.source;
  const n = table.nRows;

  // rows with a missing value in a role column, or in features/covariates
  type MissingEntry = { column: string; rows: number[] };
  const roleMissing: MissingEntry[] = [];
  const dataMissing: MissingEntry[] = [];
  const noteMissing = (target: MissingEntry[], name: string, isMissing: (i: number) => boolean) => {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (isMissing(i)) rows.push(i);
    if (rows.length > 0) target.push({ column: name, rows });
  };
  if (idColumn !== null) noteMissing(roleMissing, idColumn.name, (i) => cellValue(idColumn, i) === null);
  if (outcome !== null) noteMissing(roleMissing, roles.outcome!, (i) => outcome.y[i] === 255);
  if (survival !== null) {
    if (survival.note !== undefined && !roles.featureReport.warnings.includes(survival.note)) roles.featureReport.warnings.push(survival.note);
    noteMissing(roleMissing, roles.time!, (i) => Number.isNaN(survival.time[i]));
    noteMissing(roleMissing, roles.event!, (i) => survival.event[i] === 255);
  }
  if (batchColumn !== null) noteMissing(roleMissing, batchColumn.name, (i) => cellValue(batchColumn, i) === null);
  const imputing = missing === 'median' || missing === 'mean';
  for (const column of featureColumns) {
    if (column.missing > 0) noteMissing(dataMissing, column.name, (i) => cellValue(column, i) === null);
  }
  for (const column of covariateColumns) {
    if (column.missing > 0) noteMissing(imputing ? roleMissing : dataMissing, column.name, (i) => cellValue(column, i) === null);
  }

  const drop = new Uint8Array(n);
  if (missing === 'drop') {
    for (const entry of [...roleMissing, ...dataMissing]) for (const i of entry.rows) drop[i] = 1;
  } else {
    const blocking = missing === 'error' ? [...roleMissing, ...dataMissing] : roleMissing;
    if (blocking.length > 0) {
      const parts = blocking.map((e) => `${quote(e.column)} (${plural(e.rows.length, 'row')}, first on ${table.locate(e.rows[0])})`);
      const roleColumns = `role columns${covariateColumns.length > 0 ? ' and covariates' : ''}`;
      // imputation fills features only: for gaps in role columns and covariates alone, dropping rows is the one remedy
      const remedies = (options.missingRemedies ?? ['drop', 'median', 'mean']).filter((r) => r === 'drop' || featureColumns.some((c) => c.missing > 0));
      const hint =
        missing === 'error' && remedies.length > 0
          ? `; use ${name('missing', [...remedies])}`
          : missing === 'error'
            ? '; fill in the missing values or remove those rows'
          : missing === 'allow'
            ? // every row is kept (harmonize writes each input row): dropping rows is not an option here
              `; ${roleColumns} must be complete: fill in the missing values or remove those rows`
            : `; ${name('missing', missing)} fills features only (${roleColumns} must be complete): use ${name('missing', 'drop')}`;
      throw new DataError(`${src}: missing values in ${plural(blocking.length, 'column')}: ${listText(parts, 4)}${hint}`, 'DATA_MISSING');
    }
  }
  const rows: number[] = [];
  const droppedRows: number[] = [];
  for (let i = 0; i < n; i++) (drop[i] ? droppedRows : rows).push(i);
  if (rows.length === 0) throw new DataError(`${src}: no complete rows remain after dropping rows with missing values`, 'DATA_NO_ROWS');
  const used = Int32Array.from(rows);
  const m = used.length;

  let X = m === n && !imputing ? sharedFeatureBlock(featureColumns, n) : null;
  if (X === null) {
    X = new Matrix64(m, featureColumns.length);
    for (let j = 0; j < featureColumns.length; j++) {
      const values = featureColumns[j].values;
      const offset = j * m;
      if (m === n) X.data.set(values, offset);
      else for (let k = 0; k < m; k++) X.data[offset + k] = values[used[k]];
    }
  }
  if (imputing && dataMissing.length > 0) {
    const fill = new Imputer({ strategy: missing }).fit(X, null, { featureNames: roles.features }).fill;
    for (let j = 0; j < X.cols; j++) {
      const column = X.column(j);
      for (let k = 0; k < m; k++) if (Number.isNaN(column[k])) column[k] = fill[j];
    }
  }

  X = X.withColumnNames(roles.features);

  let ids: string[];
  if (idColumn !== null) {
    ids = Array.from(used, (i) => cellValue(idColumn, i)!);
  } else {
    ids = Array.from(used, (i) => String(i + 1));
  }

  const pick = <T extends Uint8Array | Float64Array>(values: T): T => pickRows(values, used);
  const covariates = covariateColumns.map((column) => selectColumnRows(column, used));
  const batch = batchColumn === null ? null : Array.from(used, (i) => cellValue(batchColumn, i)!);

  return {
    source: src,
    roles,
    n: m,
    rows: used,
    ids,
    featureNames: [...roles.features],
    X,
    y: outcome === null ? null : pick(outcome.y),
    outcomeLevels: outcome === null ? null : outcome.levels,
    eventValue: survival === null ? null : survival.eventValue,
    time: survival === null ? null : pick(survival.time),
    event: survival === null ? null : pick(survival.event),
    batch,
    covariates,
    droppedRows,
    locate: (i: number) => table.locate(used[i]),
  };
}

/** The columns of each role, with every value checked (missing values aside). */
export interface CheckedRoleValues {
  featureColumns: NumericColumn[];
  covariateColumns: Column[];
  outcome: BinaryOutcome | null;
  survival: SurvivalOutcome | null;
  idColumn: Column | null;
  batchColumn: Column | null;
}

/**
 * Checks the values of every role column, leaving missing values to the caller's policy:
 * no infinite feature or covariate, a binary outcome, valid times and events, unique ids.
 * @throws DataError naming the file, column and line of the first problem.
 */
export function checkRoleValues(table: Table, roles: ResolvedRoles, optionName: OptionNamer = libraryOptionName, levels: readonly [string, string] | null = null): CheckedRoleValues {
  const featureColumns = roles.features.map((name) => {
    const column = table.column(name, optionName('features'));
    if (column.kind !== 'numeric') throw new DataError(`${table.source}: feature column ${quote(column.name)} is not numeric`, 'DATA_NOT_NUMERIC');
    checkFinite(table, column, 'feature');
    return column;
  });
  const covariateColumns = roles.covariates.map((name) => table.column(name, optionName('covariates')));
  for (const column of covariateColumns) if (column.kind === 'numeric') checkFinite(table, column, 'covariate');
  const outcome = roles.outcome === null ? null : readBinaryOutcome(table, roles.outcome, roles.positive, optionName, roles.positiveGiven, levels);
  const survival = roles.time === null ? null : readSurvival(table, roles, optionName);
  const idColumn = roles.id === null ? null : table.column(roles.id);
  if (idColumn !== null) {
    const firstSeen = new Map<string, number>();
    for (let i = 0; i < table.nRows; i++) {
      const id = cellValue(idColumn, i);
      if (id === null) continue;
      const previous = firstSeen.get(id);
      if (previous !== undefined) {
        throw new DataError(`${table.source}: duplicate id ${quote(id)} in column ${quote(idColumn.name)} on ${table.locate(previous)} and ${table.locate(i)}`, 'DATA_DUPLICATE_ID');
      }
      firstSeen.set(id, i);
    }
  }
  const batchColumn = roles.batch === null ? null : table.column(roles.batch);
  return { featureColumns, covariateColumns, outcome, survival, idColumn, batchColumn };
}

/** The dataset restricted to some of its rows (zero-based, in order; repeats allowed, e.g. a bootstrap sample). */
export function selectDatasetRows(data: Dataset, rows: ArrayLike<number>): Dataset {
  // any array-like of indices (a plain array, or the Int32Array of Rng.permutation/sample/bootstrap):
  // typed arrays' own map would coerce ids and batch labels to numbers
  const index = Int32Array.from(rows);
  for (let k = 0; k < index.length; k++) {
    if (index[k] !== rows[k] || index[k] < 0 || index[k] >= data.n) {
      throw new ParameterError(`selectDatasetRows: rows must be row numbers from 0 to ${data.n - 1}, got ${quote(rows[k])} at position ${k}`);
    }
  }
  const pick = <T extends Uint8Array | Float64Array>(a: T | null): T | null => (a === null ? null : pickRows(a, index));
  return {
    ...data,
    n: index.length,
    rows: Int32Array.from(index, (i) => data.rows[i]),
    ids: Array.from(index, (i) => data.ids[i]),
    X: data.X.selectRows(index),
    y: pick(data.y),
    time: pick(data.time),
    event: pick(data.event),
    batch: data.batch === null ? null : Array.from(index, (i) => data.batch![i]),
    covariates: data.covariates.map((c) => selectColumnRows(c, index)),
    locate: (i: number) => data.locate(index[i]),
  };
}

/** values[rows[k]] for each k, in an array of the same type. */
function pickRows<T extends Uint8Array | Float64Array>(values: T, rows: ArrayLike<number>): T {
  const out = new (values.constructor as new (k: number) => T)(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = values[rows[k]];
  return out;
}

/**
 * The feature columns as one column-major matrix without copying, when the table stores them
 * side by side in one block (as the file reader does for numeric columns); null otherwise.
 */
function sharedFeatureBlock(columns: readonly NumericColumn[], n: number): Matrix64 | null {
  if (columns.length === 0 || n === 0) return null;
  const first = columns[0].values;
  for (let j = 0; j < columns.length; j++) {
    const v = columns[j].values;
    if (v.buffer !== first.buffer || v.length !== n || v.byteOffset !== first.byteOffset + j * n * 8) return null;
  }
  return new Matrix64(n, columns.length, new Float64Array(first.buffer, first.byteOffset, n * columns.length));
}

function isResolved(spec: RoleSpec | ResolvedRoles): spec is ResolvedRoles {
  return 'eventValueGiven' in spec && Array.isArray((spec as ResolvedRoles).features);
}

function checkFinite(table: Table, column: NumericColumn, role: string): void {
  const values = column.values;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === Infinity || v === -Infinity) {
      throw new DataError(`${table.source}: ${role} column ${quote(column.name)} has an infinite value (${v > 0 ? 'Inf' : '-Inf'}) on ${table.locate(i)}`, 'DATA_INFINITE');
    }
  }
}
