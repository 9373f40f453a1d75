// Benchmark: radsig crossValidateElasticNet against glmnet's cv.glmnet on the same 186 x 1,000 table,
// the same folds and the same lambda path, binomial and Cox, in one run: the median of repeated runs
// after warm-up runs (3 for radsig, whose JavaScript V8 optimizes after a few calls; 1 for R), and
// each side's first call; file reading excluded on both sides.
//   node bench/cv-glmnet.mjs        (build first: npm run build)
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const { ElasticNet, crossValidateElasticNet, crossValidateElasticNetParallel, simulateCohort, buildDataset, formatTable, Table, numericColumn, makeFolds, Rng } = await import(join(here, '..', 'dist', 'index.js'));
const work = join(here, '.work');
mkdirSync(work, { recursive: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const REPEATS = 9;
const WARMUP = 3;

const cohort = simulateCohort({ seed: 21, n: 186, features: 1000, centers: 3, repeats: 0 });
const data = buildDataset(cohort.features, { id: 'id', outcome: 'mvi', time: 'rfs_months', event: 'recurrence', exclude: ['center', 'scanner', 'age', 'afp', 'tumor_size_cm', 'cirrhosis'] });
const foldId = makeFolds(data.n, 10, null, new Rng(3));
const results = [];
for (const family of ['binomial', 'cox']) {
  const response = family === 'binomial' ? data.y : { time: data.time, event: data.event };
  const lambda = Array.from(new ElasticNet({ family }).fit(data.X, response).lambda);
  const model = new ElasticNet({ family, lambda });
  const times = [];
  let cv;
  let first = 0;
  for (let r = 0; r < WARMUP + REPEATS; r++) {
    const t0 = process.hrtime.bigint();
    cv = crossValidateElasticNet(model, data.X, response, { foldId: Array.from(foldId) });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r === 0) first = seconds;
    if (r >= WARMUP) times.push(seconds);
  }
  const parallel = [];
  for (let r = 0; r < WARMUP + REPEATS; r++) {
    const t0 = process.hrtime.bigint();
    await crossValidateElasticNetParallel(model, data.X, response, { foldId: Array.from(foldId) }, undefined, 2);
    if (r >= WARMUP) parallel.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  const cols = [numericColumn('fold', Float64Array.from(foldId)), numericColumn('y', Float64Array.from(data.y)), numericColumn('time', data.time), numericColumn('status', Float64Array.from(data.event))];
  data.featureNames.forEach((name, j) => cols.push(numericColumn(name, Float64Array.from(data.X.column(j)))));
  const file = join(work, 'cv-glmnet-186x1000.csv');
  writeFileSync(file, formatTable(new Table('bench', cols, data.n)));
  const lambdaFile = join(work, `cv-glmnet-lambda-${family}.txt`);
  writeFileSync(lambdaFile, lambda.map(String).join('\n') + '\n');
  const script = `
suppressPackageStartupMessages({ library(glmnet); library(survival) })
d <- read.csv("${file}", check.names = FALSE)
x <- as.matrix(d[, -(1:4)])
lambda <- scan("${lambdaFile}", quiet = TRUE)
y <- ${family === 'binomial' ? 'd$y' : 'Surv(d$time, d$status)'}
run <- function() cv.glmnet(x, y, family = "${family}", foldid = d$fold, lambda = lambda)
first <- system.time(f <- run())[["elapsed"]]
t <- sapply(1:${REPEATS}, function(i) system.time(run())[["elapsed"]])
cat(median(t), format(f$lambda.min, digits = 17), format(f$lambda.1se, digits = 17), as.character(packageVersion("glmnet")), first)`;
  const out = execFileSync('Rscript', ['-e', script], { encoding: 'utf8', maxBuffer: 1e7 }).trim().split(/\s+/);
  const rSeconds = Number(out[0]);
  const result = {
    family,
    table: '186 x 1,000 (simulated cohort), 10 folds, ' + lambda.length + ' lambdas',
    radsigSeconds: median(times),
    glmnetSeconds: rSeconds,
    ratio: median(times) / rSeconds,
    radsigSeconds2Workers: median(parallel),
    ratio2Workers: median(parallel) / rSeconds,
    firstCallSeconds: { radsig: first, glmnet: Number(out[4]) },
    sameLambdaMin: cv.lambdaMin === Number(out[1]),
    sameLambda1se: cv.lambda1se === Number(out[2]),
    glmnetVersion: out[3],
  };
  results.push(result);
  console.log(JSON.stringify(result));
}
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'cv-glmnet.json'), JSON.stringify({ benchmark: 'cv-glmnet vs cv.glmnet (ratio < 1: radsig faster)', date: new Date().toISOString().slice(0, 10), machine: `${process.platform} ${process.arch}, node ${process.version}`, results }, null, 2) + '\n');
