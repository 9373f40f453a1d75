import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll } from 'vitest';

/** A temporary folder removed after the test file. */
export function tempFolder(prefix = 'radsig-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes a fixture file (gzip when the name ends in .gz) and returns its path. */
export function writeFixture(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  writeFileSync(path, name.endsWith('.gz') ? gzipSync(bytes) : bytes);
  return path;
}

/** Path of a real data set shipped in the repository's data/ folder. */
export function realData(name: string): string {
  return join(import.meta.dirname, '..', '..', 'data', name);
}

/** Relative difference |a - b| / max(|b|, tiny). */
export function relDiff(a: number, b: number, tiny = 1e-300): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), tiny);
}
