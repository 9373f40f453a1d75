/**
 * Writes that never leave a half-written file behind: data goes to a temporary file in the same
 * folder, which is renamed over the target only once it is complete.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { DataError } from './errors.js';
import { quote } from './messages.js';

let counter = 0;

/**
 * File contents: text (UTF-8), bytes, or a sequence of either. A sequence may be produced lazily
 * (a generator), so that a large file is written chunk by chunk without ever being one string.
 */
export type FileData = string | Uint8Array | Iterable<string | Uint8Array>;

/** One file for {@link writeFilesAtomic}. */
export interface FileToWrite {
  path: string;
  data: FileData;
  /** How messages name the file (e.g. the path as the user typed it); the path by default. */
  name?: string;
}

/**
 * Writes `data` to `path` atomically. On any failure the temporary file is removed and a
 * {@link DataError} names `name` (or `path`), never the temporary file; an existing file at `path`
 * is left as it was.
 */
export function writeFileAtomic(path: string, data: FileData, name?: string): void {
  writeFilesAtomic([{ path, data, name }]);
}

/**
 * Writes several files so that either all of them appear or none do (as far as the file system
 * allows): every temporary file is written completely before the first rename.
 *
 * @throws DataError naming the file for a write that fails (no space, no permission, no folder);
 *   errors thrown while producing the data pass through unchanged.
 */
export function writeFilesAtomic(files: readonly FileToWrite[]): void {
  const release = holdSignals();
  const temporaries: string[] = [];
  let current: FileToWrite | undefined;
  try {
    for (const file of files) {
      current = file;
      temporaries.push(writeTemporary(file.path, file.data));
    }
    for (let k = 0; k < files.length; k++) {
      current = files[k];
      renameSync(temporaries[k], files[k].path);
    }
  } catch (error) {
    for (const temporary of temporaries) rmSync(temporary, { force: true });
    throw current === undefined ? error : writeError(error, current);
  } finally {
    release();
  }
}

/** The signals that stop radsig: Ctrl-C (SIGINT), kill (SIGTERM) and a closed terminal (SIGHUP). */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Keeps the stop signals from killing the process until `release()` is called: the writes in
 * between are synchronous, so a signal that arrives during them waits until they are done, and it
 * is dropped when the hold is released (the work it would have interrupted is complete by then).
 * Without this, SIGTERM or SIGHUP during a write would kill the process and leave temporary files.
 * SIGKILL cannot be held.
 */
export function holdSignals(): () => void {
  const hold = () => {};
  for (const signal of STOP_SIGNALS) process.on(signal, hold);
  return () => {
    for (const signal of STOP_SIGNALS) process.removeListener(signal, hold);
  };
}

/** Failures of the file system become one-line messages about the user's file. */
function writeError(error: unknown, file: FileToWrite): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('E')) return error;
  const reasons: Record<string, string> = {
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'the file system is read-only',
    ENOENT: 'its folder does not exist',
    ENOTDIR: 'a part of its folder path is not a folder',
    EISDIR: 'it is a folder',
    EFBIG: 'the file is too large for the file system',
    EIO: 'input/output error',
    ENAMETOOLONG: 'the name is too long',
  };
  const reason = reasons[code] ?? code;
  return new DataError(`${quote(file.name ?? file.path)}: cannot write: ${reason} (${code})`, 'DATA_OUTPUT');
}

function writeTemporary(path: string, data: FileData): string {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${threadId}.${counter++}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'w');
    const chunks: Iterable<string | Uint8Array> = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
    for (const chunk of chunks) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    return temporary;
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
}
