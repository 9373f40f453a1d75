/**
 * Reading delimited feature tables: `.csv`, `.tsv`, `.txt` and their `.gz` forms.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DataError } from '../core/errors.js';
import type { Table } from './table.js';
import { parseTable, type ReadTableOptions } from './parse-table.js';

export { parseTable, type ReadTableOptions } from './parse-table.js';

/**
 * Reads a delimited table from a file. UTF-8 with or without a byte-order mark, LF or CRLF line
 * ends, RFC 4180 quoting (fields with delimiters, quotes and line breaks); gzip is detected from
 * the content, not only the name. Columns whose every present cell is a plain decimal or
 * scientific number become numeric; others are text. Numbers written with leading zeros ("007")
 * are kept as text, as identifiers usually are. Blank lines are skipped.
 *
 * Unlike R's `read.csv`, nothing is guessed silently: a ragged row, a duplicate or empty header, or
 * an unclosed quote is a {@link DataError} naming the file and line.
 *
 * @throws DataError for a missing, empty or malformed file.
 * @example
 * const table = readTable('../shared/data/HCC-TACE-Seg.csv.gz');
 * table.nRows; // 84
 */
export function readTable(path: string, options: ReadTableOptions = {}): Table {
  const source = options.source ?? basename(path);
  let bytes: Buffer;
  try {
    if (statSync(path).isDirectory()) throw new DataError(`${source}: is a folder, expected a table file`, 'DATA_FILE');
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof DataError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new DataError(`${options.source ?? path}: cannot read table: ${reason}`, 'DATA_FILE');
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new DataError(`${source}: gzip data is damaged (${(error as Error).message})`, 'DATA_FILE');
    }
  }
  if (bytes.length > 0x1fffffe8) {
    throw new DataError(`${source}: ${bytes.length} bytes is more than one table file can hold in memory here (512 MB of text)`, 'DATA_FILE');
  }
  const text = bytes.toString('utf8');
  const delimiter = options.delimiter ?? delimiterFromName(path);
  return parseTable(text, { ...options, source, delimiter });
}

function delimiterFromName(path: string): string | undefined {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv')) return ',';
  if (name.endsWith('.tsv') || name.endsWith('.tab') || name.endsWith('.txt')) return '\t';
  return undefined;
}

