// Benchmark: read a 2,000 x 5,000 numeric CSV (PyRadiomics-like full-precision numbers) with radsig's
// readTable, in a fresh process, and report wall time and peak memory (max RSS); R's base read.csv
// on the same file in the same run, when Rscript is available, for scale.
//   node bench/read-table.mjs [--rows 2000] [--cols 5000]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { rows: { type: 'string', default: '2000' }, cols: { type: 'string', default: '5000' }, child: { type: 'string' } } });

if (values.child) {
  // measured process: read and touch the table
  const { readTable } = await import(join(here, '..', 'dist', 'index.js'));
  const t0 = process.hrtime.bigint();
  const table = readTable(values.child);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ seconds, maxRssMb, rows: table.nRows, cols: table.columns.length }));
  process.exit(0);
}

const rows = Number(values.rows);
const cols = Number(values.cols);
const work = join(here, '.work');
mkdirSync(work, { recursive: true });
const file = join(work, `numeric-${rows}x${cols}.csv`);
if (!existsSync(file)) {
  const { Rng } = await import(join(here, '..', 'dist', 'index.js'));
  const rng = new Rng(2026);
  const lines = ['id,' + Array.from({ length: cols }, (_, j) => `original_glcm_F${j + 1}`).join(',')];
  for (let i = 0; i < rows; i++) {
    const cells = new Array(cols + 1);
    cells[0] = `P${i + 1}`;
    for (let j = 1; j <= cols; j++) cells[j] = String(rng.normal() * 10 ** ((j % 7) - 3));
    lines.push(cells.join(','));
  }
  writeFileSync(file, lines.join('\n') + '\n');
}
const sizeMb = statSync(file).size / 1e6;

const radsigRun = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', file], { encoding: 'utf8', maxBuffer: 1e6 });
if (radsigRun.status !== 0) throw new Error(radsigRun.stderr);
const radsig = JSON.parse(radsigRun.stdout);

let r = null;
try {
  const script = `t <- system.time(d <- read.csv("${file}"))[["elapsed"]]; cat(t, nrow(d), ncol(d))`;
  const out = execFileSync('Rscript', ['-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [seconds] = out.trim().split(/\s+/).map(Number);
  r = { seconds };
} catch {
  r = null;
}

const result = {
  benchmark: 'readTable, numeric CSV',
  date: new Date().toISOString().slice(0, 10),
  machine: `${process.platform} ${process.arch}, node ${process.version}`,
  table: `${rows} x ${cols + 1} (${sizeMb.toFixed(1)} MB)`,
  radsig,
  rReadCsv: r,
  ratioToRReadCsv: r ? radsig.seconds / r.seconds : null,
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'read-table.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
