/**
 * An in-memory table of typed columns, as read from a file, an array of records or a
 * DataFrame-shaped object.
 */
import { DataError } from '../core/errors.js';
import { didYouMean, quote } from '../core/messages.js';
import { looksLikeDecimalComma } from './parse-number.js';

/** A column whose every present value is a number (missing values are NaN; infinities are kept to be reported). */
export interface NumericColumn {
  readonly kind: 'numeric';
  readonly name: string;
  readonly values: Float64Array;
  /** Number of missing cells. */
  readonly missing: number;
}

/** A column holding text (missing values are null). */
export interface TextColumn {
  readonly kind: 'text';
  readonly name: string;
  readonly values: readonly (string | null)[];
  readonly missing: number;
  /**
   * How many present values look like numbers (plain, or with a decimal comma): a mostly numeric
   * text column is probably a feature with a bad cell, not a label.
   */
  readonly numericCount: number;
  /** The first present value that is not a plain number, and its row (zero-based). */
  readonly firstText: { row: number; value: string } | null;
}

/** A table column. */
export type Column = NumericColumn | TextColumn;

/** Maps a zero-based row to where it came from, for messages ("line 14", "row 13"). */
export type RowLocator = (row: number) => string;

/** How a table read from a file was written: its field separator and decimal mark. */
export interface TableFormat {
  delimiter: string;
  decimalMark: '.' | ',';
}

/**
 * A table of named, typed columns with a record of where it came from, so that every message
 * about it can name the file and the line.
 */
export class Table {
  /** The file name, or a description such as "records" for in-memory input. */
  readonly source: string;
  readonly columns: readonly Column[];
  readonly nRows: number;
  private readonly locator: RowLocator;
  private readonly byName: Map<string, number>;
  private readonly rawText: ((row: number, col: number) => string) | null;
  /** The file's field separator and decimal mark, when the table was read from text (null otherwise). */
  readonly format: TableFormat | null;

  constructor(source: string, columns: readonly Column[], nRows: number, locator?: RowLocator, rawText?: (row: number, col: number) => string, format?: TableFormat | null) {
    this.source = source;
    this.format = format ?? null;
    this.columns = columns;
    this.nRows = nRows;
    this.locator = locator ?? ((row) => `row ${row + 1}`);
    this.rawText = rawText ?? null;
    this.byName = new Map();
    for (let j = 0; j < columns.length; j++) {
      const name = columns[j].name;
      if (this.byName.has(name)) {
        throw new DataError(`${source}: duplicate column name ${quote(name)} (columns ${this.byName.get(name)! + 1} and ${j + 1})`, 'DATA_DUPLICATE_COLUMN');
      }
      this.byName.set(name, j);
      if (columns[j].values.length !== nRows) {
        throw new DataError(`${source}: column ${quote(name)} has ${columns[j].values.length} values, expected ${nRows}`, 'DATA_RAGGED');
      }
    }
  }

  /** Column names in order. */
  get names(): string[] {
    return this.columns.map((c) => c.name);
  }

  /** Whether a column of that name exists. */
  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Position of a column, or -1. */
  indexOf(name: string): number {
    return this.byName.get(name) ?? -1;
  }

  /**
   * The column of that name.
   * @param option the role option that named it, for the message (e.g. "--outcome").
   * @throws DataError when there is no such column.
   */
  column(name: string, option?: string): Column {
    const j = this.byName.get(name);
    if (j === undefined) {
      const by = option === undefined ? '' : ` (given to ${option})`;
      throw new DataError(`${this.source}: no column named ${quote(name)}${by}${didYouMean(name, this.names)}`, 'DATA_UNKNOWN_COLUMN');
    }
    return this.columns[j];
  }

  /** Where row `row` (zero-based) came from: "line 14" for files, "row 13" for records. */
  locate(row: number): string {
    return this.locator(row);
  }

  /**
   * The cell as text: the original characters when the table was read with `keepText`,
   * otherwise the shortest round-trip form of the number ("" for missing).
   */
  text(row: number, col: number): string {
    return this.rawText !== null ? this.rawText(row, col) : cellText(this.columns[col], row);
  }

  /** A new table with the same source and locations whose columns are replaced or added. */
  withColumns(replacements: readonly Column[]): Table {
    const columns = this.columns.slice();
    for (const replacement of replacements) {
      const j = this.byName.get(replacement.name);
      if (j === undefined) columns.push(replacement);
      else columns[j] = replacement;
    }
    const replaced = new Set(replacements.map((c) => this.byName.get(c.name)));
    const original = this.columns.length;
    const raw = this.rawText;
    // replaced and appended columns are formatted; the others keep their original characters
    const text = raw === null ? undefined : (row: number, col: number) => (col >= original || replaced.has(col) ? cellText(columns[col], row) : raw(row, col));
    return new Table(this.source, columns, this.nRows, this.locator, text, this.format);
  }

  /** A new table holding the given rows (zero-based, in order); locations still point at the original lines. */
  selectRows(rows: ArrayLike<number>): Table {
    const index = Int32Array.from(rows as ArrayLike<number>);
    const columns = this.columns.map((c) => selectColumnRows(c, index));
    const raw = this.rawText;
    const locator = this.locator;
    return new Table(
      this.source,
      columns,
      index.length,
      (row) => locator(index[row]),
      raw === null ? undefined : (row, col) => raw(index[row], col),
      this.format,
    );
  }
}

/** A column restricted to the given rows (zero-based, in order). */
export function selectColumnRows<T extends Column>(column: T, rows: ArrayLike<number>): T {
  if (column.kind === 'numeric') {
    const values = new Float64Array(rows.length);
    for (let k = 0; k < rows.length; k++) values[k] = column.values[rows[k]];
    return numericColumn(column.name, values) as T;
  }
  return textColumn(column.name, Array.from(rows as ArrayLike<number>, (i) => column.values[i])) as T;
}

/** Builds a numeric column, counting missing values. */
export function numericColumn(name: string, values: Float64Array): NumericColumn {
  let missing = 0;
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) missing++;
  return { kind: 'numeric', name, values, missing };
}

/** Builds a text column, counting missing and number-like values. */
export function textColumn(name: string, values: (string | null)[]): TextColumn {
  let missing = 0;
  let numericCount = 0;
  let firstText: { row: number; value: string } | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) {
      missing++;
      continue;
    }
    if (NUMBER_TEXT.test(v)) {
      numericCount++;
      continue;
    }
    if (looksLikeDecimalComma(v)) numericCount++;
    if (firstText === null) firstText = { row: i, value: v };
  }
  return { kind: 'text', name, values, missing, numericCount, firstText };
}

const NUMBER_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** The shortest text that reads back as exactly the same double. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return '';
  if (value === Infinity) return 'Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function cellText(column: Column, row: number): string {
  if (column.kind === 'text') return column.values[row] ?? '';
  return formatNumber(column.values[row]);
}
