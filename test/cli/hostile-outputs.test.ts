/**
 * A hostile user of radsig's output files and of signals (issue 20): outputs that are inputs (also
 * through symbolic and hard links, other spellings), folders where files go and the reverse,
 * folders that cannot be written, reused output folders, files nested thousands deep, and Ctrl-C,
 * kill or a closed terminal at every phase. Table-driven: each case sets up a folder, runs radsig
 * and checks the exit code, the one-line message and what is on disk afterwards.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { radsig } from '../helpers/cli.js';
import { assertBuilt, repoRoot } from '../helpers/package.js';
import { realData, tempFolder } from '../helpers/tmp.js';

const root = tempFolder('radsig-outputs-');
const bin = join(repoRoot, 'dist', 'cli', 'main.js');

/** A small binary table (fast studies). */
function smallTable(): string {
  const rows = ['id,y,site,original_firstorder_A,original_firstorder_B,original_glcm_C,original_glcm_D'];
  let s = 11;
  const r = () => ((s = (s * 16807) % 2147483647) / 2147483647).toFixed(5);
  for (let i = 0; i < 60; i++) rows.push([`p${i}`, i % 2, `S${i % 2}`, (i % 2) + Number(r()), r(), r(), (i % 2) * 0.5 + Number(r())].join(','));
  return rows.join('\n') + '\n';
}

const study = (train: string, models: unknown[] = ['radscore', 'logistic']) => ({ data: { train, id: 'id' }, outcome: { type: 'binary', column: 'y' }, features: { include: ['original_firstorder_A', 'original_firstorder_B', 'original_glcm_C', 'original_glcm_D'] }, steps: { select: { nFolds: 3 } }, models, validation: { method: 'cv', folds: 3, repeats: 1, seed: 1 } });

/** A fresh folder for one case, with table.csv and study.json (training on table.csv). */
function caseFolder(name: string): string {
  const dir = join(root, name.replace(/[^a-z0-9]+/gi, '-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'table.csv'), smallTable());
  writeFileSync(join(dir, 'study.json'), JSON.stringify(study('table.csv')));
  return dir;
}

/** Every file under a folder (relative), hidden ones included. */
function listing(dir: string): string[] {
  return existsSync(dir) ? (readdirSync(dir, { recursive: true }) as string[]).sort() : [];
}

const temporaries = (dir: string) => listing(dir).filter((f) => /\.tmp$|\.radsig-lock$|\.radsig-probe/.test(f));

let runDir: string | null = null;
/** A folder with a finished small run in run-out/ (model.json, results.json), made once. */
async function finishedRun(): Promise<string> {
  if (runDir !== null) return runDir;
  const dir = caseFolder('finished run');
  const r = await radsig(['run', 'study.json', '--out', 'run-out', '--workers', '1', '--quiet'], dir);
  expect([r.code, r.stderr]).toEqual([0, '']);
  runDir = dir;
  return dir;
}

interface Case {
  label: string;
  /** Prepares the case's folder and returns the arguments. */
  setup(dir: string): string[] | Promise<string[]>;
  code: number;
  stderr: RegExp;
  /** Checks the folder afterwards. */
  after?(dir: string): void;
}

const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const unchanged = (file: string, text: string) => (dir: string) => expect(readFileSync(join(dir, file), 'utf8')).toBe(text);

/** A run whose output folder has a folder where `name` (a file it writes) goes: refused before any work. */
const folderWhereFileGoes = (name: string): Case => ({
  label: `run: OUT/${name} is a folder: refused before any work`,
  setup(dir) {
    mkdirSync(join(dir, 'out', name), { recursive: true });
    return ['run', 'study.json', '--out', 'out', '--quiet'];
  },
  code: 2,
  stderr: new RegExp(`^radsig: error: run: "out/${name.replace(/\./g, '\\.')}" is a folder; run writes a file of that name there\n$`),
});

const cases: Case[] = [
  // outputs that are inputs (item 3)
  {
    label: 'report OUT --out OUT/results.json would replace results.json with HTML',
    async setup(dir) {
      cpSync(join(await finishedRun(), 'run-out'), join(dir, 'out'), { recursive: true });
      return ['report', 'out', '--out', 'out/results.json'];
    },
    code: 2,
    stderr: /^radsig: error: report: "out\/results\.json" \(in the report's folder "out"\) is the input DIR\/results\.json ".*out\/results\.json"; writing it would replace the input - choose another output folder\n$/,
    after: (dir) => expect(JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')).n).toBe(60),
  },
  {
    label: 'run: a table at OUT/figures/performance.vl.json is refused before any work',
    setup(dir) {
      mkdirSync(join(dir, 'out', 'figures'), { recursive: true });
      writeFileSync(join(dir, 'out', 'figures', 'performance.vl.json'), smallTable());
      writeFileSync(join(dir, 'study.json'), JSON.stringify(study('out/figures/performance.vl.json')));
      return ['run', 'study.json', '--out', 'out', '--quiet'];
    },
    code: 2,
    stderr: /^radsig: error: run: the input data\.train of the study ".*out\/figures\/performance\.vl\.json" is in "out\/figures", where run writes its files - move it or choose another output folder\n$/,
    after: unchanged('out/figures/performance.vl.json', smallTable()),
  },
  {
    label: 'run: a hard link to the table in OUT/figures/ is refused',
    setup(dir) {
      mkdirSync(join(dir, 'out', 'figures'), { recursive: true });
      linkSync(join(dir, 'table.csv'), join(dir, 'out', 'figures', 'roc.svg'));
      return ['run', 'study.json', '--out', 'out', '--quiet'];
    },
    code: 2,
    stderr: /^radsig: error: run: "out\/figures\/roc\.svg" \(in --out "out"\) is the input data\.train of the study ".*table\.csv"; writing it would replace the input/,
    after: unchanged('table.csv', smallTable()),
  },
  {
    label: 'run: OUT/model.json a symbolic link to the table is refused',
    setup(dir) {
      mkdirSync(join(dir, 'out'));
      symlinkSync(join(dir, 'table.csv'), join(dir, 'out', 'model.json'));
      return ['run', 'study.json', '--out', 'out', '--quiet'];
    },
    code: 2,
    stderr: /^radsig: error: run: "out\/model\.json" \(in --out "out"\) is the input data\.train of the study/,
    after: unchanged('table.csv', smallTable()),
  },
  {
    label: 'run: the study file itself as OUT/report.html (another spelling of the folder) is refused',
    setup(dir) {
      mkdirSync(join(dir, 'out'));
      writeFileSync(join(dir, 'out', 'report.html'), JSON.stringify(study('../table.csv')));
      return ['run', 'out/report.html', '--out', './out/../out/', '--quiet'];
    },
    code: 2,
    stderr: /^radsig: error: run: "out\/report\.html" \(in --out "\.\/out\/\.\.\/out\/"\) is the input STUDY/,
  },
  {
    label: 'run: a table named in the manifest of an earlier run (it could be removed as stale) is refused',
    setup(dir) {
      mkdirSync(join(dir, 'out'));
      cpSync(join(dir, 'table.csv'), join(dir, 'out', 'old-table.csv'));
      writeFileSync(join(dir, 'out', '.radsig-manifest.json'), JSON.stringify({ files: { 'old-table.csv': { set: 'run', sha256: null } } }));
      writeFileSync(join(dir, 'study.json'), JSON.stringify(study('out/old-table.csv')));
      return ['run', 'study.json', '--out', 'out', '--quiet'];
    },
    code: 2,
    stderr: /^radsig: error: run: "out\/old-table\.csv" \(in --out "out"\) is the input data\.train/,
  },
  {
    label: 'apply --out MODEL through a hard link is refused',
    async setup(dir) {
      const run = await finishedRun();
      cpSync(join(run, 'run-out', 'model.json'), join(dir, 'model.json'));
      linkSync(join(dir, 'model.json'), join(dir, 'scores.csv'));
      return ['apply', 'model.json', 'table.csv', '--out', 'scores.csv'];
    },
    code: 2,
    stderr: /^radsig: error: apply: --out "scores\.csv" is the input MODEL \("model\.json" is the same file\)/,
  },
  {
    label: 'apply --out TABLE spelled with an absolute path is refused',
    async setup(dir) {
      cpSync(join(await finishedRun(), 'run-out', 'model.json'), join(dir, 'model.json'));
      return ['apply', 'model.json', 'table.csv', '--out', join(dir, 'table.csv')];
    },
    code: 2,
    stderr: /^radsig: error: apply: --out ".*table\.csv" is the input TABLE/,
    after: unchanged('table.csv', smallTable()),
  },
  {
    label: 'apply --out - is refused (a file named "-" is never made by accident)',
    async setup(dir) {
      cpSync(join(await finishedRun(), 'run-out', 'model.json'), join(dir, 'model.json'));
      return ['apply', 'model.json', 'table.csv', '--out', '-'];
    },
    code: 2,
    stderr: /^radsig: error: apply: --out - would be a file named "-"/,
    after: (dir) => expect(existsSync(join(dir, '-'))).toBe(false),
  },
  {
    label: 'calculator --out model.json spelled ./model.json is refused',
    async setup(dir) {
      cpSync(join(await finishedRun(), 'run-out', 'model.json'), join(dir, 'model.json'));
      return ['calculator', 'model.json', '--out', './model.json'];
    },
    code: 2,
    stderr: /^radsig: error: calculator: --out "\.\/model\.json" is the input MODEL \("model\.json" is the same file\)/,
  },
  {
    label: 'calculator --out a symbolic link to results.json beside the model is refused',
    async setup(dir) {
      cpSync(join(await finishedRun(), 'run-out'), join(dir, 'out'), { recursive: true });
      symlinkSync(join(dir, 'out', 'results.json'), join(dir, 'calc.html'));
      return ['calculator', 'out/model.json', '--out', 'calc.html'];
    },
    code: 2,
    stderr: /^radsig: error: calculator: --out "calc\.html" is the input results\.json beside MODEL/,
    after: (dir) => expect(JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')).n).toBe(60),
  },
  {
    label: 'harmonize --out the table through a symbolic link is refused',
    setup(dir) {
      symlinkSync(join(dir, 'table.csv'), join(dir, 'link.csv'));
      return ['harmonize', 'table.csv', '--batch', 'site', '--id', 'id', '--outcome', 'y', '--out', 'link.csv'];
    },
    code: 2,
    stderr: /^radsig: error: harmonize: --out "link\.csv" is the input TABLE/,
    after: unchanged('table.csv', smallTable()),
  },
  {
    label: 'harmonize --save-model and --out the same file are refused',
    setup: () => ['harmonize', 'table.csv', '--batch', 'site', '--id', 'id', '--outcome', 'y', '--out', 'h.csv', '--save-model', './h.csv'],
    code: 2,
    stderr: /^radsig: error: harmonize: --out and --save-model name the same file/,
    after: (dir) => expect(existsSync(join(dir, 'h.csv'))).toBe(false),
  },
  {
    label: 'cv-glmnet --radscore-out the table is refused',
    setup: () => ['cv-glmnet', 'table.csv', '--id', 'id', '--outcome', 'y', '--radscore-out', 'table.csv', '--json'],
    code: 2,
    stderr: /^radsig: error: cv-glmnet: --radscore-out "table\.csv" is the input TABLE/,
    after: unchanged('table.csv', smallTable()),
  },
  {
    label: 'fit rsf --save-model a hard link of the table is refused',
    setup(dir) {
      linkSync(join(dir, 'table.csv'), join(dir, 'forest.json'));
      return ['fit', 'rsf', 'table.csv', '--time', 'original_firstorder_A', '--event', 'y', '--save-model', 'forest.json'];
    },
    code: 2,
    stderr: /^radsig: error: fit rsf: --save-model "forest\.json" is the input TABLE/,
    after: unchanged('table.csv', smallTable()),
  },
  {
    label: 'icc --out the retest table is refused',
    setup(dir) {
      cpSync(join(dir, 'table.csv'), join(dir, 'retest.csv'));
      return ['icc', 'table.csv', '--retest', 'retest.csv', '--id', 'id', '--out', 'retest.csv'];
    },
    code: 2,
    stderr: /^radsig: error: icc: --out "retest\.csv" is the input --retest/,
    after: unchanged('retest.csv', smallTable()),
  },
  {
    label: 'apply --out a named pipe is refused (it would be replaced by a regular file)',
    async setup(dir) {
      cpSync(join(await finishedRun(), 'run-out', 'model.json'), join(dir, 'model.json'));
      execFileSync('mkfifo', [join(dir, 'pipe')]);
      return ['apply', 'model.json', 'table.csv', '--out', 'pipe'];
    },
    code: 2,
    stderr: /^radsig: error: --out "pipe" is not a regular file \(a device, a pipe or a socket\); radsig writes its outputs to files, replacing them whole\n$/,
    after: (dir) => expect(statSync(join(dir, 'pipe')).isFIFO()).toBe(true),
  },
  {
    label: 'run: OUT/predictions.csv a named pipe is refused before any work',
    setup(dir) {
      mkdirSync(join(dir, 'out'));
      execFileSync('mkfifo', [join(dir, 'out', 'predictions.csv')]);
      return ['run', 'study.json', '--out', 'out', '--quiet'];
    },
    code: 2,
    stderr: /^radsig: error: --out "out\/predictions\.csv" is not a regular file/,
    after: (dir) => expect(statSync(join(dir, 'out', 'predictions.csv')).isFIFO()).toBe(true),
  },
  // folders where files go, files where folders go, "-" (sweep)
  folderWhereFileGoes('results.json'),
  {
    label: 'run: OUT/figures is a file: refused before any work',
    setup(dir) {
      mkdirSync(join(dir, 'out'));
      writeFileSync(join(dir, 'out', 'figures'), 'mine');
      return ['run', 'study.json', '--out', 'out', '--quiet'];
    },
    code: 2,
    stderr: /^radsig: error: run: "out\/figures" is a file; run writes into a folder of that name there\n$/,
    after: unchanged('out/figures', 'mine'),
  },
  {
    label: 'run --out - is refused',
    setup: () => ['run', 'study.json', '--out', '-', '--quiet'],
    code: 2,
    stderr: /^radsig: error: run: --out - names standard output, which cannot hold a folder; give a folder\n$/,
  },
  {
    label: 'demo --out - is refused',
    setup: () => ['demo', '--out', '-', '--quiet'],
    code: 2,
    stderr: /^radsig: error: demo: --out - names standard output/,
  },
  {
    label: 'demo: OUT/mvi-study-results is a file: refused before the cohort is simulated',
    setup(dir) {
      mkdirSync(join(dir, 'demo'));
      writeFileSync(join(dir, 'demo', 'mvi-study-results'), 'mine');
      return ['demo', '--out', 'demo', '--quiet'];
    },
    code: 2,
    stderr: /^radsig: error: demo: --out "demo\/mvi-study-results" is a file, expected a folder\n$/,
    after: (dir) => expect(listing(join(dir, 'demo'))).toEqual(['mvi-study-results']),
  },
  {
    label: 'simulate --out an existing file is a usage error',
    setup: () => ['simulate', '--out', 'table.csv'],
    code: 2,
    stderr: /^radsig: error: simulate: --out "table\.csv" is a file, expected a folder\n$/,
    after: unchanged('table.csv', smallTable()),
  },
  {
    label: 'metrics, glmnet and fit write no files: --out is an unknown option',
    setup: () => ['metrics', 'table.csv', '--score', 'original_firstorder_A', '--outcome', 'y', '--out', 'x.json'],
    code: 2,
    stderr: /^radsig: error: metrics: unknown option '--out'\n$/i,
    after: (dir) => expect(existsSync(join(dir, 'x.json'))).toBe(false),
  },
  {
    label: 'run --out "" (an unset shell variable) is refused rather than writing into the current folder',
    setup: () => ['run', 'study.json', '--out', '', '--quiet'],
    code: 2,
    stderr: /^radsig: error: run: --out "" names no folder; give a folder \(\. for the current one\)\n$/,
  },
  {
    label: 'run --out a symbolic link to a folder that does not exist',
    setup(dir) {
      symlinkSync(join(dir, 'gone'), join(dir, 'out'));
      return ['run', 'study.json', '--out', 'out', '--quiet'];
    },
    code: 2,
    stderr: /^radsig: error: run: --out "out" is a symbolic link to a folder that does not exist; create the folder or give another\n$/,
  },
  folderWhereFileGoes('.radsig-manifest.json'),
  {
    label: 'report DIR --out DIR (a folder where the report file goes) is refused',
    async setup(dir) {
      cpSync(join(await finishedRun(), 'run-out'), join(dir, 'out'), { recursive: true });
      return ['report', 'out', '--out', 'out'];
    },
    code: 2,
    stderr: /^radsig: error: report: "out" is a folder; report writes a file of that name there\n$/,
  },
  {
    label: 'report on a folder that does not exist creates nothing',
    setup: () => ['report', 'no-such-run'],
    code: 3,
    stderr: /^radsig: error: no-such-run\/results\.json: no such file \(is this the output folder of "radsig run"\?\)\n$/,
    after: (dir) => expect(existsSync(join(dir, 'no-such-run'))).toBe(false),
  },
  {
    label: 'simulate over a symbolic link to a file of the user replaces the link, never the file it points to',
    setup(dir) {
      mkdirSync(join(dir, 'out'));
      writeFileSync(join(dir, 'precious.csv'), 'mine');
      symlinkSync(join(dir, 'precious.csv'), join(dir, 'out', 'features.csv'));
      return ['simulate', '--out', 'out', '--n', '30', '--features', '20', '--repeats', '5'];
    },
    code: 0,
    stderr: /^$/,
    after(dir) {
      expect(readFileSync(join(dir, 'precious.csv'), 'utf8')).toBe('mine');
      expect(readFileSync(join(dir, 'out', 'features.csv'), 'utf8')).toMatch(/^id,/);
    },
  },
  // output folders that cannot be written (item 12): found before any work, one line naming the folder
  {
    label: 'run --out under a regular file: refused before any work',
    setup: () => ['run', 'study.json', '--out', 'table.csv/out', '--quiet'],
    code: 3,
    stderr: /^radsig: error: --out "table\.csv\/out": cannot create the output folder: ".*table\.csv" is a file, not a folder\n$/,
  },
  {
    label: 'run --out where no folder can be created (even by root): refused before any work',
    setup: () => ['run', 'study.json', '--out', '/proc/radsig-out', '--quiet'],
    code: 3,
    stderr: /^radsig: error: --out "\/proc\/radsig-out": cannot write into "\/proc\/radsig-out" \(in "\/proc"\): .*\n$/,
  },
  {
    label: 'demo --out in a read-only file system: refused before the cohort is simulated',
    setup: () => ['demo', '--out', '/sys/radsig-demo', '--quiet'],
    code: 3,
    stderr: /^radsig: error: --out "\/sys\/radsig-demo": cannot write into .*\n$/,
  },
  {
    label: 'report --out under a regular file: refused before the report is built',
    async setup(dir) {
      cpSync(join(await finishedRun(), 'run-out'), join(dir, 'out'), { recursive: true });
      return ['report', 'out', '--out', 'table.csv/report.html'];
    },
    code: 2,
    stderr: /^radsig: error: report: the report's folder "table\.csv" is a file, expected a folder\n$/,
  },
  {
    label: 'apply --out in a folder that is a file',
    async setup(dir) {
      cpSync(join(await finishedRun(), 'run-out', 'model.json'), join(dir, 'model.json'));
      return ['apply', 'model.json', 'table.csv', '--out', 'table.csv/scores.csv'];
    },
    code: 3,
    stderr: /^radsig: error: --out "table\.csv\/scores\.csv": cannot write: "table\.csv" is not a folder\n$/,
  },
  {
    label: 'run --out with a folder name longer than the file system allows: refused before any work',
    setup: () => ['run', 'study.json', '--out', `out/${'x'.repeat(300)}`, '--quiet'],
    code: 3,
    stderr: /^radsig: error: --out "out\/x+": cannot write into "out\/x+" \(in ".*"\): the name is too long \(ENAMETOOLONG\)\n$/,
  },
  // nesting (item 9)
  {
    label: 'a JSON study file nested 5,000 deep: exit 2 naming the file (was: exit 1, stack overflow)',
    setup(dir) {
      writeFileSync(join(dir, 'deep.json'), deep(5000));
      return ['run', 'deep.json', '--quiet'];
    },
    code: 2,
    stderr: /^radsig: error: deep\.json: nested 5000 levels deep; radsig reads at most 100 levels \(a hand-made or damaged file\?\)\n$/,
  },
  {
    label: 'a YAML study file nested 5,000 deep in flow style: exit 2',
    setup(dir) {
      writeFileSync(join(dir, 'deep.yaml'), `data: ${'['.repeat(5000)}1${']'.repeat(5000)}\n`);
      return ['run', 'deep.yaml', '--quiet'];
    },
    code: 2,
    stderr: /^radsig: error: deep\.yaml: nested 5001 levels deep; radsig reads at most 100 levels/,
  },
  {
    label: 'a YAML study file nested 5,000 deep in block style: exit 2',
    setup(dir) {
      writeFileSync(join(dir, 'block.yml'), Array.from({ length: 5000 }, (_, k) => `${' '.repeat(k)}a:`).join('\n') + ' 1\n');
      return ['run', 'block.yml', '--quiet'];
    },
    code: 2,
    stderr: /^radsig: error: block\.yml: nested 5000 levels deep/,
  },
  {
    label: 'a YAML study of "- - - ..." 5,000 deep on one line: exit 2',
    setup(dir) {
      writeFileSync(join(dir, 'dash.yaml'), `models:\n  ${'- '.repeat(5000)}radscore\n`);
      return ['run', 'dash.yaml', '--quiet'];
    },
    code: 2,
    stderr: /^radsig: error: dash\.yaml: nested 500\d levels deep/,
  },
  {
    label: 'report: a results.json nested 5,000 deep is a data error naming it',
    setup(dir) {
      mkdirSync(join(dir, 'out'));
      writeFileSync(join(dir, 'out', 'results.json'), deep(5000));
      return ['report', 'out'];
    },
    code: 3,
    stderr: /^radsig: error: out\/results\.json: nested 5000 levels deep/,
    after: (dir) => expect(listing(join(dir, 'out'))).toEqual(['results.json']),
  },
  {
    label: 'apply: a model.json nested 5,000 deep is a data error naming it',
    setup(dir) {
      writeFileSync(join(dir, 'model.json'), deep(5000));
      return ['apply', 'model.json', 'table.csv', '--out', 'scores.csv'];
    },
    code: 3,
    stderr: /^radsig: error: model\.json: nested 5000 levels deep/,
    after: (dir) => expect(existsSync(join(dir, 'scores.csv'))).toBe(false),
  },
  {
    label: 'calculator: a model.json nested 5,000 deep is a data error naming it',
    setup(dir) {
      writeFileSync(join(dir, 'model.json'), `[${deep(5000)}]`);
      return ['calculator', 'model.json', '--out', 'calc.html'];
    },
    code: 3,
    stderr: /^radsig: error: model\.json: nested 5001 levels deep/,
    after: (dir) => expect(existsSync(join(dir, 'calc.html'))).toBe(false),
  },
  // names
  {
    label: 'simulate into a folder named with spaces, unicode and a newline: written, messages on one line',
    setup: () => ['simulate', '--out', 'my results/été\nfinal', '--n', '30', '--features', '20', '--repeats', '5'],
    code: 0,
    stderr: /^$/,
    after: (dir) => expect(listing(join(dir, 'my results', 'été\nfinal'))).toEqual(['.radsig-manifest.json', 'features.csv', 'repeats.csv', 'truth.json']),
  },
  {
    label: 'simulate refuses a folder whose parent is a file, naming it with its newline escaped',
    setup(dir) {
      writeFileSync(join(dir, 'a\nb'), 'x');
      return ['simulate', '--out', 'a\nb/c'];
    },
    code: 3,
    stderr: /^radsig: error: --out "a\\nb\/c": cannot create the output folder: ".*a\\nb" is a file, not a folder\n$/,
  },
];

describe('output paths, output folders and nesting: each refused before any work, nothing written (issue 20)', () => {
  it.each(cases.map((c) => [c.label, c] as const))('%s', async (label, c) => {
    const dir = caseFolder(label);
    const before = listing(dir);
    const args = await c.setup(dir);
    const prepared = listing(dir);
    const r = await radsig(args, dir);
    expect(r.stderr).toMatch(c.stderr);
    expect(r.code).toBe(c.code);
    expect(r.stderr.split('\n').length).toBeLessThanOrEqual(2);
    if (c.code !== 0) expect(listing(dir)).toEqual(prepared); // nothing added, nothing removed
    expect(temporaries(dir)).toEqual([]);
    expect(before.length).toBeGreaterThan(0);
    c.after?.(dir);
  });
});

describe('a reused output folder holds exactly the last run, and never loses a file radsig did not write (issue 20, 13a)', () => {
  it('run with models radscore and logistic, then radscore only: the logistic figures go, the user\'s files and a changed figure stay', async () => {
    const dir = caseFolder('reused folder');
    expect((await radsig(['run', 'study.json', '--out', 'out', '--workers', '1', '--quiet'], dir)).code).toBe(0);
    const first = listing(join(dir, 'out', 'figures'));
    const logistic = first.filter((f) => f.includes('logistic'));
    expect(logistic.length).toBeGreaterThan(2);
    writeFileSync(join(dir, 'out', 'notes.txt'), 'mine');
    writeFileSync(join(dir, 'out', 'figures', 'my-plot.svg'), '<svg/>');
    writeFileSync(join(dir, 'out', 'figures', logistic[0]), 'edited by hand');
    writeFileSync(join(dir, 'study.json'), JSON.stringify(study('table.csv', ['radscore'])));
    const r = await radsig(['run', 'study.json', '--out', 'out', '--workers', '1', '--quiet'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`radsig: warning: out/figures/${logistic[0]} was written by an earlier run and has been changed since; it is left in place\n`);
    const second = listing(join(dir, 'out', 'figures'));
    expect(second.filter((f) => f.includes('logistic'))).toEqual([logistic[0]]);
    expect(second).toContain('my-plot.svg');
    expect(readFileSync(join(dir, 'out', 'notes.txt'), 'utf8')).toBe('mine');
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')).models)).toEqual(['radscore']);
    // the manifest lists exactly radsig's files, each as it is on disk
    const manifest = JSON.parse(readFileSync(join(dir, 'out', '.radsig-manifest.json'), 'utf8')).files;
    expect(Object.keys(manifest).sort()).toEqual([...second.filter((f) => f !== 'my-plot.svg' && f !== logistic[0]).map((f) => `figures/${f}`), 'model.json', 'predictions.csv', 'report.html', 'results.json'].sort());
    // report --no-figures rewrites the HTML only and keeps the figures
    const noFigures = await radsig(['report', 'out', '--no-figures'], dir);
    expect(noFigures.code).toBe(0);
    expect(listing(join(dir, 'out', 'figures'))).toEqual(second);
  }, 60_000);

  it('a manifest edited to name files outside the folder (or a folder) removes nothing there', async () => {
    const dir = caseFolder('tampered manifest');
    mkdirSync(join(dir, 'out', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'victim.txt'), 'keep');
    writeFileSync(join(dir, 'out', 'sub', 'kept.txt'), 'keep');
    const sha = (t: string) => createHash('sha256').update(t).digest('hex');
    const files = { '../victim.txt': { set: 'run', sha256: sha('keep') }, [join(dir, 'victim.txt')]: { set: 'run', sha256: sha('keep') }, 'sub/../../victim.txt': { set: 'run', sha256: sha('keep') }, sub: { set: 'run', sha256: null } };
    writeFileSync(join(dir, 'out', '.radsig-manifest.json'), JSON.stringify({ files }));
    const r = await radsig(['simulate', '--out', 'out', '--n', '30', '--features', '20', '--repeats', '5'], dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'victim.txt'), 'utf8')).toBe('keep');
    expect(readFileSync(join(dir, 'out', 'sub', 'kept.txt'), 'utf8')).toBe('keep');
  });

  it('a lock left by a process that died is taken over', async () => {
    const dir = caseFolder('stale lock');
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', '.radsig-lock'), '999999999\n');
    const r = await radsig(['simulate', '--out', 'out', '--n', '30', '--features', '20', '--repeats', '5'], dir);
    expect(r.code).toBe(0);
    expect(listing(join(dir, 'out'))).toEqual(['.radsig-manifest.json', 'features.csv', 'repeats.csv', 'truth.json']);
  });

  it('temporary files a killed radsig left beside its outputs are removed; a live process\'s, other names and the user\'s are not', async () => {
    const dir = caseFolder('dead temporaries');
    mkdirSync(join(dir, 'out', 'figures'), { recursive: true });
    const dead = ['.results.json.999999999.0.3.tmp', '.report.html.999999999.0.7.tmp', join('figures', '.performance.svg.999999999.1.2.tmp')];
    const kept = [`.results.json.${process.pid}.0.1.tmp`, '.results.json.tmp', '.notes.txt.999999999.0.1.tmp', 'mine.tmp'];
    for (const f of [...dead, ...kept]) writeFileSync(join(dir, 'out', f), 'x');
    const r = await radsig(['run', 'study.json', '--out', 'out', '--workers', '1', '--quiet'], dir);
    expect([r.code, r.stderr]).toEqual([0, '']);
    for (const f of dead) expect(existsSync(join(dir, 'out', f)), f).toBe(false);
    for (const f of kept) expect(existsSync(join(dir, 'out', f)), f).toBe(true);
  });

  it('--out the study\'s own folder (beside its table) works and leaves the inputs as they were', async () => {
    const dir = caseFolder('out is the input folder');
    const r = await radsig(['run', 'study.json', '--out', '.', '--workers', '1', '--quiet'], dir);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(readFileSync(join(dir, 'table.csv'), 'utf8')).toBe(smallTable());
    expect(listing(dir).filter((f) => !f.startsWith('figures/'))).toEqual(['.radsig-manifest.json', 'figures', 'model.json', 'predictions.csv', 'report.html', 'results.json', 'study.json', 'table.csv']);
  }, 60_000);
});

/** Runs the built CLI, waits for `ready` on stderr, sends `signal`; the time from the signal to the exit. */
async function interrupted(args: string[], cwd: string, signal: NodeJS.Signals, ready: RegExp, tmp: string): Promise<{ code: number | null; ms: number; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: tmp } });
  let stderr = '';
  let sent = 0;
  const closed = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no ${ready} on stderr: ${stderr}`)), 60_000);
    child.stderr.on('data', (d) => {
      stderr += d;
      if (sent === 0 && ready.test(stderr)) {
        clearTimeout(timer);
        sent = Date.now();
        child.kill(signal);
        done();
      }
    });
  });
  const code = await closed;
  return { code, ms: Date.now() - sent, stderr };
}

const bigStudy = { data: { train: realData('HCC-TACE-Seg.csv.gz'), id: 'ID' }, outcome: { type: 'binary', column: 'Target' }, steps: { variance: {}, redundancy: { threshold: 0.9 }, select: { alpha: 1, nFolds: 5 } }, models: ['radscore', 'logistic'], validation: { method: 'bootstrap', B: 400, seed: 3 } };

const signalCases: [string, string[], NodeJS.Signals, RegExp, number][] = [
  ['run --workers 1, Ctrl-C during the resampling (was: ignored until the end)', ['run', 'big.json', '--out', 'out', '--workers', '1'], 'SIGINT', /bootstrap 0\/400/, 130],
  ['run --workers 2, Ctrl-C during the resampling', ['run', 'big.json', '--out', 'out', '--workers', '2'], 'SIGINT', /bootstrap 0\/400/, 130],
  ['run --workers 1, SIGTERM during the resampling', ['run', 'big.json', '--out', 'out', '--workers', '1'], 'SIGTERM', /bootstrap 0\/400/, 143],
  ['run --workers 1, SIGHUP (terminal closed) during the resampling', ['run', 'big.json', '--out', 'out', '--workers', '1'], 'SIGHUP', /bootstrap 0\/400/, 129],
  ['run --workers 1, Ctrl-C during the development fit', ['run', 'big.json', '--out', 'out', '--workers', '1'], 'SIGINT', /developing/, 130],
  ['run, SIGTERM while the report and figures are rendered', ['run', 'study.json', '--out', 'out', '--workers', '1'], 'SIGTERM', /reporting/, 143],
  ['demo --workers 1, Ctrl-C during the first study', ['demo', '--out', 'out', '--workers', '1', '--resamples', '400'], 'SIGINT', /demo mvi: bootstrap/, 130],
  ['demo --workers 2, SIGHUP during the first study', ['demo', '--out', 'out', '--workers', '2', '--resamples', '400'], 'SIGHUP', /demo mvi: bootstrap/, 129],
];

describe('Ctrl-C, SIGTERM and SIGHUP stop run and demo within a second in every phase, writing nothing (issue 20, items 2 and 8)', () => {
  it.each(signalCases)('%s', async (_label, args, signal, ready, code) => {
    assertBuilt();
    const dir = caseFolder(`signal ${_label}`);
    writeFileSync(join(dir, 'big.json'), JSON.stringify(bigStudy));
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    const before = listing(dir);
    const r = await interrupted(args, dir, signal, ready, tmp);
    expect(r.code).toBe(code);
    expect(r.stderr.endsWith(`radsig: error: ${args[0]}: interrupted; nothing was written\n`)).toBe(true);
    expect(r.ms).toBeLessThan(2000);
    expect(listing(dir)).toEqual(before); // no output folder, no temporary file, no staging folder left in TMPDIR
  }, 90_000);

  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s in the middle of the final writes: they complete, no temporary file is left (was: SIGTERM and SIGHUP left hidden .tmp files)', async (signal) => {
    assertBuilt();
    const dir = caseFolder(`write ${signal}`);
    const script = `
      import { writeFilesAtomic } from ${JSON.stringify(join(repoRoot, 'dist', 'core', 'atomic-write.js'))};
      function* chunks() { for (let i = 0; i < 40; i++) { if (i === 10) process.kill(process.pid, ${JSON.stringify(signal)}); yield 'x'.repeat(100000); } }
      writeFilesAtomic([{ path: 'out/a.txt', data: 'a' }, { path: 'out/b.txt', data: chunks() }]);
      console.log('complete');`;
    mkdirSync(join(dir, 'out'));
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect([code, stdout]).toEqual([0, 'complete\n']);
    expect(listing(join(dir, 'out'))).toEqual(['a.txt', 'b.txt']);
    expect(statSync(join(dir, 'out', 'b.txt')).size).toBe(4_000_000);
  });

  it('two runs writing the same folder at once: it ends up holding one whole run, never a mix', async () => {
    assertBuilt();
    const dir = caseFolder('two runs');
    const one = (seed: string) => new Promise<number | null>((done) => spawn(process.execPath, [bin, 'run', 'study.json', '--out', 'out', '--workers', '1', '--quiet', '--seed', seed], { cwd: dir, stdio: 'ignore' }).on('close', done));
    expect(await Promise.all([one('1'), one('2')])).toEqual([0, 0]);
    const manifest = JSON.parse(readFileSync(join(dir, 'out', '.radsig-manifest.json'), 'utf8')).files as Record<string, { sha256: string }>;
    for (const [name, entry] of Object.entries(manifest)) expect([name, createHash('sha256').update(readFileSync(join(dir, 'out', name))).digest('hex')]).toEqual([name, entry.sha256]);
    const seed = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')).study.validation.seed;
    expect(JSON.parse(readFileSync(join(dir, 'out', 'model.json'), 'utf8'))).toBeTruthy();
    expect([1, 2]).toContain(seed);
    expect(temporaries(dir)).toEqual([]);
    rmSync(join(dir, 'out'), { recursive: true });
  }, 60_000);
});

describe('no command replaces a file another command wrote into a managed folder (review after issue 20)', () => {
  const refused: [string, (run: string) => string[], RegExp][] = [
    ['report --out the run\'s model.json', (run) => ['report', run, '--out', join(run, 'model.json')], /model\.json" is a file radsig wrote there \(an output of the run/],
    ['report --out the run\'s predictions.csv', (run) => ['report', run, '--out', join(run, 'predictions.csv')], /predictions\.csv" is a file radsig wrote there/],
    ['report --out the manifest', (run) => ['report', run, '--out', join(run, '.radsig-manifest.json'), '--no-figures'], /is the name of radsig's own record of the files it wrote/],
    ['report --out a figure of the run', (run) => ['report', run, '--out', join(run, 'figures', 'performance.svg')], /figures\/performance\.svg" is a file radsig wrote there/],
    ['apply --out the manifest', (run) => ['apply', join(run, 'model.json'), 'table.csv', '--out', join(run, '.radsig-manifest.json')], /is the name of radsig's own record/],
    ['apply --out the run\'s predictions.csv', (run) => ['apply', join(run, 'model.json'), 'table.csv', '--out', join(run, 'predictions.csv')], /predictions\.csv" is a file radsig wrote there/],
  ];
  it.each(refused)('%s is a usage error before any work; the run\'s files stay as they were', async (_label, args, message) => {
    const dir = await finishedRun();
    const run = join(dir, 'run-out');
    const before = Object.fromEntries(listing(run).filter((f) => !f.endsWith('/') && existsSync(join(run, f)) && !statSync(join(run, f)).isDirectory()).map((f) => [f, readFileSync(join(run, f), 'utf8')]));
    const r = await radsig(args(run), dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd()).toMatch(new RegExp(`^radsig: error: [^\\n]*${message.source}[^\\n]*$`));
    const after = Object.fromEntries(Object.keys(before).map((f) => [f, readFileSync(join(run, f), 'utf8')]));
    expect(after).toEqual(before);
  });

  it('report rewrites the run\'s own report (also with --no-figures), as before', async () => {
    const dir = await finishedRun();
    const run = join(dir, 'run-out');
    expect((await radsig(['report', run, '--no-figures'], dir)).code).toBe(0);
    const r = await radsig(['report', run], dir);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(readFileSync(join(run, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
  });
});
