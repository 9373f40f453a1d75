/**
 * Writes that never leave a half-written file behind: data goes to a temporary file in the same
 * folder, which is renamed over the target only once it is complete.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/**
 * Writes `data` to `path` atomically. On any failure the temporary file is removed and the error
 * rethrown; an existing file at `path` is left as it was.
 */
export function writeFileAtomic(path: string, data: FileData): void {
  writeFilesAtomic([{ path, data }]);
}

/** File contents: text (UTF-8), bytes, or a sequence of either. */
export type FileData = string | Uint8Array | readonly (string | Uint8Array)[];

/**
 * Writes several files so that either all of them appear or none do (as far as the file system
 * allows): every temporary file is written completely before the first rename.
 */
export function writeFilesAtomic(files: readonly { path: string; data: FileData }[]): void {
  const temporaries: string[] = [];
  try {
    for (const file of files) temporaries.push(writeTemporary(file.path, file.data));
    for (let k = 0; k < files.length; k++) renameSync(temporaries[k], files[k].path);
  } catch (error) {
    for (const temporary of temporaries) rmSync(temporary, { force: true });
    throw error;
  }
}

function writeTemporary(path: string, data: FileData): string {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${counter++}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'w');
    const chunks = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
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
