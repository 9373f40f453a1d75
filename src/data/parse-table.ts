/**
 * Parsing delimited text (CSV, TSV) into a {@link Table}, incrementally from chunks of bytes and
 * with no file access, so that it also runs in a browser. Files, gzip, standard input and paths
 * are handled by `readTable` in the Node entry.
 *
 * Three stages, each in its own module: bytes -> UTF-8 ({@link ByteDecoder}: encodings, binary
 * input), UTF-8 -> records of fields ({@link RecordTokenizer}: quoting, line ends, the delimiter),
 * fields -> columns ({@link ColumnStore}). This module decides what each cell is (number, missing,
 * infinity, text; the header and its names) and holds the parser's messages.
 *
 * The parser never holds the text: numeric columns go straight into one block of doubles (in
 * column-major order, the layout of the feature matrix), text columns into arrays of strings, and
 * the original characters only of the columns asked for with `keepText`, and only where they differ
 * from what the value would be written as.
 */
import { DataError, ParameterError } from '../core/errors.js';
import { libraryOptionName, quote, type OptionNamer } from '../core/messages.js';
import { ByteDecoder, concatBytes, copyBytes } from './byte-decoder.js';
import { ColumnStore } from './column-store.js';
import { CellKind, classifyBytes, DEFAULT_MISSING_TOKENS, infinityToken, parseNumber, parsedValue } from './parse-number.js';
import { DEFAULT_MAX_LINE_BYTES, type ReadTableOptions } from './read-table-options.js';
import { CR, LF, QUOTED_ESCAPES, RecordTokenizer, sniffDelimiter } from './record-tokenizer.js';
import { formatNumber, type Table } from './table.js';

export { DEFAULT_MAX_LINE_BYTES, type ReadTableOptions } from './read-table-options.js';

/**
 * Parses delimited text incrementally: {@link TableParser.push} chunks of bytes as they arrive,
 * then {@link TableParser.finish}. UTF-8 with or without a byte-order mark, and UTF-16 (LE or BE)
 * with one; LF, CRLF or CR line ends; RFC 4180 quoting. Blank and whitespace-only lines, and rows
 * whose every field is empty, are skipped. Numbers are plain decimal or scientific (`--decimal ,`
 * reads `1,5`); numbers written with leading zeros (`007`) are text, as identifiers are.
 */
export class TableParser {
  private readonly source: string;
  private readonly options: ReadTableOptions;
  private readonly name: OptionNamer;
  private readonly maxLine: number;
  private readonly decimalComma: boolean;
  private readonly missing: ReadonlySet<string>;
  private readonly maxMissingLength: number;
  /** Whether a missing token is itself a number (`--na-values -999`): then numbers are checked against the tokens too. */
  private readonly numericMissing: boolean;
  private readonly capacity: number;
  private readonly decoder: ByteDecoder;
  private readonly tokens: RecordTokenizer;
  /** The columns: null until the header has been read. */
  private store: ColumnStore | null = null;
  private headerLine = 0;
  /** Bytes of an unfinished record carried to the next chunk. */
  private carry: Uint8Array = new Uint8Array(0);
  private bytesSeen = 0;
  private finished = false;

  /**
   * @param expectedRows when the number of data rows is known or bounded in advance (a first pass
   *   over a file), the numbers go straight into their final place: no copy at the end.
   */
  constructor(options: ReadTableOptions = {}, expectedRows?: number) {
    this.options = options;
    this.source = options.source ?? 'table';
    this.decoder = new ByteDecoder(this.source);
    this.tokens = new RecordTokenizer(this.source);
    this.name = options.optionName ?? libraryOptionName;
    this.maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    const decimal = options.decimalMark ?? '.';
    if (decimal !== '.' && decimal !== ',') throw new ParameterError(`readTable: ${this.name('decimalMark')} must be "." or ",", got ${quote(decimal)}`);
    this.decimalComma = decimal === ',';
    if (options.delimiter !== undefined) {
      const d = options.delimiter;
      if (d.length !== 1 || d === '"' || d === '\n' || d === '\r' || d.charCodeAt(0) > 127 || (d === ',' && this.decimalComma) || d === ' ' || d === '.') {
        const why = d === ',' && this.decimalComma ? ' (the decimal mark is "," too)' : '';
        throw new ParameterError(`readTable: ${this.name('delimiter')} must be one ASCII character other than a quote, a line break, a space or a point, got ${quote(d)}${why}`);
      }
      this.tokens.delimiter = d.charCodeAt(0);
    }
    const tokens = options.missingTokens ?? DEFAULT_MISSING_TOKENS;
    this.missing = new Set(tokens.map((t) => t.trim()));
    this.maxMissingLength = Math.max(12, ...tokens.map((t) => t.length));
    this.numericMissing = [...this.missing].some((t) => t !== '' && parseNumber(t) !== undefined);
    this.capacity = expectedRows !== undefined && expectedRows > 0 ? Math.ceil(expectedRows) : 0;
  }

  /** Adds the next chunk of bytes. @throws DataError for binary or malformed input. */
  push(chunk: Uint8Array): void {
    if (this.finished) throw new ParameterError('TableParser: push after finish');
    if (chunk.length === 0) return;
    this.bytesSeen += chunk.length;
    const utf8 = this.decoder.push(chunk);
    if (utf8 !== null) this.consume(utf8, false);
  }

  /** Data rows read so far. */
  get rowsRead(): number {
    return this.store?.nRows ?? 0;
  }

  /** Ends the input and returns the table. @throws DataError for empty or malformed input. */
  finish(): Table {
    if (this.finished) throw new ParameterError('TableParser: finish called twice');
    this.consume(this.decoder.finish(), true);
    this.finished = true;
    const src = this.source;
    if (this.store === null) throw new DataError(`${src}: the file is empty`, 'DATA_EMPTY');
    if (this.store.nRows === 0) {
      throw new DataError(`${src}: has a header but no data rows`, 'DATA_NO_ROWS');
    }
    const format = { delimiter: String.fromCharCode(this.tokens.delimiter), decimalMark: this.decimalComma ? ',' : '.' } as const;
    return this.store.build(this.source, format);
  }

  // ---- records ------------------------------------------------------------------------------------

  private consume(chunk: Uint8Array, final: boolean): void {
    const tokens = this.tokens;
    const nul = chunk.indexOf(0);
    if (nul >= 0) {
      let line = tokens.line;
      for (let p = 0; p < this.carry.length; p++) if (this.carry[p] === LF) line++;
      for (let p = 0; p < nul; p++) if (chunk[p] === LF) line++;
      throw new DataError(`${this.source}: is a binary file, not a delimited text table (a NUL byte near byte ${Math.max(0, this.bytesSeen - chunk.length + nul)} on line ${line})`, 'DATA_BINARY');
    }
    const bytes = this.carry.length === 0 ? chunk : concatBytes(this.carry, chunk);
    let pos = 0;
    const length = bytes.length;
    while (pos < length) {
      const c0 = bytes[pos];
      // blank line
      if (c0 === LF) {
        pos++;
        tokens.line++;
        continue;
      }
      if (c0 === CR) {
        if (pos + 1 >= length && !final) break;
        pos += bytes[pos + 1] === LF ? 2 : 1;
        tokens.line++;
        continue;
      }
      if (this.store === null && tokens.delimiter < 0) {
        // sniff the delimiter from the header line
        let end = bytes.indexOf(LF, pos);
        if (end < 0) {
          if (!final) break;
          end = length;
        }
        tokens.delimiter = sniffDelimiter(bytes, pos, end, this.decimalComma);
      }
      const startLine = tokens.line;
      const next = tokens.tokenize(bytes, pos, final);
      if (next < 0) break;
      if (next - pos > this.maxLine) this.lineTooLong(startLine);
      pos = next;
      this.record(bytes, startLine);
    }
    const rest = bytes.length - pos;
    if (rest > this.maxLine) this.lineTooLong(tokens.line);
    // a copy (a Buffer's slice is a view, and the caller may reuse its buffer for the next chunk)
    this.carry = rest === 0 ? new Uint8Array(0) : copyBytes(bytes.subarray(pos));
  }

  private lineTooLong(line: number): never {
    const limit = this.maxLine >= 1048576 ? `${Math.round(this.maxLine / 1048576)} MB` : `${this.maxLine} bytes`;
    throw new DataError(`${this.source}: line ${line} is longer than ${limit} (no line break, or an unclosed quote): this is not a delimited table`, 'DATA_LINE_TOO_LONG');
  }

  /** Stores the current record: the header, or a data row whose cells are classified here. */
  private record(bytes: Uint8Array, startLine: number): void {
    const t = this.tokens;
    if (t.blankRecord(bytes)) return;
    const store = this.store;
    if (store === null) {
      this.readHeader(bytes, startLine);
      return;
    }
    const nCols = store.nCols;
    const nFields = t.nFields;
    if (nFields !== nCols) {
      const more = nFields > nCols ? ` (a value with an unquoted delimiter inside it${t.delimiter === 44 ? ', such as a decimal comma,' : ''} splits into extra fields)` : '';
      const header = this.headerLine === 1 ? 'the header' : `the header (line ${this.headerLine})`;
      throw new DataError(`${this.source}: line ${startLine} has ${nFields} ${nFields === 1 ? 'field' : 'fields'}, ${header} has ${nCols}${more}`, 'DATA_RAGGED_ROW');
    }
    const i = store.nRows;
    const b = store.blockRows;
    const block = store.nextRowBlock();
    const r = i % b;
    const decimalComma = this.decimalComma;
    const fieldStart = t.fieldStart;
    const fieldEnd = t.fieldEnd;
    const fieldFlags = t.fieldFlags;
    const isText = store.isText;
    const keep = store.keep;
    const raw = store.raw;
    for (let j = 0; j < nCols; j++) {
      const flags = fieldFlags[j];
      if (isText[j] === 0) {
        const kind = flags === QUOTED_ESCAPES ? CellKind.Text : classifyBytes(bytes, fieldStart[j], fieldEnd[j], decimalComma);
        if (kind === CellKind.Number) {
          // a sentinel such as -999 given as a missing token is missing, compared as text (as R's na.strings)
          if (this.numericMissing && fieldEnd[j] - fieldStart[j] <= this.maxMissingLength && this.missing.has(t.fieldText(bytes, j).trim())) {
            block[r + j * b] = NaN;
            if (keep[j] === 1) raw[j]!.set(i, t.fieldText(bytes, j));
            continue;
          }
          block[r + j * b] = parsedValue.value;
          if (keep[j] === 1) this.keepNumberText(bytes, i, j, parsedValue.value);
          continue;
        }
        if (kind === CellKind.Missing) {
          block[r + j * b] = NaN;
          if (keep[j] === 1 && fieldEnd[j] > fieldStart[j]) raw[j]!.set(i, t.fieldText(bytes, j));
          continue;
        }
        // a token: missing, infinity, or text
        if (kind === CellKind.Text && fieldEnd[j] - fieldStart[j] <= this.maxMissingLength) {
          const token = t.fieldText(bytes, j).trim();
          if (this.missing.has(token)) {
            block[r + j * b] = NaN;
            if (keep[j] === 1) raw[j]!.set(i, t.fieldText(bytes, j));
            continue;
          }
          const inf = infinityToken(token);
          if (inf !== undefined) {
            block[r + j * b] = inf;
            if (keep[j] === 1) this.keepNumberText(bytes, i, j, inf);
            continue;
          }
        }
        store.toText(j, i);
      }
      // text column
      const text = t.fieldText(bytes, j);
      const value = text.trim();
      store.texts[j]![i] = this.missing.has(value) ? null : value;
      if (keep[j] === 1 && text !== value) raw[j]!.set(i, text);
      else if (keep[j] === 1 && this.missing.has(value) && value !== '') raw[j]!.set(i, text);
    }
    store.endRow(startLine);
  }

  private keepNumberText(bytes: Uint8Array, i: number, j: number, value: number): void {
    const text = this.tokens.fieldText(bytes, j);
    if (text !== formatNumber(value)) this.store!.raw[j]!.set(i, text);
  }

  /** Reads the header's names (unnamed columns named by position, as readr does) and sets up the columns. */
  private readHeader(bytes: Uint8Array, startLine: number): void {
    const src = this.source;
    const t = this.tokens;
    const names: string[] = [];
    for (let k = 0; k < t.nFields; k++) names.push(t.fieldText(bytes, k).trim());
    if (t.delimiter === 44 && names.length === 1 && names[0].includes(';')) {
      throw new DataError(
        `${src}: the header has no "," but has ";" - the file looks semicolon-separated (a European spreadsheet export, often with decimal commas); read it with ${this.name('delimiter', ';')}${this.decimalComma ? '' : ` and, for decimal commas, ${this.name('decimalMark', ',')}`}`,
        'DATA_DELIMITER',
      );
    }
    const seen = new Map<string, number>();
    const unnamed = new Set<number>();
    for (let j = 0; j < names.length; j++) {
      if (names[j] === '') {
        names[j] = `...${j + 1}`; // R's write.csv and pandas leave the row-name column unnamed; named as readr does
        unnamed.add(j);
      }
      const previous = seen.get(names[j]);
      if (previous !== undefined) {
        const which = [previous, j].find((k) => unnamed.has(k));
        const why = which === undefined ? '' : `; column ${which + 1} has no name and is called ${quote(names[j])} (its position), as readr names unnamed columns`;
        throw new DataError(`${src}: duplicate column name ${quote(names[j])} in the header (columns ${previous + 1} and ${j + 1}${startLine === 1 ? '' : `, line ${startLine}`})${why}`, 'DATA_DUPLICATE_COLUMN');
      }
      seen.set(names[j], j);
    }
    this.headerLine = startLine;
    this.store = new ColumnStore(names, this.options.keepText, this.capacity);
  }
}

/**
 * Parses delimited text, or its bytes (an ArrayBuffer, e.g. `await file.arrayBuffer()` in a browser, or
 * any typed array or DataView; UTF-8 or UTF-16 with a byte-order mark; decompress gzip first); `source`
 * names it in messages.
 * @throws DataError for empty input, a header without rows, duplicate names, ragged rows, an
 *   unclosed quote or binary input.
 */
export function parseTable(text: string | ArrayBuffer | ArrayBufferView, options: ReadTableOptions = {}): Table {
  const parser = new TableParser(options);
  const bytes =
    typeof text === 'string'
      ? new TextEncoder().encode(text)
      : text instanceof Uint8Array
        ? text
        : ArrayBuffer.isView(text)
          ? new Uint8Array(text.buffer, text.byteOffset, text.byteLength)
          : new Uint8Array(text);
  const step = 1 << 22;
  for (let p = 0; p < bytes.length; p += step) parser.push(bytes.subarray(p, Math.min(bytes.length, p + step)));
  return parser.finish();
}
