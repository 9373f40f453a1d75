/**
 * Writing tables: column order kept, numbers at full precision (the shortest text that reads
 * back as the same double), no partial files.
 */
import { gzipSync } from 'node:zlib';
import { writeFileAtomic } from '../core/atomic-write.js';
import type { Table } from './table.js';
import { formatTable, type WriteTableOptions } from './format-table.js';

export { formatTable, type WriteTableOptions } from './format-table.js';

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
