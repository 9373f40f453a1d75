/**
 * Formatting tables as delimited text: column order kept, numbers at full precision (the shortest
 * text that reads back as the same double). No file access; `writeTable` in the Node entry writes files.
 */
import type { Table } from './table.js';

/** Options of {@link writeTable}. */
export interface WriteTableOptions {
  /**
   * Field separator.
   * @defaultValue `,` (a tab for `.tsv` paths)
   */
  delimiter?: string;
}

/**
 * Formats a table as delimited text with a header line and LF line ends. Missing cells are empty;
 * fields containing the delimiter, a quote or a line break are quoted (RFC 4180).
 */
export function formatTable(table: Table, options: WriteTableOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  const nCols = table.columns.length;
  const lines: string[] = new Array(table.nRows + 1);
  lines[0] = table.names.map((name) => escapeField(name, delimiter)).join(delimiter);
  const fields: string[] = new Array(nCols);
  for (let i = 0; i < table.nRows; i++) {
    for (let j = 0; j < nCols; j++) fields[j] = escapeField(table.text(i, j), delimiter);
    lines[i + 1] = fields.join(delimiter);
  }
  return lines.join('\n') + '\n';
}

function escapeField(value: string, delimiter: string): string {
  if (value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r')) {
    return `"${value.replaceAll('"', '""')}"`;
  }
  return value;
}
