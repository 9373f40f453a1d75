/**
 * The second stage of the table parser: UTF-8 bytes -> records split into fields. RFC 4180 quoting
 * (`""` inside a quoted field; spaces after a closing quote tolerated), LF, CRLF or CR line ends,
 * and the delimiter sniffed from the header line when it is not given. Fields are kept as bounds
 * into the bytes (no strings) until a stage asks for a field's text.
 */
import { DataError } from '../core/errors.js';
import { quote } from '../core/messages.js';

export const LF = 10;
export const CR = 13;
const QUOTE = 34;

/** Field flags: quoted, and quoted with escaped quotes inside. */
export const QUOTED = 1;
export const QUOTED_ESCAPES = 3;

/** Splits records into fields, one record at a time; the current record's fields are public. */
export class RecordTokenizer {
  /** Start (inclusive) of each field of the current record in the bytes passed to {@link tokenize}. */
  fieldStart = new Int32Array(64);
  /** End (exclusive) of each field. */
  fieldEnd = new Int32Array(64);
  /** 0 plain, {@link QUOTED}, or {@link QUOTED_ESCAPES}. */
  fieldFlags = new Uint8Array(64);
  /** Fields of the current record. */
  nFields = 0;
  /** The line the next record starts on (1-based). */
  line = 1;
  /** The delimiter's byte, or -1 until it is given or sniffed. */
  delimiter = -1;
  private readonly source: string;
  private readonly decoder = new TextDecoder('utf-8');

  /** @param source the input's name in messages */
  constructor(source: string) {
    this.source = source;
  }

  /**
   * Splits one record starting at `pos` into fields (bounds into `bytes`); returns the position
   * after its line end, or -1 when the record is not complete in `bytes` (and more is to come).
   * @throws DataError for an unclosed quote or text after a closing quote.
   */
  tokenize(bytes: Uint8Array, pos: number, final: boolean): number {
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
        flags = QUOTED;
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
              flags = QUOTED_ESCAPES;
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

  /** Decodes field k of the current record (quotes removed, `""` unescaped). */
  fieldText(bytes: Uint8Array, k: number): string {
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
    return this.fieldFlags[k] === QUOTED_ESCAPES ? text.replaceAll('""', '"') : text;
  }

  /** Whether every field of the current record is empty or spaces (a blank row). */
  blankRecord(bytes: Uint8Array): boolean {
    for (let k = 0; k < this.nFields; k++) {
      if (this.fieldFlags[k] !== 0) return false;
      for (let p = this.fieldStart[k]; p < this.fieldEnd[k]; p++) {
        const c = bytes[p];
        if (c !== 32 && c !== 9) return false;
      }
    }
    return true;
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
}

/**
 * The delimiter of a header line (bytes start..end): a tab when tabs outnumber commas and
 * semicolons, a semicolon when semicolons outnumber commas (or with a decimal comma), else a comma.
 */
export function sniffDelimiter(bytes: Uint8Array, start: number, end: number, decimalComma: boolean): number {
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
