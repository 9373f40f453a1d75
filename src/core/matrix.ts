/**
 * Dense column-major matrix of doubles, the numeric currency of every radsig stage.
 */
import { DataError, ParameterError } from './errors.js';

/**
 * A dense `rows x cols` matrix stored column-major in one `Float64Array`: element (i, j) is
 * `data[i + j * rows]`, so that each feature (column) is contiguous, as in R and Fortran.
 *
 * @example
 * const X = Matrix64.fromRows([[1, 2], [3, 4]]);
 * X.get(1, 0); // 3
 * X.column(1); // Float64Array [2, 4] (a view, no copy)
 */
export class Matrix64 {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
  /**
   * Names of the columns (feature names), or null. Estimators take their feature names from here
   * when `featureNames` is not given, and fitted objects check them before transforming or
   * predicting (as scikit-learn's `feature_names_in_`).
   */
  readonly columnNames: readonly string[] | null;

  /**
   * @param data column-major values; a new zero-filled array when omitted.
   * @param columnNames names of the columns (one per column), or null.
   * @throws ParameterError when the sizes are not non-negative integers or `data` has the wrong length.
   */
  constructor(rows: number, cols: number, data?: Float64Array, columnNames?: readonly string[] | null) {
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
      throw new ParameterError(`Matrix64: rows and cols must be non-negative integers, got ${rows} x ${cols}`);
    }
    if (data !== undefined && data.length !== rows * cols) {
      throw new ParameterError(`Matrix64: data has length ${data.length}, expected ${rows} x ${cols} = ${rows * cols}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? new Float64Array(rows * cols);
    if (columnNames != null && columnNames.length !== cols) {
      throw new ParameterError(`Matrix64: ${columnNames.length} column names for ${cols} columns`);
    }
    this.columnNames = columnNames == null ? null : Object.freeze([...columnNames]);
  }

  /** The same values (shared, not copied) with these column names (null removes them). */
  withColumnNames(names: readonly string[] | null): Matrix64 {
    return new Matrix64(this.rows, this.cols, this.data, names);
  }

  /** A zero matrix. */
  static zeros(rows: number, cols: number): Matrix64 {
    return new Matrix64(rows, cols);
  }

  /** Builds a matrix from an array of equally long rows. */
  static fromRows(rows: ArrayLike<ArrayLike<number>>, columnNames?: readonly string[] | null): Matrix64 {
    const n = rows.length;
    const p = n === 0 ? 0 : rows[0].length;
    const m = new Matrix64(n, p, undefined, columnNames);
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      if (row.length !== p) {
        throw new DataError(`Matrix64.fromRows: row ${i + 1} has ${row.length} values, expected ${p}`);
      }
      for (let j = 0; j < p; j++) m.data[i + j * n] = row[j];
    }
    return m;
  }

  /** Builds a matrix from equally long columns. */
  static fromColumns(columns: ArrayLike<ArrayLike<number>>, options: { rows?: number; columnNames?: readonly string[] | null } = {}): Matrix64 {
    const p = columns.length;
    const n = p === 0 ? (options.rows ?? 0) : columns[0].length;
    const m = new Matrix64(n, p, undefined, options.columnNames);
    for (let j = 0; j < p; j++) {
      const col = columns[j];
      if (col.length !== n) {
        throw new DataError(`Matrix64.fromColumns: column ${j + 1} has ${col.length} values, expected ${n}`);
      }
      m.data.set(col, j * n);
    }
    return m;
  }

  /** Element (i, j), zero-based. */
  get(i: number, j: number): number {
    return this.data[i + j * this.rows];
  }

  /** Sets element (i, j), zero-based. */
  set(i: number, j: number, value: number): void {
    this.data[i + j * this.rows] = value;
  }

  /** Column j as a view sharing storage with the matrix (writes go through). */
  column(j: number): Float64Array {
    return this.data.subarray(j * this.rows, (j + 1) * this.rows);
  }

  /** Row i as a new array. */
  row(i: number): Float64Array {
    const out = new Float64Array(this.cols);
    for (let j = 0; j < this.cols; j++) out[j] = this.data[i + j * this.rows];
    return out;
  }

  /** A deep copy. */
  clone(): Matrix64 {
    return new Matrix64(this.rows, this.cols, this.data.slice(), this.columnNames);
  }

  /** A new matrix holding the given columns, in the given order. */
  selectColumns(indices: ArrayLike<number>): Matrix64 {
    const n = this.rows;
    const names = this.columnNames;
    const out = new Matrix64(n, indices.length, undefined, names === null ? null : Array.from(indices, (j) => names[j]));
    for (let k = 0; k < indices.length; k++) {
      const j = indices[k];
      out.data.set(this.data.subarray(j * n, (j + 1) * n), k * n);
    }
    return out;
  }

  /** A new matrix holding the given rows, in the given order (repeats allowed, e.g. a bootstrap sample). */
  selectRows(indices: ArrayLike<number>): Matrix64 {
    const n = this.rows;
    const m = indices.length;
    const out = new Matrix64(m, this.cols, undefined, this.columnNames);
    const src = this.data;
    const dst = out.data;
    for (let j = 0; j < this.cols; j++) {
      const offset = j * n;
      const outOffset = j * m;
      for (let k = 0; k < m; k++) dst[outOffset + k] = src[offset + indices[k]];
    }
    return out;
  }

  /** The transpose, as a new matrix. */
  transpose(): Matrix64 {
    const out = new Matrix64(this.cols, this.rows);
    for (let j = 0; j < this.cols; j++) {
      for (let i = 0; i < this.rows; i++) out.data[j + i * this.cols] = this.data[i + j * this.rows];
    }
    return out;
  }

  /** Rows as plain arrays (for display and JSON). */
  toRows(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.row(i)));
    return out;
  }
}
