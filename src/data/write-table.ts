/**
 * Writing tables: column order kept, numbers at full precision (the shortest text that reads
 * back as the same double), written in chunks (any size), no partial files.
 */
import { gzipSync } from 'node:zlib';
import { writeFileAtomic, type FileData } from '../core/atomic-write.js';
import type { Table } from './table.js';
import { formatTableChunks, type WriteTableOptions } from './format-table.js';

export { formatTable, formatTableChunks, type WriteTableOptions } from './format-table.js';

/**
 * The bytes of a table file as chunks, for {@link writeFileAtomic}: text, or gzip when `gzip` is
 * true (one gzip member per 16 MB of text; gzip readers - zcat, R, Python, radsig - read
 * concatenated members as one stream).
 */
export function tableFileData(table: Table, options: WriteTableOptions & { gzip?: boolean } = {}): FileData {
  const { gzip, ...format } = options;
  const chunks = formatTableChunks(table, format);
  if (!gzip) return chunks;
  return (function* () {
    let pending: Buffer[] = [];
    let size = 0;
    for (const chunk of chunks) {
      const bytes = Buffer.from(chunk, 'utf8');
      pending.push(bytes);
      size += bytes.length;
      if (size >= 1 << 24) {
        yield gzipSync(Buffer.concat(pending));
        pending = [];
        size = 0;
      }
    }
    if (size > 0) yield gzipSync(Buffer.concat(pending));
  })();
}

/** Field separator and gzip from a file name: a tab for `.tsv`/`.tab`/`.txt` (as the reader takes them), gzip for `.gz`. */
export function tableFileOptions(path: string, table?: Table): WriteTableOptions & { gzip: boolean } {
  const lower = path.toLowerCase();
  const gzip = lower.endsWith('.gz');
  const name = lower.replace(/\.gz$/, '');
  // the names the reader takes as tab-separated, so that radsig reads back what it writes
  const tab = name.endsWith('.tsv') || name.endsWith('.tab') || name.endsWith('.txt');
  const format = table?.format ?? null;
  // a table read with a decimal comma is written the same way, unless the name asks for a TSV
  if (!tab && format !== null && format.decimalMark === ',') return { delimiter: format.delimiter === ',' ? ';' : format.delimiter, decimalMark: ',', gzip };
  return { delimiter: tab ? '\t' : format !== null && format.delimiter === ';' && name.endsWith('.csv') ? ';' : ',', gzip };
}

/**
 * Writes a table to `path` atomically (a temporary file renamed into place) and in chunks,
 * gzip-compressed when the path ends in `.gz`. See {@link formatTable} for the format.
 */
export function writeTable(path: string, table: Table, options: WriteTableOptions = {}): void {
  const defaults = tableFileOptions(path);
  writeFileAtomic(path, tableFileData(table, { ...defaults, ...options }));
}
