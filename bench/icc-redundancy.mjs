// Benchmarks for issue 4:
//  1. ICC (all six forms with F tests and intervals) of 1,000 features x 100 subjects x 3 raters:
//     radsig computeIcc against an R loop over psych::ICC(x, lmer = FALSE), same data, same run.
//  2. Redundancy filter on 5,000 features x 500 rows (Pearson, threshold 0.9).
//   node bench/icc-redundancy.mjs      (build first: npm run build)
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const { computeIcc, Matrix64, Rng, RedundancyFilter, formatTable, Table, numericColumn, textColumn } = await import(join(here, '..', 'dist', 'index.js'));
const work = join(here, '.work');
mkdirSync(work, { recursive: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// ---- 1. ICC
const n = 100;
const k = 3;
const p = 1000;
const rng = new Rng(11);
const truth = Array.from({ length: p }, () => Float64Array.from({ length: n }, () => rng.normal()));
const noise = Float64Array.from({ length: p }, () => rng.uniform(0.05, 1.5));
const byRater = Array.from({ length: k }, (_, r) => Matrix64.fromColumns(truth.map((t, j) => t.map((v) => v + 0.1 * r + noise[j] * rng.normal()))));
const ratings = { subjects: Array.from({ length: n }, (_, i) => `s${i + 1}`), raters: ['1', '2', '3'], featureNames: Array.from({ length: p }, (_, j) => `f${j + 1}`), byRater };
const radsigTimes = [];
for (let r = 0; r < 7; r++) {
  const t0 = process.hrtime.bigint();
  computeIcc(ratings);
  radsigTimes.push(Number(process.hrtime.bigint() - t0) / 1e9);
}
// long table for R
const rows = [];
for (let i = 0; i < n; i++) for (let r = 0; r < k; r++) rows.push([i, r]);
const long = new Table('long', [
  textColumn('id', rows.map(([i]) => ratings.subjects[i])),
  textColumn('rater', rows.map(([, r]) => String(r + 1))),
  ...ratings.featureNames.map((name, j) => numericColumn(name, Float64Array.from(rows, ([i, r]) => byRater[r].get(i, j)))),
], rows.length);
const file = join(work, 'icc-long.csv');
writeFileSync(file, formatTable(long));
const script = `
suppressPackageStartupMessages(library(psych))
d <- read.csv("${file}", check.names = FALSE)
feats <- setdiff(names(d), c("id", "rater"))
wide <- lapply(feats, function(f) sapply(split(d[[f]], d$rater), identity))
t <- system.time(res <- lapply(wide, function(x) ICC(x, lmer = FALSE)$results))[["elapsed"]]
cat(t, as.character(packageVersion("psych")))`;
const [rSeconds, psychVersion] = execFileSync('Rscript', ['-e', script], { encoding: 'utf8', maxBuffer: 1e7 }).trim().split(/\s+/);
const icc = { data: '1,000 features x 100 subjects x 3 raters', radsigSeconds: median(radsigTimes), psychLoopSeconds: Number(rSeconds), ratio: median(radsigTimes) / Number(rSeconds), psychVersion };
console.log(JSON.stringify(icc));

// ---- 2. Redundancy filter, 5,000 x 500
const rows2 = 500;
const p2 = 5000;
const rng2 = new Rng(12);
const factors = Array.from({ length: 250 }, () => Float64Array.from({ length: rows2 }, () => rng2.normal()));
const y = Float64Array.from({ length: rows2 }, () => (rng2.bernoulli(0.3) ? 1 : 0));
const redundancy = [];
// radiomics-like blocks (many near-duplicates), and the worst case where nothing is redundant
for (const [label, maxNoise] of [['250 correlated blocks, noise sd 0.02-0.6', 0.6], ['no redundancy (worst case: every pair is compared)', 50]]) {
  const cols = Array.from({ length: p2 }, (_, j) => factors[j % 250].map((v) => v + rng2.uniform(0.02, maxNoise) * rng2.normal()));
  const X = Matrix64.fromColumns(cols);
  const times = [];
  let kept = 0;
  for (let r = 0; r < 3; r++) {
    const t0 = process.hrtime.bigint();
    kept = new RedundancyFilter({ threshold: 0.9 }).fit(X, undefined, { y }).keptIndex.length;
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  redundancy.push({ data: `5,000 features x 500 rows, ${label}, Pearson, threshold 0.9`, seconds: median(times), kept });
  console.log(JSON.stringify(redundancy.at(-1)));
}

const result = { date: new Date().toISOString().slice(0, 10), machine: `${process.platform} ${process.arch}, node ${process.version}`, icc, redundancy };
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'icc-redundancy.json'), JSON.stringify(result, null, 2) + '\n');
