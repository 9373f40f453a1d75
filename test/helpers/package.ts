import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The repository root. */
export const repoRoot = join(import.meta.dirname, '..', '..');

/**
 * Fails with a clear message unless dist/ holds a build at least as new as every file in src/
 * (`npm test` builds first; running vitest alone needs `npm run build`).
 */
export function assertBuilt(): void {
  const entries = ['index.js', 'browser.js'].map((f) => join(repoRoot, 'dist', f));
  for (const entry of entries) {
    if (!existsSync(entry)) throw new Error(`${relative(repoRoot, entry)} is missing: run \`npm run build\` first (npm test does)`);
  }
  const built = Math.min(...entries.map((e) => statSync(e).mtimeMs));
  const newest = newestFile(join(repoRoot, 'src'));
  if (newest.mtimeMs > built) {
    throw new Error(`dist/ is older than ${relative(repoRoot, newest.path)}: run \`npm run build\` first (npm test does)`);
  }
}

function newestFile(dir: string): { path: string; mtimeMs: number } {
  let best = { path: dir, mtimeMs: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const candidate = entry.isDirectory() ? newestFile(path) : { path, mtimeMs: statSync(path).mtimeMs };
    if (candidate.mtimeMs > best.mtimeMs) best = candidate;
  }
  return best;
}

/** Modules that belong to the Node entry only (files, worker threads, command line). */
export const NODE_ONLY_MODULES = [
  'dist/data/read-table.js',
  'dist/data/write-table.js',
  'dist/core/atomic-write.js',
  'dist/core/worker-pool.js',
  'dist/select/cv-elastic-net-parallel.js',
  'dist/select/cv-worker.js',
  'dist/models/rsf-parallel.js',
  'dist/models/rsf-worker.js',
  'dist/index.js',
  'dist/report/build-report.js',
  'dist/report/build-calculator.js',
  'dist/report/render-chart.js',
  'dist/report/write-report.js',
];

/** Compares two named lists of numbers: same keys, same lengths, each value within `rtol` (NaN only with NaN). */
export function compareResults(actual: Record<string, number[]>, expected: Record<string, number[]>, rtol: number): { mismatches: string[]; identical: boolean } {
  const mismatches: string[] = [];
  let identical = true;
  const keys = Object.keys(expected).sort();
  if (Object.keys(actual).sort().join() !== keys.join()) mismatches.push(`keys differ: ${Object.keys(actual).sort().join()} vs ${keys.join()}`);
  for (const key of keys) {
    const a = actual[key] ?? [];
    const b = expected[key];
    if (a.length !== b.length) {
      mismatches.push(`${key}: length ${a.length} vs ${b.length}`);
      continue;
    }
    for (let i = 0; i < b.length; i++) {
      if (Object.is(a[i], b[i])) continue;
      identical = false;
      const ok = Number.isFinite(b[i]) && Math.abs(a[i] - b[i]) <= rtol * Math.max(Math.abs(b[i]), 1e-300);
      if (!ok) mismatches.push(`${key}[${i}]: ${a[i]} vs ${b[i]}`);
    }
  }
  return { mismatches, identical };
}
