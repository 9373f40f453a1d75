// Benchmark: radsig RandomSurvivalForest against ranger (splitrule "logrank") on the same data in
// one run, 500 trees each: PBC complete cases (276 x 16, event = death) and a simulated 5,000-patient
// radiomics cohort (100 radiomic and 5 clinical features, recurrence-free survival in whole days). radsig with 1 and 2
// workers, ranger with num.threads 1 and 2; both compute their out-of-bag concordance. Times are
// of the fit alone (data already in memory); peak memory is the maximum resident set size of the
// process running each side (node or R, data included).
//   node bench/rsf.mjs        (build first: npm run build; BENCH_RSF_TREES=50 for a quick run)
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist', 'index.js');
const { readTable, buildDataset, simulateCohort, formatTable, Table, numericColumn } = await import(dist);
const work = join(here, '.work');
mkdirSync(work, { recursive: true });
const trees = Number(process.env.BENCH_RSF_TREES ?? 500);
const pbcFeatures = ['trt', 'age', 'ascites', 'hepato', 'spiders', 'edema', 'bili', 'chol', 'albumin', 'copper', 'alk.phos', 'ast', 'trig', 'platelet', 'protime', 'stage'];

// the two tables, written as CSV for both sides
const pbc = buildDataset(readTable(join(here, '..', 'data', 'pbc.csv.gz')), { time: 'time', event: 'status', eventValue: '2', features: pbcFeatures }, { missing: 'drop' });
const writeData = (name, data) => {
  const file = join(work, name);
  const cols = data.featureNames.map((f, j) => numericColumn(`x${j + 1}`, data.X.column(j)));
  writeFileSync(file, formatTable(new Table(name, [numericColumn('time', data.time), numericColumn('status', data.event), ...cols], data.X.rows)));
  return file;
};
const cohort = simulateCohort({ seed: 2026, n: 5000, features: 100 });
const sim = buildDataset(cohort.features, { id: 'id', time: 'rfs_months', event: 'recurrence' });
const days = Float64Array.from(sim.time, (m) => Math.max(1, Math.round(m * 30.4375)));
const tables = [
  { name: 'PBC 276 x 16', file: writeData('rsf-pbc.csv', pbc), mtry: 4, p: 16, n: pbc.X.rows },
  { name: 'simulated 5,000 x 100 (days)', file: writeData('rsf-5000.csv', { ...sim, time: days }), mtry: 10, p: sim.X.cols, n: sim.X.rows },
];

/** Runs a command under /usr/bin/time; returns its stdout and peak resident set in MB. */
function timed(command, args) {
  const r = spawnSync('/usr/bin/time', ['-f', 'PEAK_KB %M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${command} failed: ${r.stderr}`);
  const peak = Number(/PEAK_KB (\d+)/.exec(r.stderr)[1]) / 1024;
  return { stdout: r.stdout.trim(), peakMB: Math.round(peak) };
}

function runRadsig(file, mtry, workers) {
  const script = `
    const { readTable, buildDataset, RandomSurvivalForest, fitRandomSurvivalForestParallel } = await import(${JSON.stringify(dist)});
    const d = buildDataset(readTable(${JSON.stringify(file)}), { time: 'time', event: 'status' });
    const t0 = performance.now();
    const f = await fitRandomSurvivalForestParallel(new RandomSurvivalForest({ trees: ${trees}, mtry: ${mtry}, minNodeSize: 15, seed: 1 }), d.X, { time: d.time, event: d.event }, { workers: ${workers} });
    console.log((performance.now() - t0) / 1000, f.oobCIndex);`;
  // a script file, not --eval: worker threads would inherit --input-type
  const scriptFile = join(work, 'rsf-radsig.mjs');
  writeFileSync(scriptFile, script);
  const { stdout, peakMB } = timed(process.execPath, [scriptFile]);
  const [seconds, c] = stdout.split(/\s+/).map(Number);
  return { seconds, c, peakMB };
}

function runRanger(file, mtry, threads) {
  const script = `
    suppressPackageStartupMessages({ library(ranger) })
    d <- read.csv("${file}")
    t <- system.time(f <- ranger(dependent.variable.name = "time", status.variable.name = "status", data = d, num.trees = ${trees},
                     mtry = ${mtry}, min.node.size = 15, splitrule = "logrank", num.threads = ${threads}, seed = 1, verbose = FALSE))[["elapsed"]]
    cat(t, 1 - f$prediction.error, as.character(packageVersion("ranger")), "\\n")`;
  const { stdout, peakMB } = timed('Rscript', ['-e', script]);
  const [seconds, c, version] = stdout.split(/\s+/);
  return { seconds: Number(seconds), c: Number(c), peakMB, version };
}

const results = [];
for (const t of tables) {
  const row = { table: t.name, n: t.n, p: t.p, trees, mtry: t.mtry, minNodeSize: 15 };
  row.radsig1 = runRadsig(t.file, t.mtry, 1);
  row.radsig2 = runRadsig(t.file, t.mtry, 2);
  row.ranger1 = runRanger(t.file, t.mtry, 1);
  row.ranger2 = runRanger(t.file, t.mtry, 2);
  row.ratio1 = row.radsig1.seconds / row.ranger1.seconds;
  row.ratio2 = row.radsig2.seconds / row.ranger2.seconds;
  console.log(JSON.stringify(row));
  results.push(row);
}
const result = { benchmark: `RandomSurvivalForest vs ranger, ${trees} trees`, date: new Date().toISOString().slice(0, 10), machine: `${process.platform} ${process.arch}, node ${process.version}`, results };
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', trees === 500 ? 'rsf.json' : `rsf-${trees}-trees.json`), JSON.stringify(result, null, 2) + '\n');
