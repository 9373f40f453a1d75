/**
 * Parsing delimited text (CSV, TSV) into a {@link Table}, incrementally from chunks of bytes and
 * with no file access, so that it also runs in a browser. Files, gzip, standard input and paths
 * are handled by `readTable` in the Node entry.
 *
 * The parser never holds the text: numeric columns go straight into one block of doubles (in
 * column-major order, the layout of the feature matrix), text columns into arrays of strings, and
 * the original characters only of the columns asked for with `keepText`, and only where they differ
 * from what the value would be written as.
 */
import { DataError, ParameterError } from '../core/errors.js';
import { libraryOptionName, quote, type OptionNamer } from '../core/messages.js';
import { CellKind, classifyBytes, DEFAULT_MISSING_TOKENS, infinityToken, parseNumber, parsedValue } from './parse-number.js';
import { formatNumber, Table, textColumn, type Column, type TableFormat } from './table.js';

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

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Signatures of binary formats people try to read as tables. */
const SIGNATURES: [number[], string][] = [
  [[0x1f, 0x8b], 'gzip-compressed data (read it from a file whose name ends in .gz, or decompress it first)'],
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive, such as an Excel .xlsx workbook (save the sheet as CSV)'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Excel .xls workbook (save the sheet as CSV)'],
  [[0x50, 0x41, 0x52, 0x31], 'a Parquet file (write it as CSV, e.g. pandas to_csv)'],
  [[0x89, 0x48, 0x44, 0x46], 'an HDF5 file (write it as CSV)'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x42, 0x5a, 0x68], 'bzip2-compressed data (decompress it first)'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a], 'xz-compressed data (decompress it first)'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'zstd-compressed data (decompress it first)'],
];

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
  private delimiter = -1;
  /** Encoding decided from the first bytes: null until then. */
  private encoding: 'utf8' | 'utf16le' | 'utf16be' | null = null;
  private utf16: { decode(bytes: Uint8Array, options?: { stream?: boolean }): string } | null = null;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder('utf-8');
  private head: Uint8Array = new Uint8Array(0);
  /** Bytes of an unfinished record carried to the next chunk. */
  private carry: Uint8Array = new Uint8Array(0);
  private bytesSeen = 0;
  private line = 1;

  // the record being tokenized
  private fieldStart = new Int32Array(64);
  private fieldEnd = new Int32Array(64);
  private fieldFlags = new Uint8Array(64); // 1 quoted, 2 escaped quotes inside
  private nFields = 0;

  // the table
  private header: string[] | null = null;
  private headerLine = 0;
  private nCols = 0;
  private nRows = 0;
  private capacity: number;
  private blockRows = 0;
  private blocks: Float64Array[] = [];
  private isText: Uint8Array = new Uint8Array(0);
  private texts: ((string | null)[] | null)[] = [];
  private keep: Uint8Array = new Uint8Array(0);
  private raw: (Map<number, string> | null)[] = [];
  private lines = new Int32Array(1024);
  private finished = false;

  /**
   * @param expectedRows when the number of data rows is known or bounded in advance (a first pass
   *   over a file), the numbers go straight into their final place: no copy at the end.
   */
  constructor(options: ReadTableOptions = {}, expectedRows?: number) {
    this.options = options;
    this.source = options.source ?? 'table';
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
      this.delimiter = d.charCodeAt(0);
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
    if (this.encoding === null) {
      this.head = concat(this.head, copyOf(chunk));
      if (this.head.length < 4) return;
      chunk = this.decideEncoding(this.head, false);
      this.head = new Uint8Array(0);
    } else if (this.utf16 !== null) {
      chunk = this.encoder.encode(this.utf16.decode(chunk, { stream: true }));
    }
    this.consume(chunk, false);
  }

  /** Data rows read so far. */
  get rowsRead(): number {
    return this.nRows;
  }

  /** Ends the input and returns the table. @throws DataError for empty or malformed input. */
  finish(): Table {
    if (this.finished) throw new ParameterError('TableParser: finish called twice');
    if (this.encoding === null) {
      const rest = this.decideEncoding(this.head, true);
      this.consume(rest, true);
    } else {
      const tail = this.utf16 !== null ? this.encoder.encode(this.utf16.decode(new Uint8Array(0))) : new Uint8Array(0);
      this.consume(tail, true);
    }
    this.finished = true;
    const src = this.source;
    if (this.header === null) throw new DataError(`${src}: the file is empty`, 'DATA_EMPTY');
    if (this.nRows === 0) {
      throw new DataError(`${src}: has a header but no data rows`, 'DATA_NO_ROWS');
    }
    return this.build();
  }

  // ---- encoding and binary input ----------------------------------------------------------------

  private decideEncoding(head: Uint8Array, final: boolean): Uint8Array {
    const src = this.source;
    const b = head;
    if (b.length >= 4 && ((b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) || (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff))) {
      throw new DataError(`${src}: is UTF-32 text, which radsig does not read; save it as UTF-8`, 'DATA_ENCODING');
    }
    if (b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) {
      this.encoding = b[0] === 0xff ? 'utf16le' : 'utf16be';
      this.utf16 = utf16Decoder(this.encoding === 'utf16be');
      const text = this.utf16.decode(b, { stream: !final });
      return this.encoder.encode(text);
    }
    for (const [signature, what] of SIGNATURES) {
      if (b.length >= signature.length && signature.every((x, k) => b[k] === x)) {
        throw new DataError(`${src}: is not a delimited text table: it is ${what}`, 'DATA_BINARY');
      }
    }
    // UTF-16 without a byte-order mark: every other byte is zero in ASCII text
    if (b.length >= 4 && ((b[1] === 0 && b[3] === 0 && b[0] !== 0 && b[2] !== 0) || (b[0] === 0 && b[2] === 0 && b[1] !== 0 && b[3] !== 0))) {
      throw new DataError(`${src}: looks like UTF-16 text without a byte-order mark; save it as UTF-8 (or UTF-16 with a byte-order mark)`, 'DATA_ENCODING');
    }
    this.encoding = 'utf8';
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3);
    return b;
  }

  // ---- records ------------------------------------------------------------------------------------

  private consume(chunk: Uint8Array, final: boolean): void {
    const nul = chunk.indexOf(0);
    if (nul >= 0) {
      let line = this.line;
      for (let p = 0; p < this.carry.length; p++) if (this.carry[p] === LF) line++;
      for (let p = 0; p < nul; p++) if (chunk[p] === LF) line++;
      throw new DataError(`${this.source}: is a binary file, not a delimited text table (a NUL byte near byte ${Math.max(0, this.bytesSeen - chunk.length + nul)} on line ${line})`, 'DATA_BINARY');
    }
    const bytes = this.carry.length === 0 ? chunk : concat(this.carry, chunk);
    let pos = 0;
    const length = bytes.length;
    while (pos < length) {
      const c0 = bytes[pos];
      // blank line
      if (c0 === LF) {
        pos++;
        this.line++;
        continue;
      }
      if (c0 === CR) {
        if (pos + 1 >= length && !final) break;
        pos += bytes[pos + 1] === LF ? 2 : 1;
        this.line++;
        continue;
      }
      if (this.header === null && this.delimiter < 0) {
        // sniff the delimiter from the header line
        let end = bytes.indexOf(LF, pos);
        if (end < 0) {
          if (!final) break;
          end = length;
        }
        this.delimiter = sniffDelimiter(bytes, pos, end, this.decimalComma);
      }
      const startLine = this.line;
      const next = this.tokenize(bytes, pos, final);
      if (next < 0) break;
      if (next - pos > this.maxLine) this.lineTooLong(startLine);
      pos = next;
      this.record(bytes, startLine);
    }
    const rest = bytes.length - pos;
    if (rest > this.maxLine) this.lineTooLong(this.line);
    // a copy (a Buffer's slice is a view, and the caller may reuse its buffer for the next chunk)
    this.carry = rest === 0 ? new Uint8Array(0) : copyOf(bytes.subarray(pos));
  }

  private lineTooLong(line: number): never {
    const limit = this.maxLine >= 1048576 ? `${Math.round(this.maxLine / 1048576)} MB` : `${this.maxLine} bytes`;
    throw new DataError(`${this.source}: line ${line} is longer than ${limit} (no line break, or an unclosed quote): this is not a delimited table`, 'DATA_LINE_TOO_LONG');
  }

  /**
   * Splits one record starting at `pos` into fields (bounds into `bytes`); returns the position
   * after its line end, or -1 when the record is not complete in `bytes` (and more is to come).
   */
  private tokenize(bytes: Uint8Array, pos: number, final: boolean): number {
    const length = bytes.length;
    const delim = this.delimiter;
    let n = 0;
    let line = this.line;
    for (;;) {
      if (n >= this.fieldStart.length) this.growFields();
      let start = pos;
      let end: number;
      let flags = 0;
      if (pos < length && bytes[pos] === QUOTE) {
        flags = 1;
        const quoteLine = line;
        pos++;
        start = pos;
        for (;;) {
          if (pos >= length) {
            if (!final) return -1;
            throw new DataError(`${this.source}: line ${quoteLine}: a quoted field is never closed`, 'DATA_QUOTE');
          }
          const c = bytes[pos];
          if (c === QUOTE) {
            if (pos + 1 >= length && !final) return -1;
            if (bytes[pos + 1] === QUOTE) {
              flags = 3;
              pos += 2;
              continue;
            }
            break;
          }
          if (c === LF) line++;
          else if (c === CR && bytes[pos + 1] !== LF) line++;
          pos++;
        }
        end = pos;
        pos++; // closing quote
        // spaces after a closing quote are tolerated
        while (pos < length && bytes[pos] === 32) pos++;
        if (pos < length) {
          const next = bytes[pos];
          if (next !== delim && next !== LF && next !== CR) {
            const ch = this.decoder.decode(bytes.subarray(pos, Math.min(length, pos + 4))).charAt(0);
            throw new DataError(`${this.source}: line ${line}: unexpected ${quote(ch)} after a closing quote (quotes inside a quoted field are written as "")`, 'DATA_QUOTE');
          }
        } else if (!final) return -1;
      } else {
        while (pos < length) {
          const c = bytes[pos];
          if (c === delim || c === LF || c === CR) break;
          pos++;
        }
        end = pos;
        if (pos >= length && !final) return -1;
      }
      this.fieldStart[n] = start;
      this.fieldEnd[n] = end;
      this.fieldFlags[n] = flags;
      n++;
      if (pos < length && bytes[pos] === delim) {
        pos++;
        if (pos >= length) {
          if (!final) return -1;
          // delimiter at the end of the input: one more empty field
          if (n >= this.fieldStart.length) this.growFields();
          this.fieldStart[n] = pos;
          this.fieldEnd[n] = pos;
          this.fieldFlags[n] = 0;
          n++;
          break;
        }
        continue;
      }
      // end of record
      if (pos < length) {
        if (bytes[pos] === CR) {
          if (pos + 1 >= length && !final) return -1;
          pos += bytes[pos + 1] === LF ? 2 : 1;
        } else pos++;
        line++;
      }
      break;
    }
    this.nFields = n;
    this.line = line;
    return pos;
  }

  private growFields(): void {
    const size = this.fieldStart.length * 2;
    const s = new Int32Array(size);
    s.set(this.fieldStart);
    this.fieldStart = s;
    const e = new Int32Array(size);
    e.set(this.fieldEnd);
    this.fieldEnd = e;
    const f = new Uint8Array(size);
    f.set(this.fieldFlags);
    this.fieldFlags = f;
  }

  /** Decodes field k of the current record (quotes removed, `""` unescaped). */
  private fieldText(bytes: Uint8Array, k: number): string {
    const s = this.fieldStart[k];
    const e = this.fieldEnd[k];
    let text: string;
    if (e - s < 48) {
      text = '';
      let ascii = true;
      for (let p = s; p < e; p++) {
        const c = bytes[p];
        if (c >= 128) {
          ascii = false;
          break;
        }
        text += String.fromCharCode(c);
      }
      if (!ascii) text = this.decoder.decode(bytes.subarray(s, e));
    } else text = this.decoder.decode(bytes.subarray(s, e));
    return this.fieldFlags[k] === 3 ? text.replaceAll('""', '"') : text;
  }

  /** Whether every field of the current record is empty or spaces (a blank row). */
  private blankRecord(bytes: Uint8Array): boolean {
    for (let k = 0; k < this.nFields; k++) {
      if (this.fieldFlags[k] !== 0) return false;
      for (let p = this.fieldStart[k]; p < this.fieldEnd[k]; p++) {
        const c = bytes[p];
        if (c !== 32 && c !== 9) return false;
      }
    }
    return true;
  }

  private record(bytes: Uint8Array, startLine: number): void {
    if (this.blankRecord(bytes)) return;
    if (this.header === null) {
      this.readHeader(bytes, startLine);
      return;
    }
    const nCols = this.nCols;
    if (this.nFields !== nCols) {
      const more = this.nFields > nCols ? ` (a value with an unquoted delimiter inside it${this.delimiter === 44 ? ', such as a decimal comma,' : ''} splits into extra fields)` : '';
      const header = this.headerLine === 1 ? 'the header' : `the header (line ${this.headerLine})`;
      throw new DataError(`${this.source}: line ${startLine} has ${this.nFields} ${this.nFields === 1 ? 'field' : 'fields'}, ${header} has ${nCols}${more}`, 'DATA_RAGGED_ROW');
    }
    const i = this.nRows;
    const b = this.blockRows;
    const blockIndex = Math.floor(i / b);
    if (blockIndex >= this.blocks.length) this.blocks.push(new Float64Array(b * nCols));
    const block = this.blocks[blockIndex];
    const r = i - blockIndex * b;
    const decimalComma = this.decimalComma;
    for (let j = 0; j < nCols; j++) {
      const flags = this.fieldFlags[j];
      if (this.isText[j] === 0) {
        const kind = flags === 3 ? CellKind.Text : classifyBytes(bytes, this.fieldStart[j], this.fieldEnd[j], decimalComma);
        if (kind === CellKind.Number) {
          // a sentinel such as -999 given as a missing token is missing, compared as text (as R's na.strings)
          if (this.numericMissing && this.fieldEnd[j] - this.fieldStart[j] <= this.maxMissingLength && this.missing.has(this.fieldText(bytes, j).trim())) {
            block[r + j * b] = NaN;
            if (this.keep[j] === 1) this.raw[j]!.set(i, this.fieldText(bytes, j));
            continue;
          }
          block[r + j * b] = parsedValue.value;
          if (this.keep[j] === 1) this.keepNumberText(bytes, i, j, parsedValue.value);
          continue;
        }
        if (kind === CellKind.Missing) {
          block[r + j * b] = NaN;
          if (this.keep[j] === 1 && this.fieldEnd[j] > this.fieldStart[j]) this.raw[j]!.set(i, this.fieldText(bytes, j));
          continue;
        }
        // a token: missing, infinity, or text
        if (kind === CellKind.Text && this.fieldEnd[j] - this.fieldStart[j] <= this.maxMissingLength) {
          const token = this.fieldText(bytes, j).trim();
          if (this.missing.has(token)) {
            block[r + j * b] = NaN;
            if (this.keep[j] === 1) this.raw[j]!.set(i, this.fieldText(bytes, j));
            continue;
          }
          const inf = infinityToken(token);
          if (inf !== undefined) {
            block[r + j * b] = inf;
            if (this.keep[j] === 1) this.keepNumberText(bytes, i, j, inf);
            continue;
          }
        }
        this.toText(j, i);
      }
      // text column
      const text = this.fieldText(bytes, j);
      const value = text.trim();
      this.texts[j]![i] = this.missing.has(value) ? null : value;
      if (this.keep[j] === 1 && text !== value) this.raw[j]!.set(i, text);
      else if (this.keep[j] === 1 && this.missing.has(value) && value !== '') this.raw[j]!.set(i, text);
    }
    if (i >= this.lines.length) {
      const l = new Int32Array(this.lines.length * 2);
      l.set(this.lines);
      this.lines = l;
    }
    this.lines[i] = startLine;
    this.nRows++;
  }

  private keepNumberText(bytes: Uint8Array, i: number, j: number, value: number): void {
    const text = this.fieldText(bytes, j);
    if (text !== formatNumber(value)) this.raw[j]!.set(i, text);
  }

  /** Turns column j into a text column from row i on, writing the numbers before it as text. */
  private toText(j: number, i: number): void {
    const values: (string | null)[] = new Array(i);
    const b = this.blockRows;
    for (let k = 0; k < i; k++) {
      const v = this.blocks[Math.floor(k / b)][(k % b) + j * b];
      values[k] = Number.isNaN(v) ? null : formatNumber(v);
    }
    this.texts[j] = values;
    this.isText[j] = 1;
  }

  private readHeader(bytes: Uint8Array, startLine: number): void {
    const src = this.source;
    const names: string[] = [];
    for (let k = 0; k < this.nFields; k++) names.push(this.fieldText(bytes, k).trim());
    if (this.delimiter === 44 && names.length === 1 && names[0].includes(';')) {
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
    this.header = names;
    this.headerLine = startLine;
    const nCols = names.length;
    this.nCols = nCols;
    this.isText = new Uint8Array(nCols);
    this.texts = Array.from({ length: nCols }, () => null); // text arrays are created when a column turns out to be text
    this.keep = new Uint8Array(nCols);
    this.raw = new Array(nCols).fill(null);
    const keepText = this.options.keepText ?? false;
    for (let j = 0; j < nCols; j++) {
      const keep = typeof keepText === 'function' ? keepText(names[j], j, names) : keepText;
      if (keep) {
        this.keep[j] = 1;
        this.raw[j] = new Map();
      }
    }
    // rows per block: all expected rows in one block (the final layout), else blocks of about 8 MB
    this.blockRows = this.capacity > 0 ? this.capacity : Math.max(64, Math.floor((8 * 1024 * 1024) / (8 * nCols)));
  }

  // ---- the table -----------------------------------------------------------------------------------

  private build(): Table {
    const n = this.nRows;
    let nCols = this.nCols;
    let names = this.header!;
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
    const format: TableFormat = { delimiter: String.fromCharCode(this.delimiter), decimalMark: this.decimalComma ? ',' : '.' };
    return new Table(this.source, columns, n, locator, rawText, format);
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

/** A streaming UTF-16 decoder (big-endian by swapping bytes: TextDecoder's utf-16be needs full ICU). */
function utf16Decoder(bigEndian: boolean): { decode(bytes: Uint8Array, options?: { stream?: boolean }): string } {
  const decoder = new TextDecoder('utf-16le');
  if (!bigEndian) return decoder;
  let odd: number | null = null;
  return {
    decode(bytes: Uint8Array, options?: { stream?: boolean }): string {
      const all = odd === null ? bytes : concat(Uint8Array.of(odd), bytes);
      const even = all.length - (all.length % 2);
      odd = all.length % 2 === 1 ? all[all.length - 1] : null;
      const swapped = new Uint8Array(even);
      for (let i = 0; i < even; i += 2) {
        swapped[i] = all[i + 1];
        swapped[i + 1] = all[i];
      }
      return decoder.decode(swapped, options);
    },
  };
}

function copyOf(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function sniffDelimiter(bytes: Uint8Array, start: number, end: number, decimalComma: boolean): number {
  let commas = 0;
  let tabs = 0;
  let semicolons = 0;
  for (let p = start; p < end; p++) {
    const c = bytes[p];
    if (c === 44) commas++;
    else if (c === 9) tabs++;
    else if (c === 59) semicolons++;
  }
  if (tabs > commas && tabs >= semicolons) return 9;
  if (semicolons > commas || decimalComma) return semicolons > 0 || decimalComma ? 59 : 44;
  return 44;
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
