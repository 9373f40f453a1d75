/**
 * Library input from JavaScript structures: arrays of records, column objects and DataFrame-shaped
 * objects (danfojs, arquero), accepted structurally so that radsig depends on none of them.
 */
import { DataError } from '../core/errors.js';
import { quote } from '../core/messages.js';
import { CellKind, classifyCell, parsedValue } from './parse-number.js';
import { type Column, Table, textColumn } from './table.js';

/** danfojs's DataFrame shape: column names and row-major values. */
export interface DanfoLike {
  readonly columns: readonly string[];
  readonly values: readonly (readonly unknown[])[];
}

/** arquero's ColumnTable shape. */
export interface ArqueroLike {
  columnNames(): string[];
  array(name: string): ArrayLike<unknown>;
}

/** Anything radsig accepts as a table. */
export type TableInput =
  | Table
  | readonly Record<string, unknown>[]
  | DanfoLike
  | ArqueroLike
  | Readonly<Record<string, ArrayLike<unknown>>>;

/**
 * Converts a table-like input to a {@link Table}: a `Table` as is; an array of records (column
 * order from the first record, every record must have the same keys); a danfojs-style
 * `{ columns, values }`; an arquero-style object with `columnNames()` and `array(name)`; or an
 * object of equally long columns. Numbers and numeric strings make numeric columns; `null`,
 * `undefined`, NaN and the usual missing tokens are missing.
 *
 * @throws DataError for inconsistent shapes (naming the record or column).
 * @example
 * toTable([{ id: 'a', x: 1.5 }, { id: 'b', x: 2 }]).column('x').kind; // 'numeric'
 */
export function toTable(input: TableInput, source?: string): Table {
  if (input instanceof Table) return input;
  if (Array.isArray(input)) return fromRecords(input as Record<string, unknown>[], source ?? 'records');
  // (null and undefined look at an empty object: no shape matches, and the error names them)
  const obj = (input ?? {}) as unknown as Record<string, unknown>;
  if (typeof obj.columnNames === 'function' && typeof obj.array === 'function') {
    const arq = input as ArqueroLike;
    const where = source ?? 'data frame';
    const names = arq.columnNames();
    if (!Array.isArray(names) || names.some((name) => typeof name !== 'string')) throw new DataError(`${where}: columnNames() must return an array of strings, got ${describe(names)}`, 'DATA_SHAPE');
    const arrays = names.map((name) => {
      const values = arq.array(name);
      if (!isArrayLike(values)) throw new DataError(`${where}: array(${quote(name)}) must return an array, got ${describe(values)}`, 'DATA_SHAPE');
      return values;
    });
    return fromColumns(names, arrays, where);
  }
  if (Array.isArray(obj.columns) && Array.isArray(obj.values)) {
    return fromDanfo(input as DanfoLike, source ?? 'data frame');
  }
  if (typeof obj === 'object') {
    const names = Object.keys(obj);
    const columns = names.map((name) => obj[name]);
    if (names.length > 0 && columns.every((c) => isArrayLike(c))) {
      return fromColumns(names, columns as ArrayLike<unknown>[], source ?? 'columns');
    }
  }
  throw new DataError(
    `${source ?? 'toTable'}: expected a table (array of records, { columns, values }, an arquero table or an object of columns), got ${describe(input)}`,
    'DATA_SHAPE',
  );
}

function fromRecords(records: readonly Record<string, unknown>[], source: string): Table {
  if (records.length === 0) throw new DataError(`${source}: no rows`, 'DATA_NO_ROWS');
  const first = records[0];
  if (first === null || typeof first !== 'object') throw new DataError(`${source}: row 1 is not a record, got ${describe(first)}`, 'DATA_SHAPE');
  const names = Object.keys(first);
  const columns: unknown[][] = names.map(() => new Array(records.length));
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (record === null || typeof record !== 'object') throw new DataError(`${source}: row ${i + 1} is not a record, got ${describe(record)}`, 'DATA_SHAPE');
    const keys = Object.keys(record);
    if (keys.length !== names.length) {
      const extra = keys.find((k) => !names.includes(k));
      const absent = names.find((k) => !(k in record));
      const what = extra !== undefined ? `has an extra field ${quote(extra)}` : `has no field ${quote(absent)}`;
      throw new DataError(`${source}: row ${i + 1} ${what} (row 1 has ${names.length} fields)`, 'DATA_RAGGED_ROW');
    }
    for (let j = 0; j < names.length; j++) {
      if (!(names[j] in record)) throw new DataError(`${source}: row ${i + 1} has no field ${quote(names[j])}`, 'DATA_RAGGED_ROW');
      columns[j][i] = record[names[j]];
    }
  }
  return new Table(source, names.map((name, j) => toColumn(name, columns[j], source)), records.length);
}

function fromDanfo(frame: DanfoLike, source: string): Table {
  const names = frame.columns.map(String);
  const n = frame.values.length;
  const columns: unknown[][] = names.map(() => new Array(n));
  for (let i = 0; i < n; i++) {
    const row = frame.values[i];
    if (!Array.isArray(row) || row.length !== names.length) {
      throw new DataError(`${source}: row ${i + 1} has ${Array.isArray(row) ? row.length : 'no'} values, expected ${names.length}`, 'DATA_RAGGED_ROW');
    }
    for (let j = 0; j < names.length; j++) columns[j][i] = row[j];
  }
  return new Table(source, names.map((name, j) => toColumn(name, columns[j], source)), n);
}

function fromColumns(names: readonly string[], arrays: readonly ArrayLike<unknown>[], source: string): Table {
  const n = arrays.length === 0 ? 0 : arrays[0].length;
  for (let j = 0; j < arrays.length; j++) {
    if (arrays[j].length !== n) {
      throw new DataError(`${source}: column ${quote(names[j])} has ${arrays[j].length} values, expected ${n}`, 'DATA_RAGGED');
    }
  }
  return new Table(source, names.map((name, j) => toColumn(name, arrays[j], source)), n);
}

/** Builds a typed column from JavaScript values. */
function toColumn(name: string, values: ArrayLike<unknown>, source: string): Column {
  const n = values.length;
  const numeric = new Float64Array(n);
  let missing = 0;
  let isNumeric = true;
  for (let i = 0; i < n && isNumeric; i++) {
    const v = values[i];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) {
      numeric[i] = NaN;
      missing++;
    } else if (typeof v === 'number') {
      numeric[i] = v;
    } else if (typeof v === 'bigint') {
      numeric[i] = Number(v);
    } else if (typeof v === 'string') {
      const kind = classifyCell(v, 0, v.length, null);
      if (kind === CellKind.Number) numeric[i] = parsedValue.value;
      else if (kind === CellKind.Missing) {
        numeric[i] = NaN;
        missing++;
      } else isNumeric = false;
    } else {
      isNumeric = false;
    }
  }
  if (isNumeric) return { kind: 'numeric', name, values: numeric, missing };
  const text: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) text[i] = null;
    else if (v instanceof Date) text[i] = Number.isNaN(v.getTime()) ? null : v.toISOString(); // an invalid date (pandas' NaT) is missing
    else if (typeof v === 'object' || typeof v === 'function') {
      throw new DataError(`${source}: column ${quote(name)} holds ${Array.isArray(v) ? 'an array' : `a ${typeof v === 'function' ? 'function' : 'nested object'}`} in row ${i + 1}; cells must be numbers, strings, booleans, dates or missing`, 'DATA_SHAPE');
    } else {
      const s = String(v).trim();
      text[i] = classifyCell(s, 0, s.length, null) === CellKind.Missing ? null : s;
    }
  }
  return textColumn(name, text);
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || ArrayBuffer.isView(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}
