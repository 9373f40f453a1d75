/**
 * The contract every radsig estimator follows: one response shape, one fit-options object, feature
 * names that travel with the matrix and are checked before any transform or prediction, and one
 * prediction interface per outcome family.
 */
import { DataError, ParameterError } from './errors.js';
import { Matrix64 } from './matrix.js';
import { didYouMean, listText, quote } from './messages.js';

/** A binary outcome: 0/1 per row (1 = positive). */
export type BinaryResponse = ArrayLike<number>;

/** A survival outcome: follow-up time and event indicator (1 = event, 0 = censored) per row. */
export interface SurvivalResponse {
  time: ArrayLike<number>;
  event: ArrayLike<number>;
}

/** The response of a supervised fit: `y` (binary) or `{ time, event }` (survival). */
export type Response = BinaryResponse | SurvivalResponse;

/**
 * An ml-matrix `Matrix` (or anything with its shape), accepted structurally so that radsig does not
 * depend on ml-matrix.
 */
export interface MatrixLikeRows {
  readonly rows: number;
  readonly columns: number;
  get(row: number, column: number): number;
}

/**
 * Anything radsig accepts as a feature matrix: a {@link Matrix64} (which may carry column names), an
 * array of rows (`number[][]`), or an ml-matrix `Matrix`.
 */
export type MatrixInput = Matrix64 | ArrayLike<ArrayLike<number>> | MatrixLikeRows;

/** Options every `fit` accepts beyond the data (stages read the ones they use and reject the rest). */
export interface FitOptions {
  /**
   * Names of X's columns. Taken from `X.columnNames` when omitted, else `x1, x2, ...`.
   */
  featureNames?: readonly string[];
  /** Observation weights (estimators that support them: ElasticNet). */
  weights?: ArrayLike<number>;
}

/** A fitted model of a binary outcome: every one of them scores new rows the same way. */
export interface BinaryModel {
  readonly family: 'binomial';
  /** Names of the features the model expects, in order. */
  readonly featureNames: readonly string[];
  /** The linear predictor (log-odds) of each row. */
  linearPredictor(X: MatrixInput): Float64Array;
  /** The predicted probability of the positive class of each row. */
  predictProbability(X: MatrixInput): Float64Array;
}

/** A fitted model of a survival outcome: Cox models, the elastic-net Cox signature and the forest alike. */
export interface SurvivalModel {
  readonly family: 'cox' | 'forest';
  /** Names of the features the model expects, in order. */
  readonly featureNames: readonly string[];
  /** A risk score per row; higher = worse (shorter survival). */
  riskScore(X: MatrixInput): Float64Array;
  /** Predicted survival probabilities, rows x times (row i, column k = S(times[k] | row i)). */
  survivalAt(X: MatrixInput, times: ArrayLike<number>): Matrix64;
}

/** A fitted stage that maps a feature matrix to another one (imputation, harmonization, filters). */
export interface FittedTransformer {
  /** Names of the input features, in order. */
  readonly featureNames: readonly string[];
  /** Names of the output columns, in order. */
  readonly outputNames: readonly string[];
  transform(X: MatrixInput, options?: object): Matrix64;
}

/** True when the response is `{ time, event }`. */
export function isSurvivalResponse(response: unknown): response is SurvivalResponse {
  return typeof response === 'object' && response !== null && !isArrayLike(response) && 'time' in response && 'event' in response;
}

/** True for arrays and typed arrays. */
export function isArrayLike(value: unknown): value is ArrayLike<number> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/**
 * Converts any {@link MatrixInput} to a {@link Matrix64} (a Matrix64 is returned as it is).
 * @throws DataError for ragged rows or non-numeric entries; ParameterError for something that is not a matrix.
 */
export function toMatrix(where: string, X: MatrixInput): Matrix64 {
  if (X instanceof Matrix64) return X;
  if (typeof X !== 'object' || X === null) throw new ParameterError(`${where}: X must be a Matrix64, an array of rows or an ml-matrix Matrix, got ${X === null ? 'null' : typeof X}`);
  const ml = X as MatrixLikeRows;
  if (typeof ml.get === 'function' && typeof ml.rows === 'number' && typeof ml.columns === 'number') {
    const out = new Matrix64(ml.rows, ml.columns);
    for (let j = 0; j < ml.columns; j++) for (let i = 0; i < ml.rows; i++) out.data[i + j * ml.rows] = toNumber(where, ml.get(i, j), i, j);
    return out;
  }
  const rows = X as ArrayLike<ArrayLike<number>>;
  if (typeof rows.length !== 'number') throw new ParameterError(`${where}: X must be a Matrix64, an array of rows or an ml-matrix Matrix`);
  const n = rows.length;
  const p = n === 0 ? 0 : rows[0]?.length;
  if (n > 0 && typeof p !== 'number') throw new ParameterError(`${where}: X must be an array of rows (arrays of numbers)`);
  const out = new Matrix64(n, p);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (row == null || row.length !== p) throw new DataError(`${where}: row ${i + 1} of X has ${row == null ? 'no' : row.length} values, expected ${p}`, 'DATA_SHAPE');
    for (let j = 0; j < p; j++) out.data[i + j * n] = toNumber(where, row[j], i, j);
  }
  return out;
}

function toNumber(where: string, v: unknown, i: number, j: number): number {
  if (typeof v !== 'number') throw new DataError(`${where}: X[${i + 1}, ${j + 1}] is ${quote(v)}, expected a number`, 'DATA_NOT_NUMERIC');
  return v;
}

/**
 * The feature names of a fit: `featureNames` when given (checked against the column count and
 * against X's own column names), else X's column names, else `x1, x2, ...`.
 * @throws DataError for a wrong count, duplicates, or names that contradict X's column names.
 */
export function resolveFeatureNames(where: string, X: Matrix64, featureNames: readonly string[] | undefined): string[] {
  let names: string[];
  if (featureNames !== undefined && featureNames !== null) {
    if (!isArrayLikeOfStrings(featureNames)) throw new ParameterError(`${where}: featureNames must be an array of strings`);
    names = Array.from(featureNames);
    if (names.length !== X.cols) throw new DataError(`${where}: ${names.length} feature names for ${X.cols} columns`, 'DATA_SHAPE');
    if (X.columnNames !== null) checkNamesMatch(where, X.columnNames, names);
  } else if (X.columnNames !== null) {
    names = [...X.columnNames];
  } else {
    names = Array.from({ length: X.cols }, (_, j) => `x${j + 1}`);
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new DataError(`${where}: feature name ${quote(name)} appears twice`, 'DATA_DUPLICATE');
    seen.add(name);
  }
  return names;
}

function isArrayLikeOfStrings(v: unknown): v is readonly string[] {
  if (!Array.isArray(v)) return false;
  for (const s of v) if (typeof s !== 'string') return false;
  return true;
}

/**
 * Converts X and checks it against the features a model was fitted on: the same number of columns,
 * and when X carries column names, the same names in the same order.
 * @throws DataError naming the first missing, extra or misplaced feature.
 */
export function checkFeatures(where: string, X: MatrixInput, fitted: readonly string[]): Matrix64 {
  const M = toMatrix(where, X);
  if (M.columnNames !== null) {
    checkNamesMatch(where, fitted, M.columnNames);
  } else if (M.cols !== fitted.length) {
    throw new DataError(`${where}: X has ${M.cols} columns, the model was fitted on ${fitted.length} features`, 'DATA_SHAPE');
  }
  return M;
}

/** Throws unless `given` equals `expected` in order, naming what is missing, extra or misplaced. */
function checkNamesMatch(where: string, expected: readonly string[], given: readonly string[]): void {
  if (expected.length === given.length && expected.every((name, j) => name === given[j])) return;
  const givenSet = new Set(given);
  const expectedSet = new Set(expected);
  const missing = expected.filter((name) => !givenSet.has(name));
  const extra = given.filter((name) => !expectedSet.has(name));
  if (missing.length > 0) {
    throw new DataError(`${where}: X lacks ${missing.length === 1 ? 'feature' : `${missing.length} features`} ${listText(missing.map(quote), 5)} that the model was fitted on${didYouMean(missing[0], extra)}`, 'DATA_MISSING_FEATURE');
  }
  if (extra.length > 0) {
    throw new DataError(`${where}: X has ${extra.length === 1 ? 'a column' : `${extra.length} columns`} ${listText(extra.map(quote), 5)} that the model was not fitted on`, 'DATA_EXTRA_FEATURE');
  }
  const j = expected.findIndex((name, k) => name !== given[k]);
  throw new DataError(`${where}: X's columns are in another order than the model's features (column ${j + 1} is ${quote(given[j])}, expected ${quote(expected[j])}); select them in the fitted order`, 'DATA_FEATURE_ORDER');
}

/** Rejects fit options a stage does not use, naming them. */
export function checkFitOptions(where: string, options: object | undefined, allowed: readonly string[]): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object') throw new ParameterError(`${where}: the fit options must be an object`);
  for (const key of Object.keys(options)) {
    if ((options as Record<string, unknown>)[key] === undefined) continue;
    if (!allowed.includes(key)) throw new ParameterError(`${where}: unknown fit option ${quote(key)}; expected ${listText(allowed.map(quote), 10)}`);
  }
}

/** The binary outcome of a fit, checked: an array of 0/1 of length n. */
export function binaryResponse(where: string, response: Response | null | undefined, n: number): ArrayLike<number> {
  if (response == null || !isArrayLike(response)) throw new DataError(`${where}: the response must be a 0/1 outcome array (y)`, 'DATA_SHAPE');
  if (response.length !== n) throw new DataError(`${where}: y has ${response.length} values, X has ${n} rows`, 'DATA_SHAPE');
  return response;
}

/** The survival outcome of a fit, checked for shape: `{ time, event }` of length n. */
export function survivalResponse(where: string, response: Response | null | undefined, n: number): SurvivalResponse {
  if (!isSurvivalResponse(response)) throw new DataError(`${where}: the response must be { time, event }`, 'DATA_SHAPE');
  if (!isArrayLike(response.time) || !isArrayLike(response.event)) throw new DataError(`${where}: time and event must be arrays`, 'DATA_SHAPE');
  if (response.time.length !== n || response.event.length !== n) {
    throw new DataError(`${where}: time and event must have ${n} values (one per row of X), got ${response.time.length} and ${response.event.length}`, 'DATA_SHAPE');
  }
  return response;
}

/**
 * Prediction times, checked: finite and non-negative.
 * @throws DataError naming the first bad time.
 */
export function checkTimes(where: string, times: ArrayLike<number>): Float64Array {
  if (!isArrayLike(times)) throw new ParameterError(`${where}: times must be an array of numbers`);
  const out = Float64Array.from(times);
  for (let k = 0; k < out.length; k++) {
    if (!Number.isFinite(out[k]) || out[k] < 0) throw new DataError(`${where}: times must be non-negative and finite, got ${quote(times[k])}`, 'DATA_BAD_TIME');
  }
  return out;
}
