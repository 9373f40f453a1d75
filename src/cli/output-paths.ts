/**
 * Output paths checked before any work is done: no output may be one of the inputs or another
 * output (also through symbolic or hard links), and every output's folder must exist.
 */
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DataError, ParameterError } from '../core/errors.js';
import { quote } from '../core/messages.js';
import type { CliIo } from './cli-io.js';
import { isBookkeeping, writtenBy } from './manifest.js';
import { noteInput } from './command.js';

/** A path given on the command line and the argument that gave it (`TABLE`, `--out`). */
export interface PathArgument {
  /** The option (`--out`) or positional name (`TABLE`). */
  arg: string;
  /** The path as the user typed it. */
  path: string | undefined;
}

export interface Identity {
  /** Device and inode of an existing file (hard links and symbolic links agree). */
  inode: string | null;
  /** The real path (of the file, or of its folder joined with its name for a new file). */
  real: string;
}

/** The identity of a path (an output whose folder does not exist yet: the real path of its nearest existing folder joined with the rest). */
export function identify(io: CliIo, path: string, isOutput: boolean, arg: string, newFolderOk = false): Identity | null {
  const full = resolve(io.cwd, path);
  let stats;
  try {
    stats = statSync(full);
  } catch {
    stats = null;
  }
  if (stats !== null) {
    if (isOutput && stats.isDirectory()) throw new ParameterError(`${arg} ${quote(path)} is a folder; give a file name`, 'USAGE');
    // a device (/dev/null, /dev/stdout), a pipe or a socket would be replaced by a regular file
    if (isOutput && !stats.isFile()) throw new ParameterError(`${arg} ${quote(path)} is not a regular file (a device, a pipe or a socket); radsig writes its outputs to files, replacing them whole`, 'USAGE');
    let real = full;
    try {
      real = realpathSync(full);
    } catch {
      // keep the resolved path
    }
    return { inode: `${stats.dev}:${stats.ino}`, real };
  }
  if (!isOutput) return null; // a missing input is reported when it is read
  const folder = dirname(full);
  let realFolder;
  try {
    realFolder = realpathSync(folder);
  } catch {
    if (newFolderOk) return { inode: null, real: realOfNew(full) };
    throw new DataError(`${arg} ${quote(path)}: cannot write: its folder ${quote(dirname(path))} does not exist`, 'DATA_OUTPUT');
  }
  if (!statSync(realFolder).isDirectory()) throw new DataError(`${arg} ${quote(path)}: cannot write: ${quote(dirname(path))} is not a folder`, 'DATA_OUTPUT');
  return { inode: null, real: join(realFolder, basename(full)) };
}

/** The real path of a path that does not exist (yet): its nearest existing folder's real path joined with the rest. */
export function realOfNew(full: string): string {
  let existing = full;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(existing), ...rest);
    } catch {
      const up = dirname(existing);
      if (up === existing) return full;
      rest.unshift(basename(existing));
      existing = up;
    }
  }
}

/** Whether two identities name the same file. */
export function same(a: Identity, b: Identity): boolean {
  return (a.inode !== null && a.inode === b.inode) || a.real === b.real;
}

/**
 * Refuses, as a usage error, any output that resolves to an input or to another output; a
 * missing output folder or an output that is a folder are refused too. Call it before reading
 * anything. Standard input (`-`) is not a file and is skipped.
 *
 * @throws ParameterError for an output that would overwrite an input or another output.
 * @throws DataError for an output whose folder does not exist.
 */
export function checkOutputPaths(io: CliIo, command: string, inputs: readonly PathArgument[], outputs: readonly PathArgument[]): void {
  const ins = inputs
    .filter((p): p is { arg: string; path: string } => p.path !== undefined && p.path !== '-')
    .map((p) => ({ ...p, id: identify(io, p.path, false, p.arg) }));
  const outs: { arg: string; path: string; id: Identity }[] = [];
  for (const p of outputs) {
    if (p.path === undefined) continue;
    if (p.path === '-') throw new ParameterError(`${command}: ${p.arg} - would be a file named "-": this output goes to a file, not to standard output; give a file name (./- for a file named "-")`, 'USAGE');
    noteInput(io, p.path, 'file'); // messages about it name it; they need no table name
    if (isBookkeeping(p.path)) throw new ParameterError(`${command}: ${p.arg} ${quote(p.path)} is the name of radsig's own record of the files it wrote in a folder; choose another file name`, 'USAGE');
    const id = identify(io, p.path, true, p.arg)!;
    for (const input of ins) {
      if (input.id !== null && same(id, input.id)) {
        const alias = input.path === p.path ? '' : ` (${quote(input.path)} is the same file)`;
        throw new ParameterError(`${command}: ${p.arg} ${quote(p.path)} is the input ${input.arg}${alias}; writing it would replace the input - choose another file name`, 'USAGE');
      }
    }
    const owner = writtenBy(resolve(io.cwd, p.path));
    if (owner !== null) throw new ParameterError(`${command}: ${p.arg} ${quote(p.path)} is ${owner}; writing it would replace it - choose another file name`, 'USAGE');
    for (const other of outs) {
      if (same(id, other.id)) {
        const alias = other.path === p.path ? '' : ` (${quote(other.path)} and ${quote(p.path)})`;
        throw new ParameterError(`${command}: ${other.arg} and ${p.arg} name the same file${alias || ` ${quote(p.path)}`}; give each output its own file name`, 'USAGE');
      }
    }
    outs.push({ arg: p.arg, path: p.path, id });
  }
}
