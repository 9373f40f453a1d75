/**
 * The first stage of the table parser: bytes as they arrive -> UTF-8 bytes. Decides the encoding
 * from the first bytes (UTF-8 with or without a byte-order mark, UTF-16 LE or BE with one), refuses
 * UTF-32, UTF-16 without a mark and the binary formats people try to read as tables (gzip, Excel,
 * Parquet, PDF, ...), and re-encodes UTF-16 as UTF-8 so that the tokenizer sees one encoding.
 */
import { DataError } from '../core/errors.js';

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

type Utf16Decoder = { decode(bytes: Uint8Array, options?: { stream?: boolean }): string };

/** Turns the input's bytes into UTF-8 bytes, chunk by chunk. */
export class ByteDecoder {
  private readonly source: string;
  /** Encoding decided from the first bytes: null until then. */
  private encoding: 'utf8' | 'utf16le' | 'utf16be' | null = null;
  private utf16: Utf16Decoder | null = null;
  private readonly encoder = new TextEncoder();
  private head: Uint8Array = new Uint8Array(0);

  /** @param source the input's name in messages */
  constructor(source: string) {
    this.source = source;
  }

  /**
   * The UTF-8 bytes of the next chunk, or null while the first 4 bytes (which decide the encoding)
   * have not all arrived. The result may be a view of `chunk`.
   * @throws DataError for UTF-32, UTF-16 without a byte-order mark and known binary formats.
   */
  push(chunk: Uint8Array): Uint8Array | null {
    if (this.encoding === null) {
      this.head = concatBytes(this.head, copyBytes(chunk));
      if (this.head.length < 4) return null;
      const decided = this.decide(this.head, false);
      this.head = new Uint8Array(0);
      return decided;
    }
    if (this.utf16 !== null) return this.encoder.encode(this.utf16.decode(chunk, { stream: true }));
    return chunk;
  }

  /** The UTF-8 bytes still held at the end of the input (a short input's only bytes, a UTF-16 tail). */
  finish(): Uint8Array {
    if (this.encoding === null) return this.decide(this.head, true);
    return this.utf16 !== null ? this.encoder.encode(this.utf16.decode(new Uint8Array(0))) : new Uint8Array(0);
  }

  private decide(b: Uint8Array, final: boolean): Uint8Array {
    const src = this.source;
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
}

/** A streaming UTF-16 decoder (big-endian by swapping bytes: TextDecoder's utf-16be needs full ICU). */
function utf16Decoder(bigEndian: boolean): Utf16Decoder {
  const decoder = new TextDecoder('utf-16le');
  if (!bigEndian) return decoder;
  let odd: number | null = null;
  return {
    decode(bytes: Uint8Array, options?: { stream?: boolean }): string {
      const all = odd === null ? bytes : concatBytes(Uint8Array.of(odd), bytes);
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

/** A copy of bytes (a Buffer's slice is a view, and a caller may reuse its buffer for the next chunk). */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}

/** `a` followed by `b` (`b` itself when `a` is empty). */
export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
