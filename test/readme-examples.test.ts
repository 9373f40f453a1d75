/**
 * The README's library examples run as written: each ```ts block marked `// example: ...` is
 * transpiled, its `from 'radsig'` pointed at the built package, and executed in a child process.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { tempFolder } from './helpers/tmp.js';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const examples = [...readme.matchAll(/```ts\n(\/\/ example: ([^\n]+)\n[\s\S]*?)```/g)].map((m) => ({ name: m[2], code: m[1] }));

describe('README library examples', () => {
  it('there is a binary and a survival study, each under 30 lines', () => {
    expect(examples.map((e) => e.name)).toEqual(['binary study', 'survival study']);
    for (const e of examples) expect(e.code.trim().split('\n').length, e.name).toBeLessThan(30);
  });

  for (const example of examples) {
    it(`${example.name} runs and prints its results`, () => {
      const js = ts.transpileModule(example.code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
      const dir = tempFolder();
      const file = join(dir, 'example.mjs');
      writeFileSync(file, js.replace(/from 'radsig'/g, `from ${JSON.stringify(join(root, 'dist', 'index.js'))}`));
      const out = execFileSync(process.execPath, [file], { encoding: 'utf8', cwd: root, timeout: 120_000 });
      expect(out).not.toMatch(/NaN/);
      if (example.name === 'binary study') {
        expect(out).toMatch(/name: 'original_/);
        expect(out).toMatch(/estimate: 0\.\d+/);
      } else {
        expect(out.split('\n').filter((l) => /^(signature|cox|forest) 0\.\d+/.test(l)).length).toBe(3);
      }
    });
  }
});
