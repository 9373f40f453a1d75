import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import * as radsigBrowser from '../../dist/browser.js';
import * as radsig from '../../dist/index.js';
import { assertBuilt, repoRoot } from '../helpers/package.js';
import { tempFolder } from '../helpers/tmp.js';

// `npm pack` output installed into an empty CommonJS project and an empty ESM project, each running
// a fit through the package name, as a user would.

const exec = promisify(execFile);

/** The environment without the npm_* variables of the `npm test` that runs vitest. */
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));

async function run(command: string, args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  try {
    return await exec(command, args, { cwd, env: cleanEnv, maxBuffer: 64 << 20 });
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/** The consumers' computation: `r` is the main entry, `rb` the browser entry. Plain JavaScript, shared verbatim. */
const COMPUTE = `function compute(r, rb) {
  const rows = [], y = [];
  for (let i = 0; i < 24; i++) {
    rows.push([((i * 7) % 24) / 8, (i * 5) % 6]);
    y.push(i % 3 === 0 || i % 4 === 1 || i % 7 === 2 ? 1 : 0);
  }
  const fit = new r.LogisticRegression().fit(r.Matrix64.fromRows(rows), y);
  const table = rb.parseTable(new TextEncoder().encode('id,x\\nP1,1.5\\nP2,2.5\\n'));
  return {
    coefficients: Array.from(fit.coefficients),
    browserColumn: Array.from(table.column('x').values),
    nodeOnly: [typeof r.readTable, typeof r.crossValidateElasticNetParallel, typeof rb.readTable, typeof rb.runCli],
  };
}`;

const compute = new Function('r', 'rb', `${COMPUTE}\nreturn compute(r, rb);`) as (r: unknown, rb: unknown) => unknown;

const CONSUMERS = {
  cjs: {
    packageJson: { name: 'consumer-cjs', version: '1.0.0', private: true },
    main: 'index.cjs',
    source: `'use strict';\nconst r = require('radsig');\nconst rb = require('radsig/browser');\n${COMPUTE}\nconsole.log(JSON.stringify(compute(r, rb)));\n`,
    // tslab compiles notebooks to CommonJS: a .cts file that requires the package must type-check.
    typesFile: 'check.cts',
    types: `import r = require('radsig');\nimport rb = require('radsig/browser');\nexport const n: number = new r.LogisticRegression().fit(r.Matrix64.fromRows([[1], [2]]), [0, 1]).coefficients.length + rb.parseTable('a\\n1\\n').nRows;\n`,
  },
  esm: {
    packageJson: { name: 'consumer-esm', version: '1.0.0', private: true, type: 'module' },
    main: 'index.mjs',
    source: `import * as r from 'radsig';\nimport * as rb from 'radsig/browser';\n${COMPUTE}\nconsole.log(JSON.stringify(compute(r, rb)));\n`,
    typesFile: 'check.ts',
    types: `import { LogisticRegression, Matrix64, readTable } from 'radsig';\nimport { parseTable } from 'radsig/browser';\nexport const n: number = new LogisticRegression().fit(Matrix64.fromRows([[1], [2]]), [0, 1]).coefficients.length + parseTable('a\\n1\\n').nRows;\nexport const read: typeof readTable = readTable;\n`,
  },
} as const;

type Kind = keyof typeof CONSUMERS;

describe('npm pack', () => {
  const dir = tempFolder('radsig-pack-');
  let files: string[] = [];
  const output: Partial<Record<Kind, { stdout: string; stderr: string }>> = {};

  /** Installs the tarball offline (the package has no runtime dependency yet), else from the registry. */
  async function install(project: string, tarball: string): Promise<void> {
    const args = ['install', tarball, '--no-audit', '--no-fund', '--ignore-scripts'];
    try {
      await run('npm', [...args, '--offline'], project);
    } catch {
      await run('npm', args, project);
    }
  }

  async function consumer(kind: Kind, tarball: string): Promise<void> {
    const spec = CONSUMERS[kind];
    const project = join(dir, kind);
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify(spec.packageJson, null, 2));
    writeFileSync(join(project, spec.main), spec.source);
    await install(project, tarball);
    output[kind] = await run(process.execPath, [spec.main], project);
  }

  beforeAll(async () => {
    assertBuilt();
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], repoRoot);
    const info = JSON.parse(stdout)[0] as { filename: string; files: { path: string }[] };
    files = info.files.map((f) => f.path).sort();
    const tarball = join(dir, info.filename);
    await Promise.all((Object.keys(CONSUMERS) as Kind[]).map((kind) => consumer(kind, tarball)));
  }, 120_000);

  it.each(Object.keys(CONSUMERS) as Kind[])('installs into an empty %s project that runs a fit as in-process', (kind) => {
    const printed = output[kind];
    expect(printed, `${kind} consumer did not run`).toBeDefined();
    expect(JSON.parse(printed!.stdout)).toEqual(compute(radsig, radsigBrowser));
    expect(printed!.stderr).not.toMatch(/error/i);
  });

  it('gives the browser entry no file access, worker threads or command line', () => {
    expect(JSON.parse(output.esm!.stdout).nodeOnly).toEqual(['function', 'function', 'undefined', 'undefined']);
  });

  it.each(Object.keys(CONSUMERS) as Kind[])('type-checks a %s consumer against the shipped declarations', async (kind) => {
    const spec = CONSUMERS[kind];
    const project = join(dir, kind);
    writeFileSync(join(project, spec.typesFile), spec.types);
    const tsconfig = { compilerOptions: { noEmit: true, strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: [] }, files: [spec.typesFile] };
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
    await run(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], project);
  });

  it('ships the build, its declarations, LICENSE and README, and nothing else', () => {
    for (const f of ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/browser.js', 'dist/browser.d.ts', 'dist/cli/main.js']) expect(files).toContain(f);
    expect(files.filter((f) => !f.startsWith('dist/') && !['LICENSE', 'README.md', 'package.json', 'schema/study.schema.json', 'schema/results.schema.json', 'schema/model.schema.json'].includes(f))).toEqual([]);
    expect(files.filter((f) => /(^|\/)(test|tests|__tests__|bench)\/|\.(test|spec)\.|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    // every compiled file has its source in src/ (no stale output of a removed module)
    const stale = files.filter((f) => f.endsWith('.js') && !existsSync(join(repoRoot, 'src', f.slice('dist/'.length).replace(/\.js$/, '.ts'))));
    expect(stale).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(dir, 'esm', 'node_modules', 'radsig', 'package.json'), 'utf8')) as { sideEffects?: unknown; exports: Record<string, unknown> };
    expect(manifest.sideEffects).toBe(false);
    expect(Object.keys(manifest.exports)).toEqual(['.', './browser', './package.json', './schema/study.schema.json', './schema/results.schema.json', './schema/model.schema.json']);
    expect(readFileSync(join(dir, 'esm', 'node_modules', 'radsig', 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} radsig contributors\n/);
  });

  it('ships source maps only with their sources embedded, and no dangling map reference', () => {
    const installed = join(dir, 'esm', 'node_modules', 'radsig');
    for (const f of listFiles(join(installed, 'dist'))) {
      const path = join(installed, 'dist', f);
      if (f.endsWith('.map')) {
        const map = JSON.parse(readFileSync(path, 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
        expect(map.sourcesContent?.length, `${f} lacks sourcesContent`).toBe(map.sources.length);
        expect(map.sourcesContent!.every((s) => typeof s === 'string' && s.length > 0), `${f} has empty sourcesContent`).toBe(true);
      } else if (f.endsWith('.js')) {
        const ref = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(path, 'utf8'));
        if (ref) expect(existsSync(join(dirname(path), ref[1])), `${f} points at a missing ${ref[1]}`).toBe(true);
      }
    }
  });
});

function listFiles(root: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, prefix), { withFileTypes: true })) {
    const rel = prefix ? posix.join(prefix, entry.name) : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(root, rel));
    else out.push(rel);
  }
  return out;
}
