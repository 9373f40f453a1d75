// Which validation estimate to believe (issue 22): simulated cohorts whose truth is known. For each
// scenario (binary or survival outcome, n patients, p features, no / weak / strong signal) and
// replicate, a truth is drawn (simulateCohort's seed), n development patients are drawn from it
// (patientSeed 1), the study is developed on them (variance and redundancy filters, 10-fold cv lasso
// at lambda.1se, logistic or Cox refit on the signature) and validated by the bootstrap (B resamples:
// Harrell's optimism, .632, .632+, out-of-bag mean) and by 5-fold CV (one repeat: fold mean and
// pooled out-of-fold predictions; several repeats: both averaged). The truth is the AUC or Harrell's C
// of the apparent (all-n) fitted study on 10,000 new patients of the same truth (patientSeed 2).
// Bias and RMSE of each estimate against that truth, with Monte Carlo standard errors.
//
//   npm run build && node bench/validation-estimators.mjs --quick
//   node bench/validation-estimators.mjs [--replicates 50] [--B 200] [--cv-repeats 5]
//        [--scenario binary-n100,survival] [--workers 2] [--test-n 10000] [--out FILE.json]
//   node bench/validation-estimators.mjs --from FILE.json   (tables and chart again from a run's file)
//
// Writes bench/results/validation-estimators.json (every replicate's estimates and truth, and the
// summary; rewritten after every replicate, so an interrupted run keeps what it did) and
// bench/results/validation-estimators.png, and prints the markdown tables. Replicates run in worker
// threads (at most 2); each replicate's seeds depend on its index only, so results do not depend on
// the number of workers.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { chartSpec, estimatesFrom, markdownTables, overallTable, parseOptions, summarize } from './validation-estimators-lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = pathToFileURL(join(here, '..', 'dist', 'index.js')).href;

/** The study of a scenario (the validation block gives the tasks' seeds, folds and repeats). */
function studyOf(radsig, scenario, replicate, B, cvRepeats) {
  const binary = scenario.outcome === 'binary';
  return radsig.resolveStudy(
    {
      data: { train: 'features.csv', id: 'id' },
      outcome: binary ? { type: 'binary', column: 'mvi', positive: 1 } : { type: 'survival', time: 'rfs_months', event: 'recurrence', eventValue: 1, horizons: [24] },
      steps: { variance: {}, redundancy: { method: 'pearson', threshold: 0.9 }, select: { alpha: 1, nFolds: 10, rule: 'lambda1se' } },
      models: [binary ? 'logistic' : 'cox'],
      validation: { method: 'cv', folds: 5, repeats: cvRepeats, B, seed: 100 + replicate },
    },
    `validation-estimators ${scenario.id}`,
  );
}

/** AUC (binary) or Harrell's C (survival) of predictions. */
function discrimination(radsig, binary, prediction, outcome) {
  if (binary) return radsig.delongPlacements(prediction.probability ?? prediction, outcome.y).auc;
  return radsig.concordanceIndex(prediction.risk ?? prediction, outcome.time, outcome.event).estimate;
}

/** One replicate of one scenario: every estimate and the truth. */
function runReplicate(radsig, { scenario, replicate, B, cvRepeats, testN }) {
  const t0 = process.hrtime.bigint();
  const binary = scenario.outcome === 'binary';
  const model = binary ? 'logistic' : 'cox';
  const metric = binary ? 'auc' : 'cIndex';
  const truthSeed = 1000 + replicate;
  const cohort = (n, patientSeed) => radsig.simulateCohort({ seed: truthSeed, n, features: scenario.p, centers: 3, repeats: 0, patientSeed, signal: scenario.signalValue });
  const study = studyOf(radsig, scenario, replicate, B, cvRepeats);
  const dev = cohort(scenario.n, 1);
  const { input } = radsig.prepareStudy(study, { train: dev.features });
  const data = input.data;
  const outcomeOf = (d) => (binary ? { y: d.response } : { time: d.response.time, event: d.response.event });
  const record = { scenario: scenario.id, replicate, truthSeed, validationSeed: study.validation.seed, n: scenario.n, cases: binary ? dev.truth.mviPrevalence * scenario.n : dev.truth.recurrences };
  const context = (d) => ({ batch: null, covariates: d.covariates, newBatch: 'error' });
  let fitted;
  try {
    fitted = radsig.developStudy(study, data, null, study.validation.seed).fitted;
  } catch (error) {
    return { ...record, failure: String(error.message ?? error) };
  }
  const apparent = discrimination(radsig, binary, fitted.predict(data.X, context(data)).get(model), outcomeOf(data));
  record.signatureSize = fitted.signature === null ? 0 : fitted.signature.terms.length;

  // the truth: the apparent fitted study on new patients of the same truth
  const test = radsig.prepareStudy(study, { train: cohort(testN, 2).features }).input.data;
  const truth = discrimination(radsig, binary, fitted.predict(test.X, context(test)).get(model), outcomeOf(test));

  // bootstrap
  const boot = [];
  let bootFailures = 0;
  for (let index = 0; index < B; index++) {
    const t = radsig.runValidationTask(input, { kind: 'bootstrap', index });
    if (t.failure !== null) {
      bootFailures++;
      continue;
    }
    boot.push({ train: t.train[model]?.[metric] ?? null, test: t.test[model]?.[metric] ?? null, oob: t.oob[model]?.[metric] ?? null });
  }
  // cross-validation: 5 folds, cvRepeats repeats; pooled = one AUC / C of a repeat's out-of-fold predictions
  const cv = [];
  let cvFailures = 0;
  for (let repeat = 0; repeat < cvRepeats; repeat++) {
    const folds = [];
    const pooled = new Float64Array(data.X.rows).fill(Number.NaN);
    for (let fold = 1; fold <= study.validation.folds; fold++) {
      const t = radsig.runValidationTask(input, { kind: 'cv', repeat, fold });
      if (t.failure !== null) {
        cvFailures++;
        continue;
      }
      folds.push(t.test[model]?.[metric] ?? null);
      t.heldOut.rows.forEach((row, k) => (pooled[row] = t.heldOut.predictions[model][k]));
    }
    const complete = pooled.every((v) => !Number.isNaN(v));
    cv.push({ folds, pooled: complete ? discrimination(radsig, binary, pooled, outcomeOf(data)) : null });
  }
  const estimates = estimatesFrom(apparent, boot, cv, radsig.plus632);
  return {
    ...record,
    failure: null,
    truth,
    estimates,
    bootstrap: { B, failed: bootFailures, meanOptimism: estimates.harrell === null ? null : apparent - estimates.harrell },
    cv: { repeats: cvRepeats, failedFolds: cvFailures, foldMeans: cv.map((r) => { const f = r.folds.filter((v) => v !== null); return f.length ? f.reduce((a, b) => a + b, 0) / f.length : null; }), pooled: cv.map((r) => r.pooled) },
    seconds: Number(process.hrtime.bigint() - t0) / 1e9,
  };
}

if (!isMainThread) {
  const radsig = await import(dist);
  parentPort.on('message', (job) => {
    try {
      parentPort.postMessage({ result: runReplicate(radsig, job) });
    } catch (error) {
      parentPort.postMessage({ error: String(error?.stack ?? error) });
    }
  });
} else {
  await main();
}

async function main() {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`validation-estimators: ${error.message}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write('node bench/validation-estimators.mjs [--quick] [--replicates R] [--B B] [--cv-repeats K] [--scenario a,b] [--workers 1|2] [--test-n N] [--out FILE.json]\n');
    return;
  }
  const out = resolve(options.out ?? options.from ?? join(here, 'results', 'validation-estimators.json'));
  const png = out.replace(/\.json$/, '') + '.png';
  mkdirSync(dirname(out), { recursive: true });
  if (options.from !== undefined) {
    // tables and chart again from a finished run's file, without rerunning it
    const result = JSON.parse(readFileSync(resolve(options.from), 'utf8'));
    result.summary = summarize(result.replicates);
    result.summaryNonEmptySignature = summarize(result.replicates.filter((r) => r.signatureSize > 0));
    writeFileSync(out, JSON.stringify(result, null, 1) + '\n');
    await report(result, out, png);
    return;
  }
  const jobs = [];
  // replicate-major order, so that a run cut short has every scenario's first replicates
  for (let replicate = 0; replicate < options.replicates; replicate++) for (const scenario of options.scenarios) jobs.push({ scenario, replicate, B: options.B, cvRepeats: options.cvRepeats, testN: options.testN });
  const command = `node bench/validation-estimators.mjs ${process.argv.slice(2).join(' ')}`.trim();
  const started = new Date();
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform} ${process.arch}` };
  const replicates = [];
  const tty = process.stderr.isTTY;
  const t0 = Date.now();
  const write = (finished) => {
    const ordered = [...replicates].sort((a, b) => a.replicate - b.replicate || a.scenario.localeCompare(b.scenario));
    const result = {
      command,
      started: started.toISOString(),
      finished: finished ? new Date().toISOString() : null,
      wallSeconds: (Date.now() - t0) / 1000,
      machine,
      loadAverageAtEnd: loadavg().map((v) => Math.round(v * 100) / 100),
      settings: { replicates: options.replicates, B: options.B, cvFolds: 5, cvRepeats: options.cvRepeats, testPatients: options.testN, workers: options.workers, scenarios: options.scenarios },
      design: 'truth seed 1000 + replicate (a new truth per replicate), development patients patientSeed 1, test patients patientSeed 2; study: variance filter, Pearson redundancy filter (0.9), 10-fold cv lasso lambda.1se (dfmax 50), logistic or Cox refit; AUC (binary) or Harrell C (survival); truth = the apparent fitted study on the test patients',
      summary: summarize(ordered),
      // the same over the replicates whose developed signature is not empty (an empty one gives a constant score: truth and most estimates exactly 0.5)
      summaryNonEmptySignature: summarize(ordered.filter((r) => r.signatureSize > 0)),
      replicates: ordered,
    };
    writeFileSync(out + '.tmp', JSON.stringify(result, null, 1) + '\n');
    renameSync(out + '.tmp', out);
    return result;
  };

  const nWorkers = Math.max(1, Math.min(options.workers, 2, jobs.length));
  let next = 0;
  await new Promise((resolveAll, rejectAll) => {
    let active = 0;
    const start = () => {
      const worker = new Worker(new URL(import.meta.url));
      active++;
      const give = () => {
        if (next >= jobs.length) {
          worker.terminate();
          if (--active === 0) resolveAll();
          return;
        }
        worker.postMessage(jobs[next++]);
      };
      worker.on('message', (m) => {
        if (m.error) {
          worker.terminate();
          rejectAll(new Error(m.error));
          return;
        }
        replicates.push(m.result);
        write(false);
        if (tty) {
          const done = replicates.length;
          const elapsed = (Date.now() - t0) / 1000;
          const eta = (elapsed / done) * (jobs.length - done);
          process.stderr.write(`\rvalidation-estimators: ${done}/${jobs.length} replicates (${m.result.scenario} #${m.result.replicate}: ${m.result.seconds?.toFixed(1) ?? '?'} s), ${Math.round(elapsed)} s elapsed, about ${Math.round(eta)} s left   `);
        }
        give();
      });
      worker.on('error', rejectAll);
      give();
    };
    for (let w = 0; w < nWorkers; w++) start();
  });
  if (tty) process.stderr.write('\n');
  const result = write(true);
  await report(result, out, png);
}

/** Prints the tables and draws the chart of a run. */
async function report(result, out, png) {
  const s = result.settings;
  process.stdout.write(`${result.command}\n${result.replicates.length} replicates in ${result.wallSeconds.toFixed(0)} s (${s.workers} workers)\n\n${markdownTables(result.summary)}\n\n**Averaged over scenarios** (\u00b1 Monte Carlo SE)\n\n${overallTable(result.summary)}\n\n**Only replicates whose developed signature is not empty**\n\n${markdownTables(result.summaryNonEmptySignature)}\n\n${overallTable(result.summaryNonEmptySignature)}\n`);
  const radsig = await import(dist);
  const spec = chartSpec(result.summary, [`Validation estimates of AUC (binary) or Harrell's C (survival) against the truth`, `(the developed model on ${s.testPatients.toLocaleString('en')} new patients); B = ${s.B}, 5-fold CV repeated ${s.cvRepeats} times`]);
  const svg = await radsig.renderSvg(await radsig.compileChart(spec));
  writeFileSync(png, await radsig.svgToPng(svg, 110));
  process.stdout.write(`\n${out}\n${png}\n`);
}
