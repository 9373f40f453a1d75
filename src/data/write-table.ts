/**
 * Writing tables: column order kept, numbers at full precision (the shortest text that reads
 * back as the same double), no partial files.
 */
import { gzipSync } from 'node:zlib';
import { writeFileAtomic } from '../core/atomic-write.js';
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

/**
 * Writes a table to `path` atomically (a temporary file renamed into place), gzip-compressed when
 * the path ends in `.gz`. See {@link formatTable} for the format.
 */
export function writeTable(path: string, table: Table, options: WriteTableOptions = {}): void {
  const lower = path.toLowerCase().replace(/\.gz$/, '');
  const delimiter = options.delimiter ?? (lower.endsWith('.tsv') || lower.endsWith('.tab') ? '\t' : ',');
  const text = formatTable(table, { delimiter });
  writeFileAtomic(path, path.toLowerCase().endsWith('.gz') ? gzipSync(Buffer.from(text, 'utf8')) : text);
}

function escapeField(value: string, delimiter: string): string {
  if (value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r')) {
    return `"${value.replaceAll('"', '""')}"`;
  }
  return value;
}
