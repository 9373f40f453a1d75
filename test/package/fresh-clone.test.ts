/**
 * A user's clone has nothing beside it: no test, notebook, bench, script or source file reads a path
 * outside the repository (the project's old data folder beside the checkout), and the real tables the tests read ship
 * in `data/` with their origin and licence. `.ci/run` also runs the whole suite in a fresh clone in an
 * empty temporary folder; this check catches the mistake earlier, on any machine.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realData } from '../helpers/tmp.js';

const root = join(import.meta.dirname, '..', '..');
const scanned = ['src', 'test', 'bench', 'scripts', 'notebooks', '.ci'];
/** The old folder beside the checkout (spelled in parts, so that this file does not name it itself). */
const SIBLING = 'sha' + 'red';
const BESIDE = `../${SIBLING}`;
// (a path up into it, or path segments naming it then data)
const outside = new RegExp(`\\.\\.\\/+${SIBLING}\\b|['"]${SIBLING}['"]\\s*,\\s*['"]data['"]`);

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === '.work') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else if (/\.(ts|mjs|js|R|ipynb|json|sh)$|^run$/.test(name)) out.push(path);
  }
  return out;
}

describe('a fresh clone has what its tests need', () => {
  it('no file reads the old folder beside the checkout', () => {
    const self = relative(root, import.meta.filename);
    const hits = scanned
      .flatMap((d) => (existsSync(join(root, d)) ? files(join(root, d)) : []))
      .filter((p) => relative(root, p) !== self)
      .filter((p) => outside.test(readFileSync(p, 'utf8')))
      .map((p) => relative(root, p));
    expect(hits).toEqual([]);
  });

  it('the pattern catches the old paths', () => {
    expect(outside.test(`join(import.meta.dirname, '..', '..', '..', '${SIBLING}', 'data', name)`)).toBe(true);
    expect(outside.test(`const DATA = '../${BESIDE}/data/pbc.csv.gz';`)).toBe(true);
    expect(outside.test(`read.csv(gzfile("${BESIDE}/data/pbc.csv.gz"))`)).toBe(true);
    expect(outside.test("const DATA = '../data/pbc.csv.gz';")).toBe(false);
  });

  it('the three real tables ship in data/ with a README naming origin and licence', () => {
    for (const name of ['HCC-TACE-Seg.csv.gz', 'Colorectal-Liver-Metastases.csv.gz', 'pbc.csv.gz']) {
      expect(existsSync(realData(name)), name).toBe(true);
      expect(readFileSync(realData(name)).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    }
    const readme = readFileSync(join(root, 'data', 'README.md'), 'utf8');
    for (const word of ['CC BY 4.0', 'MIT', 'radMLBench', '10.1038/s41597-023-01928-3', '10.1038/s41597-024-02981-2', 'Fleming', 'survival']) {
      expect(readme).toContain(word);
    }
  });

  it('the data stay out of the npm package', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files.some((f) => f === 'data' || f.startsWith('data/'))).toBe(false);
  });
});
