/**
 * Formatting tables as delimited text: column order kept, numbers at full precision (the shortest
 * text that reads back as the same double). No file access; `writeTable` in the Node entry writes files.
 */
import type { Table } from './table.js';

/** Options of {@link writeTable} and {@link formatTable}. */
export interface WriteTableOptions {
  /**
   * Field separator.
   * @defaultValue `,` (a tab for `.tsv` paths)
   */
  delimiter?: string;
  /**
   * Decimal mark of the numbers written: `,` writes `1,5` (then use `;` or a tab as the delimiter).
   * @defaultValue '.'
   */
  decimalMark?: '.' | ',';
}

/**
 * Formats a table as delimited text with a header line and LF line ends. Missing cells are empty;
 * fields containing the delimiter, a quote or a line break are quoted (RFC 4180). For large tables
 * use {@link formatTableChunks}: one string holds at most about 512 MB.
 */
export function formatTable(table: Table, options: WriteTableOptions = {}): string {
  let text = '';
  for (const chunk of formatTableChunks(table, options)) text += chunk;
  return text;
}

/**
 * The text of {@link formatTable} in pieces of about `chunkSize` characters (whole lines), so that a
 * table of any size can be written without ever being one string (small pieces are faster and
 * leave less garbage than large ones).
 */
export function* formatTableChunks(table: Table, options: WriteTableOptions = {}, chunkSize = 1 << 18): Generator<string> {
  const delimiter = options.delimiter ?? ',';
  const comma = options.decimalMark === ',';
  const nCols = table.columns.length;
  const numeric = table.columns.map((c) => c.kind === 'numeric');
  let buffer = table.names.map((name) => escapeField(name, delimiter)).join(delimiter) + '\n';
  for (let i = 0; i < table.nRows; i++) {
    let line = '';
    for (let j = 0; j < nCols; j++) {
      let cell = table.text(i, j);
      if (comma && numeric[j]) cell = cell.replace('.', ',');
      line += j === 0 ? escapeField(cell, delimiter) : delimiter + escapeField(cell, delimiter);
    }
    buffer += line + '\n';
    if (buffer.length >= chunkSize) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer.length > 0) yield buffer;
}

function escapeField(value: string, delimiter: string): string {
  if (value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r')) {
    return `"${value.replaceAll('"', '""')}"`;
  }
  return value;
}
