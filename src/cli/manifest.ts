/**
 * The manifest radsig keeps in each output folder it writes (`.radsig-manifest.json`): which files
 * it wrote there, in which set, with their SHA-256. Reading it, and asking whether a path is a file
 * that another command wrote into a managed folder (so that no command replaces another's output).
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';

/** The manifest radsig keeps in each output folder it writes. */
export const MANIFEST = '.radsig-manifest.json';
/** The lock file of a folder being written. */
export const LOCK = '.radsig-lock';

/** One file of a manifest: the set it belongs to and its SHA-256 (null when not recorded). */
export interface ManifestEntry {
  set: string;
  sha256: string | null;
}

/** A manifest's entries, with every name that is not a plain relative path inside the folder left out. */
export function readManifest(folder: string): Record<string, ManifestEntry> {
  const entries: Record<string, ManifestEntry> = Object.create(null);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(join(folder, MANIFEST), 'utf8'));
  } catch {
    return entries; // none, or not one radsig can trust: nothing is removed
  }
  const files = (json as { files?: unknown } | null)?.files;
  if (files === null || typeof files !== 'object' || Array.isArray(files)) return entries;
  for (const [name, entry] of Object.entries(files as Record<string, unknown>)) {
    const e = entry as Partial<ManifestEntry> | null;
    if (!safeName(name) || e === null || typeof e !== 'object' || typeof e.set !== 'string') continue;
    entries[name] = { set: e.set, sha256: typeof e.sha256 === 'string' && /^[0-9a-f]{64}$/.test(e.sha256) ? e.sha256 : null };
  }
  return entries;
}

/** Whether a path names radsig's own bookkeeping in a folder (the manifest or the lock), which no command may write as an output. */
export function isBookkeeping(path: string): boolean {
  return basename(path) === MANIFEST || basename(path) === LOCK;
}

function safeName(name: string): boolean {
  return name !== '' && !name.includes('\0') && !isAbsolute(name) && normalize(name) === name && !name.split(/[\\/]/).includes('..') && name !== MANIFEST && name !== LOCK;
}

/**
 * Whether `path` is a file that radsig wrote into a managed folder (its own folder or one of the
 * three above it) as part of a set other than `allowed`: then a description of it for a message
 * (`a file radsig wrote there (an output of the run in "/abs/out")`), else null.
 */
export function writtenBy(path: string, allowed: readonly string[] = []): string | null {
  let folder = dirname(path);
  for (let level = 0; level < 4; level++) {
    const entries = readManifest(folder);
    const entry = entries[relative(folder, path).split(sep).join('/')] ?? entries[relative(folder, path)];
    if (entry !== undefined && !allowed.includes(entry.set)) return `a file radsig wrote there (${entry.set === 'run' ? 'an output of the run' : `part of ${JSON.stringify(entry.set)}`} in ${JSON.stringify(folder)})`;
    const up = dirname(folder);
    if (up === folder) break;
    folder = up;
  }
  return null;
}
