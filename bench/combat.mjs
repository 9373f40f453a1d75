// Benchmark: radsig ComBat against sva::ComBat on the same tables, in one run.
// Times fit + transform of the whole table (median of repeated runs; file reading excluded on both sides).
//   node bench/combat.mjs        (build first: npm run build; R and its packages as in bench/README.md)
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const radsig = await import(join(here, '..', 'dist', 'index.js'));
const { ComBat, Matrix64, Rng, readTable, simulateCohort, buildDataset, formatTable, Table, numericColumn, textColumn } = radsig;
const work = join(here, '.work');
mkdirSync(work, { recursive: true });

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeRadsig(X, batch, options, repeats) {
  const times = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = process.hrtime.bigint();
    new ComBat(options).fit(X, batch).transform(X, batch);
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return median(times);
}

function timeR(file, repeats) {
  const script = `
suppressPackageStartupMessages(library(sva))
d <- read.csv("${file}", check.names = FALSE)
batch <- d$batch
dat <- t(as.matrix(d[, setdiff(names(d), "batch")]))
q <- function(expr) { r <- NULL; invisible(capture.output(suppressMessages(r <- expr))); r }
tm <- function(f) median(sapply(1:${repeats}, function(i) system.time(q(f()))[["elapsed"]]))
cat(tm(function() ComBat(dat, batch)), tm(function() ComBat(dat, batch, par.prior = FALSE)), as.character(packageVersion("sva")))`;
  const out = execFileSync('Rscript', ['-e', script], { encoding: 'utf8', maxBuffer: 1e7 }).trim().split(/\s+/);
  return { parametric: Number(out[0]), nonparametric: Number(out[1]), version: out[2] };
}

function writeForR(X, batch, file) {
  const cols = [textColumn('batch', batch)];
  for (let j = 0; j < X.cols; j++) cols.push(numericColumn(`f${j + 1}`, Float64Array.from(X.column(j))));
  writeFileSync(file, formatTable(new Table('bench', cols, X.rows)));
}

const datasets = [];
{
  // HCC-TACE-Seg, 84 x 420, three batches assigned at random
  const table = readTable(join(here, '..', 'data', 'HCC-TACE-Seg.csv.gz'));
  const data = buildDataset(table, { id: 'ID', outcome: 'Target' });
  const rng = new Rng(2026);
  const batch = Array.from(rng.permutation(data.n), (k) => ['A', 'B', 'C'][k % 3]);
  datasets.push({ name: 'HCC-TACE-Seg (84 x 420, 3 batches)', X: data.X, batch, repeats: 5 });
}
{
  const cohort = simulateCohort({ seed: 9, n: 600, features: 2000, centers: 5, repeats: 0 });
  const data = buildDataset(cohort.features, { id: 'id', batch: 'center', exclude: ['scanner', 'age', 'afp', 'tumor_size_cm', 'cirrhosis', 'mvi', 'rfs_months', 'recurrence'] });
  datasets.push({ name: 'simulated cohort (600 x 2,000, 5 centres)', X: data.X, batch: data.batch, repeats: 3 });
}

const results = [];
for (const d of datasets) {
  const file = join(work, `combat-${d.X.rows}x${d.X.cols}.csv`);
  writeForR(d.X, d.batch, file);
  const r = timeR(file, d.repeats);
  const parametric = timeRadsig(d.X, d.batch, {}, d.repeats);
  const nonparametric = timeRadsig(d.X, d.batch, { parametric: false }, d.repeats);
  results.push({
    table: d.name,
    seconds: { radsig: { parametric, nonparametric }, sva: { parametric: r.parametric, nonparametric: r.nonparametric } },
    ratio: { parametric: parametric / r.parametric, nonparametric: nonparametric / r.nonparametric },
    svaVersion: r.version,
  });
  console.log(JSON.stringify(results.at(-1)));
}
const result = { benchmark: 'ComBat fit + transform, radsig / sva (lower is faster)', date: new Date().toISOString().slice(0, 10), machine: `${process.platform} ${process.arch}, node ${process.version}`, results };
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'combat.json'), JSON.stringify(result, null, 2) + '\n');
