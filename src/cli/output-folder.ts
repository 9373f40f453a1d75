/**
 * Output folders (`run`, `demo`, `report`): checked before any work (a folder that can be created
 * and written, no output that is an input, also through links), then written all or nothing with a
 * manifest of the files radsig wrote there. A later command writing the same set of files into the
 * folder removes those of its earlier files it no longer writes (stale figures of a model that is
 * gone), and never a file it did not write or one changed since it wrote it.
 */
import { createHash } from 'node:crypto';
import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { threadId } from 'node:worker_threads';
import { holdSignals, writeFilesAtomic } from '../core/atomic-write.js';
import { DataError, ParameterError } from '../core/errors.js';
import { quote } from '../core/messages.js';
import { RADSIG_VERSION } from '../core/version.js';
import type { CliIo } from './cli-io.js';
import { isBookkeeping, LOCK, MANIFEST, readManifest, writtenBy, type ManifestEntry } from './manifest.js';
import { identify, realOfNew, same, type Identity, type PathArgument } from './output-paths.js';

export { MANIFEST } from './manifest.js';


/** An output folder and what a command writes into it. */
export interface OutputFolder {
  /** The option that named it (`--out`), for messages. */
  arg: string;
  /** The folder as messages name it (as the user typed it). */
  shown: string;
  /** The absolute path. */
  path: string;
  /** Files (relative names) the command writes, as far as known before the work. */
  files: readonly string[];
  /** Sub-folders it writes files into whose names are known only after the work (`figures`). */
  folders: readonly string[];
  /** The sets of files (see {@link OutputFile}) it replaces: their earlier files may be removed. */
  sets: readonly string[];
  /** The sets its own files belong to, when not all in `sets` (`report --no-figures` rewrites its page, and replaces no set). */
  writes?: readonly string[];
}

/** A file written by {@link commitOutputFolders}: its name relative to the folder and the set it belongs to. */
export interface OutputFile {
  name: string;
  data: string | Uint8Array;
  /** The set of files it belongs to (`run`, `report report.html`): a set is replaced as a whole. */
  set: string;
}

/** The stats of a path, or undefined when there is nothing there (also when a part of the path is a file). */
const statOf = (path: string) => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};

const wasFile = (path: string) => {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
};

/**
 * Checks an output folder before any work: a folder (or a path where one can be created, by this
 * user, on a writable file system), whose outputs are not inputs of the command (the same path,
 * a symbolic link or a hard link to one), and where no output name is taken by a folder and no
 * sub-folder name by a file.
 *
 * @throws ParameterError for an output that is an input, a folder where a file goes or the reverse.
 * @throws DataError for a folder that cannot be created or written.
 */
export function checkOutputFolder(io: CliIo, command: string, target: OutputFolder, inputs: readonly PathArgument[]): void {
  const { arg, shown, path } = target;
  if (shown === '-') throw new ParameterError(`${command}: ${arg} - names standard output, which cannot hold a folder; give a folder`, 'USAGE');
  if (shown.trim() === '') throw new ParameterError(`${command}: ${arg} "" names no folder; give a folder (. for the current one)`, 'USAGE');
  const stats = wasFile(path);
  if (stats?.isSymbolicLink() && statOf(path) === undefined) throw new ParameterError(`${command}: ${arg} ${quote(shown)} is a symbolic link to a folder that does not exist; create the folder or give another`, 'USAGE');
  if (stats !== null && !statOf(path)?.isDirectory()) throw new ParameterError(`${command}: ${arg} ${quote(shown)} is a file, expected a folder`, 'USAGE');
  checkWritable(target);
  const ins = inputs.filter((p): p is { arg: string; path: string } => p.path !== undefined && p.path !== '-').map((p) => ({ ...p, id: identify(io, p.path, false, p.arg) }));
  const clash = (name: string, id: Identity | null) => {
    for (const input of ins) {
      if (id !== null && input.id !== null && same(id, input.id)) {
        throw new ParameterError(`${command}: ${quote(join(shown, name))} (in ${arg} ${quote(shown)}) is the input ${input.arg} ${quote(input.path)}; writing it would replace the input - choose another output folder`, 'USAGE');
      }
    }
  };
  for (const name of target.files) {
    if (isBookkeeping(name)) throw new ParameterError(`${command}: ${quote(join(shown, name))} is the name of radsig's own record of the files it wrote in a folder; choose another name`, 'USAGE');
  }
  for (const name of [...target.files, MANIFEST]) {
    const full = join(path, name);
    const s = statOf(full);
    if (s?.isDirectory()) throw new ParameterError(`${command}: ${quote(join(shown, name))} is a folder; ${command} writes a file of that name there`, 'USAGE');
    clash(name, identify(io, join(shown, name), true, arg, true));
  }
  // (a file another command wrote here: replacing it would lose that command's output)
  for (const name of target.files) {
    const owner = writtenBy(join(path, name), [...target.sets, ...(target.writes ?? [])]);
    if (owner !== null) throw new ParameterError(`${command}: ${quote(join(shown, name))} is ${owner}; writing it would replace it - choose another name or folder`, 'USAGE');
  }
  for (const name of target.folders) {
    const full = join(path, name);
    const s = statOf(full);
    if (s !== undefined && !s.isDirectory()) throw new ParameterError(`${command}: ${quote(join(shown, name))} is a file; ${command} writes into a folder of that name there`, 'USAGE');
    const real = realOfNew(full);
    for (const input of ins) {
      if (input.id !== null && input.id.real.startsWith(real + sep)) {
        throw new ParameterError(`${command}: the input ${input.arg} ${quote(input.path)} is in ${quote(join(shown, name))}, where ${command} writes its files - move it or choose another output folder`, 'USAGE');
      }
    }
    if (s !== undefined) for (const entry of readdirSync(full, { recursive: true }) as string[]) clash(join(name, entry), identify(io, join(full, entry), false, arg));
  }
  for (const [name, entry] of Object.entries(readManifest(path))) if (target.sets.includes(entry.set)) clash(name, identify(io, join(path, name), false, arg));
}

/**
 * The folder must be one radsig can create and write into: tried with a probe folder made and
 * removed in it (or in its nearest existing parent), not guessed from permission bits (radsig may
 * run as root). The output folder itself is not created here: another radsig may be checking it too.
 */
function checkWritable(target: OutputFolder): void {
  let existing = target.path;
  const missing: string[] = [];
  while (statOf(existing) === undefined && dirname(existing) !== existing) {
    missing.unshift(basename(existing));
    existing = dirname(existing);
  }
  if (!statOf(existing)?.isDirectory()) throw new DataError(`${target.arg} ${quote(target.shown)}: cannot create the output folder: ${quote(existing)} is a file, not a folder`, 'DATA_OUTPUT');
  const where = existing === target.path ? quote(target.shown) : `${quote(target.shown)} (in ${quote(existing)})`;
  const refuse = (code: string) => {
    const reasons: Record<string, string> = { EACCES: 'permission denied', EPERM: 'operation not permitted', EROFS: 'the file system is read-only', ENOSPC: 'no space left on the device', EDQUOT: 'disk quota exceeded', ENOENT: 'the folder cannot hold files', ENAMETOOLONG: 'the name is too long' };
    return new DataError(`${target.arg} ${quote(target.shown)}: cannot write into ${where}: ${reasons[code] ?? code} (${code})`, 'DATA_OUTPUT');
  };
  if (missing.some((name) => Buffer.byteLength(name) > 255)) throw refuse('ENAMETOOLONG');
  const probe = join(existing, `.radsig-probe-${process.pid}-${threadId}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
  } catch (error) {
    throw refuse((error as NodeJS.ErrnoException).code ?? '');
  }
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * Creates a folder (and missing parents) one level at a time, returning the outermost folder it
 * created, or null. (Node's recursive mkdir never returns where a file system refuses a new name
 * with ENOENT, as /proc does.)
 */
function createFolder(path: string): string | null {
  const missing: string[] = [];
  for (let d = path; statOf(d) === undefined && dirname(d) !== d; d = dirname(d)) missing.unshift(d);
  const made: string[] = [];
  try {
    for (const d of missing) made.push((mkdirSync(d), d));
  } catch (error) {
    for (const d of made.reverse()) rmdirSync(d); // a part made before the failure is not left behind
    throw error;
  }
  return missing[0] ?? null;
}

/** Takes the folder's lock (another radsig may be writing there: wait for it, a dead one's lock is taken over). */
function lock(target: OutputFolder): () => void {
  const path = join(target.path, LOCK);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let pid = NaN;
    try {
      pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    } catch {
      continue; // removed meanwhile
    }
    if (!alive(pid)) {
      unlinkSync(path);
      continue;
    }
    if (Date.now() > deadline) throw new DataError(`${target.arg} ${quote(target.shown)}: another radsig (process ${pid}) is writing into this folder; try again when it has finished`, 'DATA_OUTPUT');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Writes files into output folders all or nothing (every file is written in full before the
 * first is moved into place; signals wait until it is done), records them in each folder's
 * manifest, and removes the files of the sets it replaces (`target.sets`) that an earlier command
 * wrote there and this one does not, when they are unchanged. Folders it created are removed
 * again if writing fails. Returns warnings (earlier files left in place because they changed).
 */
export function commitOutputFolders(targets: readonly { target: OutputFolder; files: readonly OutputFile[] }[]): string[] {
  const release = holdSignals();
  const created: string[] = [];
  const unlocks: (() => void)[] = [];
  const warnings: string[] = [];
  try {
    const plans = targets.map(({ target, files }) => {
      const outer = createFolder(target.path);
      if (outer !== null) created.push(outer);
      unlocks.push(lock(target));
      const old = readManifest(target.path);
      for (const d of [...new Set(files.map((f) => dirname(join(target.path, f.name))))]) {
        const made = createFolder(d);
        if (made !== null) created.push(made);
      }
      const entries: Record<string, ManifestEntry> = Object.create(null);
      const stale: { name: string; sha256: string | null }[] = [];
      for (const [name, entry] of Object.entries(old)) {
        if (files.some((f) => f.name === name)) continue;
        if (target.sets.includes(entry.set)) stale.push({ name, sha256: entry.sha256 });
        else if (wasFile(join(target.path, name))?.isFile()) entries[name] = entry;
      }
      for (const f of files) entries[f.name] = { set: f.set, sha256: sha256(f.data) };
      const manifest = { about: 'The files radsig wrote in this folder: when it writes here again, it removes those of them it no longer writes and that are unchanged. Files not listed are never touched.', radsig: RADSIG_VERSION, files: entries };
      return { target, files, stale, manifest };
    });
    writeFilesAtomic(plans.flatMap(({ target, files, manifest }) => [...files.map((f) => ({ path: join(target.path, f.name), data: f.data, name: join(target.shown, f.name) })), { path: join(target.path, MANIFEST), data: JSON.stringify(manifest, null, 1) + '\n', name: join(target.shown, MANIFEST) }]));
    created.length = 0; // written: nothing to undo
    for (const { target, files } of plans) removeDeadTemporaries(target.path, [...files.map((f) => f.name), MANIFEST]);
    for (const { target, stale } of plans) {
      for (const { name, sha256: written } of stale) {
        const full = join(target.path, name);
        const s = wasFile(full);
        if (s === null || !s.isFile()) continue;
        if (written === null || sha256(readFileSync(full)) !== written) {
          warnings.push(`${join(target.shown, name)} was written by an earlier run and has been changed since; it is left in place`);
          continue;
        }
        unlinkSync(full);
        removeEmptyParents(target.path, dirname(full));
      }
    }
    return warnings;
  } catch (error) {
    for (const unlock of unlocks.splice(0)) unlock();
    for (const d of created.reverse()) rmSync(d, { recursive: true, force: true });
    throw error;
  } finally {
    for (const unlock of unlocks) unlock();
    release();
  }
}

/**
 * Removes the temporary files (`.NAME.PID.THREAD.N.tmp`, as the atomic writer names them) that a
 * radsig process killed outright (SIGKILL, a crash) left beside the files just written: only for
 * these file names, and only when that process is gone.
 */
function removeDeadTemporaries(folder: string, names: readonly string[]): void {
  const byDir = new Map<string, Set<string>>();
  for (const name of names) {
    const dir = dirname(join(folder, name));
    if (!byDir.has(dir)) byDir.set(dir, new Set());
    byDir.get(dir)!.add(basename(name));
  }
  for (const [dir, bases] of byDir) {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const m = /^\.(.+)\.(\d+)\.\d+\.\d+\.tmp$/.exec(entry);
      if (m === null || !bases.has(m[1])) continue;
      const pid = Number(m[2]);
      if (pid === process.pid || alive(pid)) continue;
      try {
        if (lstatSync(join(dir, entry)).isFile()) unlinkSync(join(dir, entry));
      } catch {
        // (gone already, or not ours to remove)
      }
    }
  }
}

/** Removes the folders between `folder` and `dir` (inclusive) that are empty, from the inside out. */
function removeEmptyParents(folder: string, dir: string): void {
  for (let d = dir; d !== folder && relative(folder, d) !== '' && !relative(folder, d).startsWith('..'); d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty
    }
  }
}
