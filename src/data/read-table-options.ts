/**
 * The options of the table readers ({@link parseTable}, {@link readTable}, {@link TableParser}),
 * in a module of their own so that every part of the parser (bytes, records, columns) can name them.
 */
import type { OptionNamer } from '../core/messages.js';

/** Options of {@link readTable} and {@link parseTable}. */
export interface ReadTableOptions {
  /**
   * Field separator. By default `,` for `.csv` (`;` with a decimal comma), a tab for
   * `.tsv`/`.tab`/`.txt`; other input is sniffed from the header line.
   * @defaultValue from the file name
   */
  delimiter?: string;
  /**
   * Cells read as missing (compared after trimming spaces), replacing the default list.
   * @defaultValue `['', 'NA', 'NaN', 'nan', 'null', '#N/A']`
   */
  missingTokens?: readonly string[];
  /**
   * The decimal mark of numbers: `,` for European spreadsheet exports (`1,5`), which are then
   * usually separated by `;`.
   * @defaultValue '.'
   */
  decimalMark?: '.' | ',';
  /**
   * Keep the original characters of cells so that {@link Table.text} can write untouched columns
   * back exactly as they were: `true` for every column, or a test of the column's name and
   * position (e.g. only the columns that are not features). Only cells whose text differs from the
   * value's own formatting are stored.
   * @defaultValue false
   */
  keepText?: boolean | ((name: string, index: number, header: readonly string[]) => boolean);
  /** Name used in messages (defaults to the file's base name). */
  source?: string;
  /**
   * The longest line (record) accepted, in bytes: a longer one means the input is not a table (or
   * is binary), and reading stops instead of taking all memory.
   * @defaultValue 16 MiB
   */
  maxLineBytes?: number;
  /**
   * How messages name options (the command line passes one that names flags).
   * @defaultValue the library's option names
   */
  optionName?: OptionNamer;
}

/** The default line-length limit: 16 MiB. */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;
