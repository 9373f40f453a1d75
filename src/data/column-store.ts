/**
 * The third stage of the table parser: where the cells go. Numeric columns go straight into blocks
 * of doubles (column-major, the layout of the feature matrix; one block holding every row when the
 * row count is known in advance), text columns into arrays of strings, and the original characters
 * only of the columns asked for with `keepText`, and only where they differ from what the value
 * would be written as. At the end the blocks become one store and the columns a {@link Table}.
 */
import { formatNumber, Table, textColumn, type Column, type TableFormat } from './table.js';
import type { ReadTableOptions } from './read-table-options.js';

/** The columns of a table being read; the parser writes cells into its public arrays. */
export class ColumnStore {
  readonly names: string[];
  readonly nCols: number;
  /** Data rows stored so far. */
  nRows = 0;
  /** Rows per block of doubles. */
  readonly blockRows: number;
  /** Blocks of `blockRows` x `nCols` doubles, column-major within a block. */
  blocks: Float64Array[] = [];
  /** 1 for a column that turned out to be text. */
  readonly isText: Uint8Array;
  /** The text of each text column (created when it turns out to be text); null is missing. */
  readonly texts: ((string | null)[] | null)[];
  /** 1 for a column whose original characters are kept. */
  readonly keep: Uint8Array;
  /** Original characters of kept columns, by row, where they differ from the value's own text. */
  readonly raw: (Map<number, string> | null)[];
  /** The line each data row starts on. */
  private lines = new Int32Array(1024);

  /**
   * @param capacity the number of data rows when known in advance (0: unknown): then the numbers
   *   go straight into their final place
   */
  constructor(names: string[], keepText: ReadTableOptions['keepText'], capacity: number) {
    this.names = names;
    const nCols = names.length;
    this.nCols = nCols;
    this.isText = new Uint8Array(nCols);
    this.texts = Array.from({ length: nCols }, () => null);
    this.keep = new Uint8Array(nCols);
    this.raw = new Array(nCols).fill(null);
    const keep = keepText ?? false;
    for (let j = 0; j < nCols; j++) {
      if (typeof keep === 'function' ? keep(names[j], j, names) : keep) {
        this.keep[j] = 1;
        this.raw[j] = new Map();
      }
    }
    // rows per block: all expected rows in one block (the final layout), else blocks of about 8 MB
    this.blockRows = capacity > 0 ? capacity : Math.max(64, Math.floor((8 * 1024 * 1024) / (8 * nCols)));
  }

  /** The block that holds the next row (allocated when the row starts a new block). */
  nextRowBlock(): Float64Array {
    const blockIndex = Math.floor(this.nRows / this.blockRows);
    if (blockIndex >= this.blocks.length) this.blocks.push(new Float64Array(this.blockRows * this.nCols));
    return this.blocks[blockIndex];
  }

  /** Ends the current row, which started on `line`. */
  endRow(line: number): void {
    const i = this.nRows;
    if (i >= this.lines.length) {
      const l = new Int32Array(this.lines.length * 2);
      l.set(this.lines);
      this.lines = l;
    }
    this.lines[i] = line;
    this.nRows++;
  }

  /** Turns column j into a text column from row i on, writing the numbers before it as text. */
  toText(j: number, i: number): void {
    const values: (string | null)[] = new Array(i);
    const b = this.blockRows;
    for (let k = 0; k < i; k++) {
      const v = this.blocks[Math.floor(k / b)][(k % b) + j * b];
      values[k] = Number.isNaN(v) ? null : formatNumber(v);
    }
    this.texts[j] = values;
    this.isText[j] = 1;
  }

  /** The table; the store gives up its blocks. */
  build(source: string, format: TableFormat): Table {
    const n = this.nRows;
    let nCols = this.nCols;
    let names = this.names;
    // Excel's trailing delimiter: an unnamed last column with no value at all
    const last = nCols - 1;
    if (nCols > 1 && /^\.\.\.\d+$/.test(names[last]) && this.isText[last] === 0 && this.allMissing(last)) {
      nCols--;
      names = names.slice(0, nCols);
    }
    const numericIndex: number[] = [];
    for (let j = 0; j < nCols; j++) if (this.isText[j] === 0) numericIndex.push(j);
    const store = this.consolidate(numericIndex);
    const columns: Column[] = new Array(nCols);
    let k = 0;
    for (let j = 0; j < nCols; j++) {
      if (this.isText[j] === 0) {
        const values = store.subarray(k * n, (k + 1) * n);
        let missing = 0;
        for (let i = 0; i < n; i++) if (values[i] !== values[i]) missing++;
        columns[j] = { kind: 'numeric', name: names[j], values, missing };
        k++;
      } else {
        const texts = this.texts[j]!;
        if (texts.length < n) texts.length = n;
        columns[j] = textColumn(names[j], texts);
      }
    }
    this.blocks = [];
    const lines = this.lines;
    const locator = (row: number) => `line ${lines[row]}`;
    const raw = this.raw;
    const anyKept = this.keep.some((x) => x === 1);
    const rawText = anyKept
      ? (row: number, col: number) => {
          const kept = raw[col]?.get(row);
          if (kept !== undefined) return kept;
          const column = columns[col];
          if (column.kind === 'text') return column.values[row] ?? '';
          return formatNumber(column.values[row]);
        }
      : undefined;
    return new Table(source, columns, n, locator, rawText, format);
  }

  private allMissing(j: number): boolean {
    const b = this.blockRows;
    for (let i = 0; i < this.nRows; i++) {
      const v = this.blocks[Math.floor(i / b)][(i % b) + j * b];
      if (v === v) return false;
    }
    for (const value of this.raw[j]?.values() ?? []) if (value.trim() !== '') return false;
    return true;
  }

  /**
   * The numeric columns, in order, as one column-major block of n rows. With a single block (the
   * row count was known) the values are moved in place; otherwise copied block by block.
   */
  private consolidate(numericIndex: readonly number[]): Float64Array {
    const n = this.nRows;
    const b = this.blockRows;
    const p = numericIndex.length;
    if (this.blocks.length === 1) {
      const block = this.blocks[0];
      for (let k = 0; k < p; k++) {
        const j = numericIndex[k];
        if (j * b !== k * n) block.copyWithin(k * n, j * b, j * b + n);
      }
      return block.subarray(0, n * p);
    }
    const store = new Float64Array(n * p);
    for (let k = 0; k < p; k++) {
      const j = numericIndex[k];
      const offset = k * n;
      for (let q = 0; q < this.blocks.length; q++) {
        const rows = Math.min(b, n - q * b);
        if (rows <= 0) break;
        store.set(this.blocks[q].subarray(j * b, j * b + rows), offset + q * b);
      }
    }
    return store;
  }
}
