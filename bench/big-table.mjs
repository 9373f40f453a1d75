// Benchmark: a big feature table through the command line. Generates an n x p table of PyRadiomics-
// named features with id, centre (5 batches), a binary outcome and survival columns (about 2 GB of
// CSV at 10,000 x 10,000), then runs `radsig describe`, `radsig harmonize` and `radsig cv-glmnet`
// on it, each in a fresh process under /usr/bin/time -v, and records wall time and peak memory
// (maximum resident set size) against the size of the feature matrix held as doubles (n x p x 8
// bytes; the goal is a peak of at most 3 times that).
//   node bench/big-table.mjs                      10,000 x 10,000 (about 2 GB of CSV; 15-30 min)
//   node bench/big-table.mjs --quick              2,000 x 1,000
//   node bench/big-table.mjs --rows 20000 --cols 1000 [--commands describe,harmonize]
// Build first (npm run build). Tables are generated once into bench/.work/ and reused.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    cols: { type: 'string' },
    quick: { type: 'boolean' },
    commands: { type: 'string', default: 'describe,harmonize,cv-glmnet' },
    nlambda: { type: 'string', default: '100' },
    nfolds: { type: 'string', default: '5' },
    keep: { type: 'boolean' },
  },
});
const rows = Number(values.rows ?? (values.quick ? 2000 : 10000));
const cols = Number(values.cols ?? (values.quick ? 1000 : 10000));
const work = join(here, '.work');
mkdirSync(work, { recursive: true });
const file = join(work, `big-${rows}x${cols}.csv`);

/** A small, fast, seeded generator (xorshift128+) with Box-Muller normals; bench data only. */
function generator(seed) {
  let s0 = BigInt(seed) | 1n;
  let s1 = 0x9e3779b97f4a7c15n;
  const mask = (1n << 64n) - 1n;
  let spare = null;
  const next = () => {
    let x = s0;
    const y = s1;
    s0 = y;
    x ^= (x << 23n) & mask;
    s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return Number(((s1 + y) & mask) >> 11n) / 2 ** 53;
  };
  return {
    uniform: next,
    normal() {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      const u = Math.max(next(), 1e-300);
      const r = Math.sqrt(-2 * Math.log(u));
      const t = 2 * Math.PI * next();
      spare = r * Math.sin(t);
      return r * Math.cos(t);
    },
  };
}

function generate() {
  const t0 = Date.now();
  const rng = generator(2026);
  const classes = ['firstorder', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm', 'shape'];
  const names = Array.from({ length: cols }, (_, j) => `original_${classes[j % classes.length]}_F${j + 1}`);
  // per-feature scale and per-centre shift, so that ComBat has something to remove
  const scale = Array.from({ length: cols }, (_, j) => 10 ** ((j % 7) - 3));
  const shift = Array.from({ length: 5 }, () => Array.from({ length: cols }, () => rng.normal() * 0.5));
  const temporary = `${file}.tmp`;
  const fd = openSync(temporary, 'w');
  let buffer = ['id', 'center', 'y', 'time', 'event', ...names].join(',') + '\n';
  for (let i = 0; i < rows; i++) {
    const c = i % 5;
    const latent = rng.normal();
    const y = rng.uniform() < 1 / (1 + Math.exp(-latent)) ? 1 : 0;
    const time = (-Math.log(Math.max(rng.uniform(), 1e-12)) * 50 * Math.exp(-0.5 * latent)).toFixed(2);
    const event = rng.uniform() < 0.7 ? 1 : 0;
    let line = `P${i + 1},C${c + 1},${y},${time},${event}`;
    for (let j = 0; j < cols; j++) {
      const signal = j < 10 ? 0.4 * latent : 0;
      line += ',' + String((rng.normal() + signal + shift[c][j]) * scale[j]);
    }
    buffer += line + '\n';
    if (buffer.length > 1 << 24) {
      writeSync(fd, buffer);
      buffer = '';
    }
  }
  writeSync(fd, buffer);
  closeSync(fd);
  renameSync(temporary, file);
  return (Date.now() - t0) / 1000;
}

let generationSeconds = null;
if (!existsSync(file)) {
  process.stdout.write(`generating ${file} ...\n`);
  generationSeconds = generate();
}
const bytes = statSync(file).size;
const matrixMb = (rows * cols * 8) / 1e6;
const matrixMiB = (rows * cols * 8) / 2 ** 20;
process.stdout.write(`${rows} x ${cols}: ${(bytes / 1e9).toFixed(2)} GB of CSV; feature matrix ${matrixMb.toFixed(0)} MB as doubles\n`);

const cli = join(root, 'dist', 'cli', 'main.js');
const out = join(work, `big-${rows}x${cols}-harmonized.csv`);
const commands = {
  describe: ['describe', file, '--id', 'id', '--outcome', 'y', '--batch', 'center', '--json'],
  harmonize: ['harmonize', file, '--id', 'id', '--batch', 'center', '--out', out, '--json'],
  'cv-glmnet': ['cv-glmnet', file, '--id', 'id', '--outcome', 'y', '--nfolds', values.nfolds, '--nlambda', values.nlambda, '--json'],
};

function measure(args) {
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const field = (label) => {
    const m = r.stderr.match(new RegExp(`${label}: ([^\\n]+)`));
    return m ? m[1].trim() : null;
  };
  const wall = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)');
  const seconds = wall === null ? null : wall.split(':').reduce((a, x) => a * 60 + Number(x), 0);
  const maxRssKb = Number(field('Maximum resident set size \\(kbytes\\)'));
  const messages = r.stderr.split('\n').filter((l) => l.startsWith('radsig:'));
  // peak and matrix both in MiB (2^20 bytes)
  return { exitCode: r.status, seconds, peakMiB: Math.round(maxRssKb / 1024), peakOverMatrix: Number((maxRssKb / 1024 / matrixMiB).toFixed(2)), messages };
}

const results = {};
for (const name of values.commands.split(',')) {
  process.stdout.write(`radsig ${name} ... `);
  const m = measure(commands[name]);
  results[name] = m;
  process.stdout.write(`exit ${m.exitCode}, ${m.seconds} s, peak ${m.peakMiB} MiB (${m.peakOverMatrix} x the matrix)\n`);
  for (const line of m.messages.slice(0, 3)) process.stdout.write(`  ${line.slice(0, 200)}\n`);
}
if (!values.keep) rmSync(out, { force: true });

const record = {
  date: new Date().toISOString(),
  machine: { cpus: (await import('node:os')).cpus().length, memoryGb: Math.round((await import('node:os')).totalmem() / 1e9), node: process.version },
  rows,
  cols,
  csvGb: Number((bytes / 1e9).toFixed(3)),
  matrixMiB: Math.round(matrixMiB),
  generationSeconds,
  cvGlmnet: { nfolds: Number(values.nfolds), nlambda: Number(values.nlambda) },
  results,
};
const resultsFile = join(here, 'results', 'big-table.json');
let all = {};
if (existsSync(resultsFile)) {
  try {
    all = JSON.parse(readFileSync(resultsFile, 'utf8'));
  } catch {
    all = {};
  }
}
// results of earlier runs of other commands on the same size are kept
const previous = all[`${rows}x${cols}`]?.results ?? {};
all[`${rows}x${cols}`] = { ...record, results: { ...previous, ...results } };
writeFileSync(resultsFile, JSON.stringify(all, null, 2) + '\n');
process.stdout.write(`results in ${resultsFile}\n`);
