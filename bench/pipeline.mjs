// Benchmark: bootstrap validation (B = 200) of the whole pipeline, `radsig run` on a study file
// (ComBat, variance and redundancy filters, 10-fold cv elastic net, logistic model) against the same
// loop in R (bench/pipeline.R: sva::ComBat, caret::nearZeroVar, a greedy cor() filter, cv.glmnet, glm,
// pROC, rms::val.prob), on a simulated 300 x 1,000 cohort with 3 centres, in one run.
// radsig: wall clock of the whole command (start-up, reading the table, development, B resamples,
// report files) with 1 and 2 workers, peak RSS and CPU time from /usr/bin/time -v; a run without
// validation gives the fixed cost, so (run - fixed) / B is the time per resample; single-thread
// per-resample times also come from runValidationTask in this process.
// R: time inside Rscript (package loading and read.csv excluded): ComBat of the original sample,
// the apparent fit and the B resamples, with each resample and each step timed.
//   node bench/pipeline.mjs      (build first: npm run build)
//   BENCH_PIPELINE_B=200 (resamples)  BENCH_PIPELINE_R_B=200 (R resamples; fewer are scaled to B)
//   BENCH_PIPELINE_TASKS=20 (in-process single-thread resamples timed)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const work = join(here, '.work', 'pipeline');
mkdirSync(work, { recursive: true });
const B = Number(process.env.BENCH_PIPELINE_B ?? 200);
const RB = Number(process.env.BENCH_PIPELINE_R_B ?? B);
const TASKS = Number(process.env.BENCH_PIPELINE_TASKS ?? 20);
const SEED = 1;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const round = (x, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
const load = () => loadavg().map((v) => round(v, 2));
const hasTime = existsSync('/usr/bin/time');

/** Runs a command, wall clock by hrtime; peak RSS and CPU seconds from /usr/bin/time -v when present. */
function timed(command, args, options = {}) {
  const before = load();
  const t0 = process.hrtime.bigint();
  const r = hasTime ? spawnSync('/usr/bin/time', ['-v', command, ...args], { encoding: 'utf8', maxBuffer: 1e8, ...options }) : spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1e8, ...options });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const field = (name) => {
    const m = new RegExp(`${name}: (.*)`).exec(r.stderr);
    return m === null ? null : Number(m[1]);
  };
  return {
    wallSeconds: round(wall),
    cpuSeconds: hasTime ? round(field('User time \\(seconds\\)') + field('System time \\(seconds\\)'), 2) : null,
    peakRssMB: hasTime ? Math.round(field('Maximum resident set size \\(kbytes\\)') / 1024) : null,
    load: { before, after: load() },
    stdout: r.stdout,
  };
}

// the cohort and the study files
execFileSync('node', [cli, 'simulate', '--out', work, '--n', '300', '--features', '1000', '--centers', '3', '--seed', String(SEED), '--repeats', '0']);
const table = join(work, 'features.csv');
const study = (validation) => ({
  title: 'Bench: MVI, 300 x 1,000, 3 centres',
  data: { train: 'features.csv', id: 'id' },
  outcome: { type: 'binary', column: 'mvi' },
  steps: { harmonize: { batch: 'center' }, variance: {}, redundancy: { threshold: 0.9 }, select: { nFolds: 10, rule: 'lambda1se' } },
  models: ['logistic'],
  validation,
});
writeFileSync(join(work, 'study.json'), JSON.stringify(study({ method: 'bootstrap', B, seed: SEED }), null, 2));
writeFileSync(join(work, 'study-fixed.json'), JSON.stringify(study({ method: 'none' }), null, 2));

const run = (file, out, workers) => {
  rmSync(join(work, out), { recursive: true, force: true });
  const t = timed('node', [cli, 'run', join(work, file), '--out', join(work, out), '--workers', String(workers), '--quiet']);
  delete t.stdout;
  return t;
};
const fixed = run('study-fixed.json', 'out-fixed', 1);
console.log('radsig fixed cost (no validation)', JSON.stringify(fixed));
const one = run('study.json', 'out-1', 1);
console.log('radsig 1 worker', JSON.stringify(one));
const two = run('study.json', 'out-2', 2);
console.log('radsig 2 workers', JSON.stringify(two));
const resultsText = readFileSync(join(work, 'out-1', 'results.json'), 'utf8');
const sameResults = resultsText === readFileSync(join(work, 'out-2', 'results.json'), 'utf8');
const results = JSON.parse(resultsText);

// R
const rJson = join(work, 'r.json');
const rProcess = timed('Rscript', [join(here, 'pipeline.R'), table, String(RB), String(SEED), rJson]);
delete rProcess.stdout;
const r = JSON.parse(readFileSync(rJson, 'utf8'));
const rPer = r.perResampleSeconds;
const rPerCpu = r.perResampleCpuSeconds;
const rSeconds = r.originalComBatSeconds + r.apparentSeconds + mean(rPer) * B;
const rCpuSeconds = r.originalComBatCpuSeconds + r.apparentCpuSeconds + mean(rPerCpu) * B;
console.log('R', JSON.stringify({ ...rProcess, inside: r.totalSeconds, insideCpu: r.totalCpuSeconds, scaledTo: B }));

// radsig per resample in this process, one thread
const radsig = await import(join(root, 'dist', 'index.js'));
const loaded = radsig.loadStudyFile(join(work, 'study.json'));
const prepared = radsig.prepareStudy(loaded.study, loaded.tables);
const taskSeconds = [];
const taskCpu = [];
const selected = [];
for (let i = 0; i < Math.min(TASKS, B); i++) {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const res = radsig.runValidationTask(prepared.input, { kind: 'bootstrap', index: i });
  const c = process.cpuUsage(c0);
  taskSeconds.push(Number(process.hrtime.bigint() - t0) / 1e9);
  taskCpu.push((c.user + c.system) / 1e6);
  selected.push(res.selected.length);
}

const auc = results.models.logistic.validation.metrics.auc;
const rOptimism = r.optimism;
// CPU seconds R would save per resample with a base-R near-zero-variance rule instead of caret's
const nzvSaved = r.stepCpuSeconds.nearZeroVar / rPer.length - r.nearZeroVarOnce.baseR;
// on an idle machine: one thread's wall time is its CPU time; 2 workers share the resamples
const idle2 = fixed.cpuSeconds + (two.cpuSeconds - fixed.cpuSeconds) / 2;
const result = {
  benchmark: 'bootstrap validation of the whole pipeline (ComBat, variance and redundancy filters, 10-fold cv elastic net, logistic), radsig run / the R loop (lower is faster)',
  date: new Date().toISOString().slice(0, 10),
  machine: `${process.platform} ${process.arch}, ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GB, node ${process.version}, ${r.versions.R}`,
  table: '300 x 1,000 simulated cohort (radsig simulate --seed 1), 3 centres, binary outcome mvi',
  B,
  radsig: {
    fixedCost: fixed,
    workers1: { ...one, perResampleSeconds: round((one.wallSeconds - fixed.wallSeconds) / B), perResampleCpuSeconds: round((one.cpuSeconds - fixed.cpuSeconds) / B) },
    workers2: { ...two, perResampleSeconds: round((two.wallSeconds - fixed.wallSeconds) / B), perResampleCpuSeconds: round((two.cpuSeconds - fixed.cpuSeconds) / B), idleMachineEstimateSeconds: round(idle2, 1) },
    inProcess: {
      note: 'runValidationTask in one thread; the first resample (before V8 optimizes) apart',
      tasks: taskSeconds.length,
      firstSeconds: round(taskSeconds[0]),
      firstCpuSeconds: round(taskCpu[0]),
      medianSeconds: round(median(taskSeconds.slice(1))),
      medianCpuSeconds: round(median(taskCpu.slice(1))),
      meanCpuSeconds: round(mean(taskCpu.slice(1))),
      minCpuSeconds: round(Math.min(...taskCpu.slice(1))),
      maxCpuSeconds: round(Math.max(...taskCpu.slice(1))),
      meanSelected: round(mean(selected), 1),
    },
    sameResults1And2Workers: sameResults,
    outcome: {
      apparentAuc: auc.apparent,
      aucOptimismHarrell: auc.harrell.optimism,
      aucOob: auc.oob,
      aucCorrected632: auc.corrected,
      succeeded: results.models.logistic.validation.succeeded,
      apparentSelected: results.steps.select.features.length,
      meanSelected: round(Object.values(results.steps.select.selectionFrequency).reduce((a, b) => a + b, 0), 1),
      keptAfterFilters: results.steps.redundancy.kept.length,
    },
  },
  r: {
    resamplesRun: rPer.length,
    scaled: rPer.length !== B,
    seconds: round(rSeconds),
    cpuSeconds: round(rCpuSeconds),
    insideSeconds: r.totalSeconds,
    insideCpuSeconds: r.totalCpuSeconds,
    process: { ...rProcess, note: 'whole Rscript process: package loading, read.csv, the loop and a one-off nearZeroVar comparison' },
    readSeconds: r.readSeconds,
    originalComBatSeconds: r.originalComBatSeconds,
    apparentSeconds: r.apparentSeconds,
    perResampleSeconds: { mean: round(mean(rPer)), median: round(median(rPer)), min: round(Math.min(...rPer)), max: round(Math.max(...rPer)) },
    perResampleCpuSeconds: { mean: round(mean(rPerCpu)), median: round(median(rPerCpu)), min: round(Math.min(...rPerCpu)), max: round(Math.max(...rPerCpu)) },
    stepSecondsPerResample: Object.fromEntries(Object.entries(r.stepSeconds).map(([k, v]) => [k, round(v / rPer.length)])),
    stepCpuSecondsPerResample: Object.fromEntries(Object.entries(r.stepCpuSeconds).map(([k, v]) => [k, round(v / rPer.length)])),
    nearZeroVarOnceCpuSeconds: r.nearZeroVarOnce,
    cpuSecondsWithBaseRNearZeroVar: round(rCpuSeconds - nzvSaved * B),
    outcome: { apparentAuc: r.apparent.auc, aucOptimismHarrell: rOptimism.auc, aucOob: r.aucOob, aucCorrected632: r.aucCorrected632, apparentSelected: r.apparentSelected, meanSelected: round(r.meanSelected, 1), keptAfterFilters: r.meanKeptAfterFilters },
    versions: r.versions,
  },
};
result.ratio = {
  note: 'radsig / R; wall: as measured in this run (see the load averages); cpu: CPU seconds of each side; idle: radsig 2 workers on an idle 2-core machine (fixed cost + half the resampling CPU) over R CPU seconds',
  wall2Workers: round(two.wallSeconds / rSeconds),
  wall1Worker: round(one.wallSeconds / rSeconds),
  cpu1Worker: round(one.cpuSeconds / rCpuSeconds),
  idle2Workers: round(idle2 / rCpuSeconds),
  idle2WorkersVsRWithBaseRNearZeroVar: round(idle2 / result.r.cpuSecondsWithBaseRNearZeroVar),
  perResampleCpu: round(result.radsig.inProcess.medianCpuSeconds / result.r.perResampleCpuSeconds.median),
};
const goal = (seconds, ratio) => ({ seconds: round(seconds, 1), ratio, atMostHalfOfR: ratio <= 0.5, under2Minutes: seconds < 120, met: ratio <= 0.5 && seconds < 120 });
result.goal = { target: 'radsig with 2 workers at most 0.5 x R and under 120 s', measured: goal(two.wallSeconds, result.ratio.wall2Workers), idleMachineEstimate: goal(idle2, result.ratio.idle2Workers) };
console.log(JSON.stringify({ ratio: result.ratio, goal: result.goal }));
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'pipeline.json'), JSON.stringify(result, null, 2) + '\n');
