/**
 * Parsing delimited text (CSV, TSV) into a {@link Table}, with no file access, so that it also runs
 * in a browser. Files, gzip and paths are handled by `readTable` in the Node entry.
 */
import { DataError, ParameterError } from '../core/errors.js';
import { quote } from '../core/messages.js';
import { CellKind, classifyCell, DEFAULT_MISSING_TOKENS, parsedValue } from './parse-number.js';
import { type Column, Table, textColumn } from './table.js';

/** Options of {@link readTable} and {@link parseTable}. */
export interface ReadTableOptions {
  /**
   * Field separator. By default `,` for `.csv`, a tab for `.tsv`/`.tab`/`.txt`; other files are sniffed
   * from the header line.
   * @defaultValue from the file name
   */
  delimiter?: string;
  /**
   * Cells read as missing.
   * @defaultValue `['', 'NA', 'NaN', 'nan', 'null', '#N/A']`
   */
  missingTokens?: readonly string[];
  /**
   * Keep the original characters of every cell so that {@link Table.text} can write untouched
   * columns back exactly as they were (costs the memory of the file text).
   * @defaultValue false
   */
  keepText?: boolean;
  /** Name used in messages (defaults to the file's base name). */
  source?: string;
}

/**
 * Parses delimited text (see {@link readTable}); `source` names it in messages. The text may also
 * be given as bytes (an `ArrayBuffer` or a view such as `Uint8Array`, e.g. from `File.arrayBuffer()`
 * or `fetch`), decoded as UTF-8 (invalid sequences become U+FFFD, as `readTable` does); gzip is not
 * decompressed here.
 * @throws DataError for empty input, gzip bytes, a header without rows, duplicate names, ragged rows or an unclosed quote.
 */
export function parseTable(input: string | ArrayBuffer | ArrayBufferView, options: ReadTableOptions = {}): Table {
  const source = options.source ?? 'table';
  const text = typeof input === 'string' ? input : decodeUtf8(input, source);
  let start = 0;
  if (text.charCodeAt(0) === 0xfeff) start = 1;
  if (text.trim().length === 0) throw new DataError(`${source}: the file is empty`, 'DATA_EMPTY');
  const delimiter = options.delimiter ?? sniffDelimiter(text, start);
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new ParameterError(`readTable: delimiter must be one character other than a quote or line break, got ${quote(delimiter)}`);
  }
  const missing = options.missingTokens === undefined ? null : new Set(options.missingTokens);
  checkSemicolons(text, start, delimiter, source);
  const cells = tokenize(text, start, delimiter.charCodeAt(0), source);
  const nCols = cells.nCols;
  const nRows = cells.nRows;
  const header: string[] = [];
  for (let j = 0; j < nCols; j++) header.push(cells.field(0, j).trim());
  checkHeader(header, source);
  if (nRows === 1) throw new DataError(`${source}: has a header but no data rows`, 'DATA_NO_ROWS');
  const columns: Column[] = [];
  for (let j = 0; j < nCols; j++) columns.push(buildColumn(cells, j, header[j], missing));
  const lines = cells.lines;
  const locator = (row: number) => `line ${lines[row + 1]}`;
  const raw = options.keepText ? (row: number, col: number) => cells.field(row + 1, col) : undefined;
  return new Table(source, columns, nRows - 1, locator, raw);
}

function decodeUtf8(input: ArrayBuffer | ArrayBufferView, source: string): string {
  const bytes = ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new DataError(`${source}: is gzip-compressed; parseTable reads plain text (decompress it first, e.g. with DecompressionStream, or use readTable in Node)`, 'DATA_FILE');
  }
  return new TextDecoder('utf-8').decode(bytes);
}

function sniffDelimiter(text: string, start: number): string {
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  const line = text.slice(start, end);
  const counts = [',', '\t', ';'].map((d) => line.split(d).length - 1);
  if (counts[1] > counts[0] && counts[1] >= counts[2]) return '\t';
  if (counts[2] > counts[0]) return ';';
  return ',';
}

function checkSemicolons(text: string, start: number, delimiter: string, source: string): void {
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  const line = text.slice(start, end);
  if (delimiter === ',' && !line.includes(',') && line.includes(';')) {
    throw new DataError(
      `${source}: the header has no "," but has ";" - the file looks semicolon-separated (a European spreadsheet export, often with decimal commas); save it as CSV with "," between fields and "." as the decimal mark`,
      'DATA_DELIMITER',
    );
  }
}

function checkHeader(header: string[], source: string): void {
  const seen = new Map<string, number>();
  for (let j = 0; j < header.length; j++) {
    let name = header[j];
    if (name === '') {
      // R's write.csv and pandas leave the row-name column unnamed; name it as readr does.
      name = `...${j + 1}`;
      header[j] = name;
    }
    const previous = seen.get(name);
    if (previous !== undefined) {
      throw new DataError(`${source}: duplicate column name ${quote(name)} in the header (columns ${previous + 1} and ${j + 1})`, 'DATA_DUPLICATE_COLUMN');
    }
    seen.set(name, j);
  }
}

interface Cells {
  nRows: number;
  nCols: number;
  /** file line (1-based) on which each record starts */
  lines: Int32Array;
  field(row: number, col: number): string;
  bounds: Int32Array;
  escaped: Uint8Array;
  text: string;
}

/** Splits the text into records and fields, recording field bounds rather than copying strings. */
function tokenize(text: string, start: number, delim: number, source: string): Cells {
  const length = text.length;
  let capacity = 1024;
  let bounds = new Int32Array(capacity * 2);
  let escaped = new Uint8Array(capacity);
  let lineStarts = new Int32Array(256);
  let nFields = 0;
  let nRecords = 0;
  let nCols = -1;
  let line = 1;
  let pos = start;

  const grow = () => {
    capacity *= 2;
    const b = new Int32Array(capacity * 2);
    b.set(bounds);
    bounds = b;
    const e = new Uint8Array(capacity);
    e.set(escaped);
    escaped = e;
  };

  while (pos < length) {
    // skip blank lines
    const c0 = text.charCodeAt(pos);
    if (c0 === 10) {
      pos++;
      line++;
      continue;
    }
    if (c0 === 13) {
      pos += text.charCodeAt(pos + 1) === 10 ? 2 : 1;
      line++;
      continue;
    }
    const recordLine = line;
    const recordStart = nFields;
    // one record
    for (;;) {
      if (nFields >= capacity) grow();
      let fieldStart = pos;
      let fieldEnd: number;
      let hasEscape = 0;
      if (text.charCodeAt(pos) === 34 /* " */) {
        const quoteLine = line;
        pos++;
        fieldStart = pos;
        for (;;) {
          if (pos >= length) {
            throw new DataError(`${source}: line ${quoteLine}: a quoted field is never closed`, 'DATA_QUOTE');
          }
          const c = text.charCodeAt(pos);
          if (c === 34) {
            if (text.charCodeAt(pos + 1) === 34) {
              hasEscape = 1;
              pos += 2;
              continue;
            }
            break;
          }
          if (c === 10) line++;
          else if (c === 13 && text.charCodeAt(pos + 1) !== 10) line++;
          pos++;
        }
        fieldEnd = pos;
        pos++; // closing quote
        const next = pos < length ? text.charCodeAt(pos) : 10;
        if (next !== delim && next !== 10 && next !== 13) {
          throw new DataError(`${source}: line ${line}: unexpected ${quote(text[pos])} after a closing quote (quotes inside a quoted field are written as "")`, 'DATA_QUOTE');
        }
      } else {
        while (pos < length) {
          const c = text.charCodeAt(pos);
          if (c === delim || c === 10 || c === 13) break;
          pos++;
        }
        fieldEnd = pos;
      }
      bounds[2 * nFields] = fieldStart;
      bounds[2 * nFields + 1] = fieldEnd;
      escaped[nFields] = hasEscape;
      nFields++;
      if (pos < length && text.charCodeAt(pos) === delim) {
        pos++;
        if (pos >= length) {
          // delimiter at end of file: one more empty field
          if (nFields >= capacity) grow();
          bounds[2 * nFields] = pos;
          bounds[2 * nFields + 1] = pos;
          escaped[nFields] = 0;
          nFields++;
          break;
        }
        continue;
      }
      // end of record
      if (pos < length) {
        if (text.charCodeAt(pos) === 13 && text.charCodeAt(pos + 1) === 10) pos += 2;
        else pos++;
        line++;
      }
      break;
    }
    const count = nFields - recordStart;
    if (nCols < 0) nCols = count;
    else if (count !== nCols) {
      const more = count > nCols ? ' (a value with an unquoted delimiter inside it, such as a decimal comma, splits into extra fields)' : '';
      throw new DataError(`${source}: line ${recordLine} has ${count} fields, the header has ${nCols}${more}`, 'DATA_RAGGED_ROW');
    }
    if (nRecords >= lineStarts.length) {
      const l = new Int32Array(lineStarts.length * 2);
      l.set(lineStarts);
      lineStarts = l;
    }
    lineStarts[nRecords++] = recordLine;
  }
  const cols = nCols;
  const finalBounds = bounds;
  const finalEscaped = escaped;
  return {
    nRows: nRecords,
    nCols: cols,
    lines: lineStarts,
    bounds: finalBounds,
    escaped: finalEscaped,
    text,
    field(row: number, col: number): string {
      const k = row * cols + col;
      const s = text.slice(finalBounds[2 * k], finalBounds[2 * k + 1]);
      return finalEscaped[k] === 1 ? s.replaceAll('""', '"') : s;
    },
  };
}

function buildColumn(cells: Cells, j: number, name: string, missing: ReadonlySet<string> | null): Column {
  const n = cells.nRows - 1;
  const nCols = cells.nCols;
  const { bounds, escaped, text } = cells;
  const values = new Float64Array(n);
  let nMissing = 0;
  for (let i = 0; i < n; i++) {
    const k = (i + 1) * nCols + j;
    const kind = escaped[k] === 1 ? CellKind.Text : classifyCell(text, bounds[2 * k], bounds[2 * k + 1], missing);
    if (kind === CellKind.Number) values[i] = parsedValue.value;
    else if (kind === CellKind.Missing) {
      values[i] = NaN;
      nMissing++;
    } else {
      return buildTextColumn(cells, j, name, missing);
    }
  }
  return { kind: 'numeric', name, values, missing: nMissing };
}

function buildTextColumn(cells: Cells, j: number, name: string, missing: ReadonlySet<string> | null): Column {
  const n = cells.nRows - 1;
  const values: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const raw = cells.field(i + 1, j);
    const trimmed = raw.trim();
    const isMissing = missing === null ? DEFAULT_MISSING_TOKENS.includes(trimmed) : missing.has(trimmed);
    values[i] = isMissing ? null : trimmed;
  }
  return textColumn(name, values);
}
