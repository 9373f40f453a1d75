/**
 * radsig's `engines.node` claims only what every locked dependency supports: each locked package's
 * declared Node range must contain radsig's whole range (semver.subset), so that `npm ci` on any
 * Node version radsig claims prints no EBADENGINE warning. A dependency update that narrows its
 * range (vega-lite 6.5.0 asked for Node >= 22 while radsig claimed 20.19) fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; version?: string }>;
};

/** Every locked package that declares a Node range: [path in node_modules, range]. */
function lockedRanges(): [string, string][] {
  const out: [string, string][] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '') continue;
    const engines = entry.engines;
    if (engines === undefined || Array.isArray(engines) || typeof engines.node !== 'string') continue;
    out.push([`${path.replace(/^.*node_modules\//, '')}@${entry.version ?? '?'}`, engines.node]);
  }
  return out;
}

describe('engines', () => {
  const ours = pkg.engines.node;

  it('package.json and the lockfile agree on radsig\'s own range, and it is a valid range', () => {
    expect(semver.validRange(ours)).not.toBeNull();
    expect((lock.packages[''].engines as { node: string }).node).toBe(ours);
  });

  it('every locked dependency supports every Node version radsig claims', () => {
    const ranges = lockedRanges();
    expect(ranges.length).toBeGreaterThan(10);
    const gaps = ranges
      .filter(([, range]) => !semver.subset(ours, range, { includePrerelease: false }))
      .map(([name, range]) => `${name} requires node ${range}`);
    expect(gaps, `radsig claims node ${ours}`).toEqual([]);
  });

  it('the check can fail: a range wider than a dependency\'s is caught', () => {
    expect(semver.subset('^20.19.0 || >=22.12.0', '^20.0.0 || ^22.0.0 || >=24.0.0')).toBe(false);
    expect(semver.subset('^20.19.0 || >=22.12.0', '>=22')).toBe(false);
  });

  it('the Node running the tests is one radsig claims', () => {
    expect(semver.satisfies(process.version, ours), process.version).toBe(true);
  });
});
