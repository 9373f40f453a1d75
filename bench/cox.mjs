// Benchmark: radsig CoxPH against survival::coxph on 20,000 rows x 10 covariates (Efron ties,
// rounded times so there are ties), same data in one run; median of 9 fits after 3 warm-up fits on
// each side (JavaScript's compiler needs a few calls to optimize; R's C code does not).
//   node bench/cox.mjs        (build first: npm run build)
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const { CoxPH, Matrix64, Rng, formatTable, Table, numericColumn } = await import(join(here, '..', 'dist', 'index.js'));
const work = join(here, '.work');
mkdirSync(work, { recursive: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const n = 20000;
const p = 10;
const rng = new Rng(5);
const cols = Array.from({ length: p }, () => Float64Array.from({ length: n }, () => rng.normal()));
const time = new Float64Array(n);
const event = new Float64Array(n);
for (let i = 0; i < n; i++) {
  let lp = 0;
  for (let j = 0; j < p; j++) lp += (j % 3 === 0 ? 0.3 : 0.05) * cols[j][i];
  const t = rng.exponential(0.1 * Math.exp(lp));
  const c = rng.exponential(0.05);
  time[i] = Math.max(0.1, Math.round(Math.min(t, c) * 10) / 10);
  event[i] = t <= c ? 1 : 0;
}
const X = Matrix64.fromColumns(cols);
const times = [];
let cold = 0;
for (let r = 0; r < 12; r++) {
  const t0 = process.hrtime.bigint();
  new CoxPH().fit(X, time, event);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r === 0) cold = seconds;
  if (r >= 3) times.push(seconds);
}
const file = join(work, 'cox-20000x10.csv');
writeFileSync(file, formatTable(new Table('bench', [numericColumn('time', time), numericColumn('event', event), ...cols.map((c, j) => numericColumn(`x${j + 1}`, c))], n)));
const script = `
suppressPackageStartupMessages(library(survival))
d <- read.csv("${file}")
cold <- system.time(coxph(Surv(time, event) ~ ., data = d))[["elapsed"]]
for (i in 1:2) f <- coxph(Surv(time, event) ~ ., data = d)
t <- sapply(1:9, function(i) system.time(coxph(Surv(time, event) ~ ., data = d))[["elapsed"]])
cat(median(t), as.character(packageVersion("survival")), cold)`;
const [rSeconds, version, rCold] = execFileSync('Rscript', ['-e', script], { encoding: 'utf8' }).trim().split(/\s+/);
const result = { benchmark: 'CoxPH fit, 20,000 x 10, Efron', date: new Date().toISOString().slice(0, 10), machine: `${process.platform} ${process.arch}, node ${process.version}`, radsigSeconds: median(times), coxphSeconds: Number(rSeconds), ratio: median(times) / Number(rSeconds), firstCallSeconds: { radsig: cold, coxph: Number(rCold) }, survivalVersion: version };
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'cox.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result));
