import { build } from 'esbuild';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, NODE_ONLY_MODULES, repoRoot } from '../helpers/package.js';

// The browser entry's whole module graph, bundled for the browser with nothing external: esbuild
// fails on any `node:` (or other Node built-in) import, so a successful build is the check.
// The runtime dependencies (study files: ajv and yaml) are plain JavaScript made for browsers too.
const RUNTIME_PACKAGES = ['ajv', '@sinclair/typebox', 'yaml', 'fast-deep-equal', 'json-schema-traverse', 'fast-uri', 'require-from-string'];
const fromRuntimePackage = (f: string) => RUNTIME_PACKAGES.some((p) => f.startsWith(`node_modules/${p}/`));

describe('browser entry module graph', () => {
  let inputs: string[] = [];
  let code = '';

  beforeAll(async () => {
    assertBuilt();
    const options = { entryPoints: [join(repoRoot, 'dist', 'browser.js')], bundle: true, platform: 'browser' as const, format: 'esm' as const, write: false, metafile: true, logLevel: 'silent' as const, absWorkingDir: repoRoot };
    const result = await build(options);
    inputs = Object.keys(result.metafile!.inputs);
    // radsig's own code, for the globals check (the dependencies guard their optional Node paths)
    code = (await build({ ...options, external: RUNTIME_PACKAGES })).outputFiles![0].text;
  });

  it('bundles for the browser without any Node built-in', () => {
    expect(inputs.filter((f) => f.startsWith('node:') || (!f.startsWith('dist/') && !fromRuntimePackage(f)))).toEqual([]);
  });

  it('pulls in no file access, worker threads or command line', () => {
    expect(inputs.filter((f) => NODE_ONLY_MODULES.includes(f) || f.startsWith('dist/cli/'))).toEqual([]);
  });

  it('uses no Node globals', () => {
    for (const pattern of [/\bprocess\.\w/, /\bBuffer\b/, /\brequire\(/, /__dirname|__filename/, /import\.meta/]) {
      expect(code, String(pattern)).not.toMatch(pattern);
    }
  });
});

// The single-threaded fits imported on their own must not reach worker threads either (the
// parallel versions live in separate modules).
describe('single-threaded modules', () => {
  it.each(['select/cv-elastic-net.js', 'models/random-survival-forest.js', 'models/cox-ph.js', 'select/elastic-net/elastic-net.js'])('%s bundles for the browser', async (file) => {
    assertBuilt();
    const result = await build({ entryPoints: [join(repoRoot, 'dist', file)], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent', absWorkingDir: repoRoot });
    expect(Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('dist/'))).toEqual([]);
  });
});
