/**
 * Reading delimited feature tables: `.csv`, `.tsv`, `.txt` and their `.gz` forms, from files, named
 * pipes or standard input, chunk by chunk (no size limit but memory: a table is never one string).
 */
import { closeSync, createReadStream, openSync, readSync, statSync, type Stats } from 'node:fs';
import { freemem, totalmem } from 'node:os';
import { basename } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { createGunzip, gunzipSync, type Gunzip } from 'node:zlib';
import { DataError, ParameterError } from '../core/errors.js';
import type { Table } from './table.js';
import { TableParser, type ReadTableOptions } from './parse-table.js';

export { parseTable, TableParser, type ReadTableOptions } from './parse-table.js';

const CHUNK = 1024 * 1024;

/** Options of {@link readTableAsync}: those of {@link readTable} and where standard input comes from. */
export interface ReadTableAsyncOptions extends ReadTableOptions {
  /** Standard input, read when the path is `-` (default: the process's standard input). */
  stdin?: AsyncIterable<Uint8Array>;
}

/**
 * Reads a delimited table from a file. UTF-8 with or without a byte-order mark, or UTF-16 with
 * one; LF, CRLF or CR line ends; RFC 4180 quoting (fields with delimiters, quotes and line breaks);
 * gzip is detected from the content. Columns whose every present cell is a plain decimal or
 * scientific number become numeric; others are text. Numbers written with leading zeros ("007")
 * are kept as text, as identifiers usually are. Blank and whitespace-only lines, rows with every
 * field empty and Excel's trailing delimiter (an unnamed, empty last column) are skipped.
 *
 * A plain file is read twice, once to count its lines and once to parse it, so that the numbers go
 * straight into their final place; devices (other than standard input) are refused and binary
 * input stops at the first NUL byte.
 *
 * Unlike R's `read.csv`, nothing is guessed silently: a ragged row, a duplicate header, or an
 * unclosed quote is a {@link DataError} naming the file and line.
 *
 * @throws DataError for a missing, empty, binary or malformed file.
 * @example
 * const table = readTable('data/HCC-TACE-Seg.csv.gz');
 * table.nRows; // 84
 */
export function readTable(path: string, options: ReadTableOptions = {}): Table {
  const source = options.source ?? (path === '-' ? 'standard input' : basename(path));
  const opts = withDefaults(path, { ...options, source });
  if (path === '-') return parseChunks(readFd(0, source), opts);
  const stats = statInput(path, source, options);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw cannotRead(error, options.source ?? path);
  }
  try {
    const head = Buffer.alloc(2);
    const headLength = stats.isFile() ? readSync(fd, head, 0, 2, 0) : 0;
    const gzip = headLength === 2 && head[0] === 0x1f && head[1] === 0x8b;
    checkGzipName(path, source, gzip, stats);
    if (!stats.isFile()) return parseChunks(readFd(fd, source), opts);
    if (gzip) {
      // synchronous gzip has no streaming form: decompressed whole (readTableAsync streams it)
      const compressed: Buffer[] = [];
      for (const chunk of readFd(fd, source, 0)) compressed.push(Buffer.from(chunk));
      let bytes: Buffer;
      try {
        bytes = gunzipSync(Buffer.concat(compressed));
      } catch (error) {
        throw damagedGzip(error, source);
      }
      return parseChunks(slices(bytes), opts, countLines(slices(bytes)));
    }
    const lines = countLines(readFd(fd, source, 0));
    return parseChunks(readFd(fd, source, 0), opts, lines);
  } finally {
    closeSync(fd);
  }
}

/**
 * {@link readTable} with streams: gzip is decompressed as it is read, and `-` reads standard input.
 * The command line reads tables this way.
 */
export async function readTableAsync(path: string, options: ReadTableAsyncOptions = {}): Promise<Table> {
  const source = options.source ?? (path === '-' ? 'standard input' : basename(path));
  const { stdin, ...rest } = options;
  const opts = withDefaults(path, { ...rest, source });
  if (path === '-') return parseChunksAsync(maybeGunzip(stdin ?? process.stdin, source), opts);
  const stats = statInput(path, source, options);
  let gzip = false;
  if (stats.isFile()) {
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(2);
      gzip = readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
    } finally {
      closeSync(fd);
    }
  }
  checkGzipName(path, source, gzip, stats);
  const open = () => {
    const stream = createReadStream(path, { highWaterMark: CHUNK });
    return gzip ? gunzipStream(stream, source) : readStream(stream, options.source ?? path);
  };
  if (!stats.isFile()) return parseChunksAsync(maybeGunzip(createReadStream(path, { highWaterMark: CHUNK }), source), opts);
  let lines = 0;
  for await (const chunk of open()) lines += countLinesIn(chunk);
  return parseChunksAsync(open(), opts, lines);
}

function withDefaults(path: string, options: ReadTableOptions): ReadTableOptions {
  if (options.delimiter !== undefined || path === '-') return options;
  const delimiter = delimiterFromName(path, options.decimalMark === ',');
  return delimiter === undefined ? options : { ...options, delimiter };
}

function statInput(path: string, source: string, options: ReadTableOptions): Stats {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw cannotRead(error, options.source ?? path);
  }
  if (stats.isDirectory()) throw new DataError(`${source}: is a folder, expected a table file`, 'DATA_FILE');
  if (stats.isCharacterDevice() || stats.isBlockDevice()) {
    throw new DataError(`${source}: is a device, not a table file (read standard input as "-")`, 'DATA_FILE');
  }
  return stats;
}

function cannotRead(error: unknown, name: string): DataError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'ENOTDIR' ? 'a part of the path is not a folder' : (error as Error).message;
  return new DataError(`${name}: cannot read table: ${reason}`, 'DATA_FILE');
}

function checkGzipName(path: string, source: string, gzip: boolean, stats: Stats): void {
  if (stats.isFile() && !gzip && /\.gz$/i.test(path)) {
    throw new DataError(`${source}: the name ends in .gz but the file is not gzip-compressed (it does not start with gzip's signature); rename it without .gz if it is plain text`, 'DATA_FILE');
  }
}

function damagedGzip(error: unknown, source: string): DataError {
  const message = (error as Error).message.replace(/\.$/, '');
  return new DataError(`${source}: the gzip data is damaged or truncated (${message})`, 'DATA_FILE');
}

function delimiterFromName(path: string, decimalComma: boolean): string | undefined {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv')) return decimalComma ? ';' : ',';
  if (name.endsWith('.tsv') || name.endsWith('.tab') || name.endsWith('.txt')) return '\t';
  return undefined;
}

/** Chunks of a file descriptor (from `position`, or the current position when null). */
function* readFd(fd: number, source: string, position: number | null = null): Generator<Uint8Array> {
  const buffer = Buffer.alloc(CHUNK);
  let offset = position;
  for (;;) {
    let got: number;
    try {
      got = readSync(fd, buffer, 0, CHUNK, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') throw new DataError(`${source}: standard input is not ready to be read synchronously; use readTableAsync`, 'DATA_FILE');
      if (code === 'EOF') return;
      throw new DataError(`${source}: cannot read table: ${(error as Error).message}`, 'DATA_FILE');
    }
    if (got === 0) return;
    if (offset !== null) offset += got;
    yield buffer.subarray(0, got);
  }
}

function* slices(bytes: Uint8Array): Generator<Uint8Array> {
  for (let p = 0; p < bytes.length; p += CHUNK) yield bytes.subarray(p, Math.min(bytes.length, p + CHUNK));
}

function countLinesIn(chunk: Uint8Array): number {
  let count = 0;
  let p = chunk.indexOf(10);
  while (p >= 0) {
    count++;
    p = chunk.indexOf(10, p + 1);
  }
  return count;
}

/** Line feeds in the input: an upper bound on the data rows (the header takes one line). */
function countLines(chunks: Iterable<Uint8Array>): number {
  let count = 0;
  for (const chunk of chunks) count += countLinesIn(chunk);
  return count;
}

function parseChunks(chunks: Iterable<Uint8Array>, options: ReadTableOptions, lines?: number): Table {
  const parser = new TableParser(options, lines !== undefined && lines > 0 ? lines : undefined);
  for (const chunk of chunks) {
    parser.push(chunk);
    checkMemory(parser, options.source!);
  }
  return parser.finish();
}

async function parseChunksAsync(chunks: AsyncIterable<Uint8Array>, options: ReadTableOptions, lines?: number): Promise<Table> {
  const parser = new TableParser(options, lines !== undefined && lines > 0 ? lines : undefined);
  for await (const chunk of chunks) {
    parser.push(chunk);
    checkMemory(parser, options.source!);
  }
  return parser.finish();
}

/** What {@link checkMemory} looks at: the JavaScript heap (text cells) and the machine's memory (numbers). */
export interface MemoryProbe {
  heapUsed: number;
  heapLimit: number;
  rss: number;
  available: number;
  total: number;
}

const GIB = 2 ** 30;

let heapLimit = 0;

function nodeMemory(): MemoryProbe {
  if (heapLimit === 0) heapLimit = getHeapStatistics().heap_size_limit;
  const usage = process.memoryUsage();
  return { heapUsed: usage.heapUsed, heapLimit, rss: usage.rss, available: freemem(), total: totalmem() };
}

let probeMemory: () => MemoryProbe = nodeMemory;

/** Replaces the memory probe (tests); returns the function that restores Node's. @internal */
export function setMemoryProbe(probe: () => MemoryProbe): () => void {
  probeMemory = probe;
  return () => {
    probeMemory = nodeMemory;
  };
}

/**
 * There is no size limit on a table, but there is memory: input that would exhaust it (endless
 * input such as `yes |`, or a table larger than the machine) stops with an error naming what ran
 * out, instead of the process dying out of memory. Text cells live in the JavaScript heap (limit:
 * Node's --max-old-space-size), numbers in the machine's memory.
 */
function checkMemory(parser: TableParser, source: string): void {
  const m = probeMemory();
  const heapFull = m.heapUsed > 0.9 * m.heapLimit;
  // (only a process holding much of the machine is stopped for it: on some systems "available" is
  // only the free memory, small on any machine that has run a while)
  const machineFull = m.rss > 0.9 * m.total || (m.rss > 0.5 * m.total && m.available < 0.03 * m.total);
  if (!heapFull && !machineFull) return;
  const what = heapFull
    ? `its text cells fill the ${(m.heapLimit / GIB).toFixed(1)} GB Node allows for them (raise it with NODE_OPTIONS=--max-old-space-size=MB)`
    : `it fills this machine's memory (${(m.rss / GIB).toFixed(1)} GB held, ${(m.available / GIB).toFixed(1)} GB of ${(m.total / GIB).toFixed(1)} GB left)`;
  throw new DataError(`${source}: stopped reading after ${parser.rowsRead.toLocaleString('en-US')} rows: ${what}; is the input endless (such as "yes |"), or the table larger than this machine can hold?`, 'DATA_TOO_LARGE');
}

async function* readStream(stream: AsyncIterable<Uint8Array>, name: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) yield chunk;
  } catch (error) {
    if (error instanceof DataError || error instanceof ParameterError) throw error;
    throw cannotRead(error, name);
  }
}

async function* gunzipStream(stream: AsyncIterable<Uint8Array>, source: string): AsyncGenerator<Uint8Array> {
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  const feed = (async () => {
    try {
      for await (const chunk of stream) {
        if (!gunzip.write(chunk)) await drainedOrClosed(gunzip);
        // (the reader stopped early, say at a binary file's first NUL byte: stop feeding)
        if (gunzip.destroyed) return;
      }
      gunzip.end();
    } catch (error) {
      gunzip.destroy(error as Error);
    }
  })();
  try {
    for await (const chunk of gunzip) yield chunk as Uint8Array;
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw damagedGzip(error, source);
  } finally {
    gunzip.destroy();
    await feed;
  }
}

/** Waits until a writable can take more, or is closed (destroyed while a write waited: never drains). */
function drainedOrClosed(stream: Gunzip): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
  });
}

/** A stream that may be gzip (standard input, pipes): decompressed when it starts with gzip's signature. */
async function* maybeGunzip(stream: AsyncIterable<Uint8Array>, source: string): AsyncGenerator<Uint8Array> {
  const iterator = stream[Symbol.asyncIterator]();
  let first = await iterator.next();
  while (!first.done && first.value.length < 2) {
    const next = await iterator.next();
    if (next.done) break;
    first = { done: false, value: Buffer.concat([first.value, next.value]) };
  }
  if (first.done) return;
  const head = first.value;
  const rest = (async function* () {
    yield head;
    for (;;) {
      const r = await iterator.next();
      if (r.done) return;
      yield r.value;
    }
  })();
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) yield* gunzipStream(rest, source);
  else yield* readStream(rest, source);
}
