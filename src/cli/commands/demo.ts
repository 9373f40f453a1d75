import { join, relative } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { simulateCohort } from '../../data/simulate-cohort.js';
import { demoStudies } from '../../pipeline/demo-studies.js';
import { defaultWorkers, loadStudyFile, runStudyFile } from '../../pipeline/run-study-file.js';
import type { StudyResults } from '../../report/study-results.js';
import { reportFiles, writeRunWithReport } from '../../report/write-report.js';
import { integerOption, parseCommandArgs, stringOption } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { ensureOutputFolder, toJsonText, type Command } from '../command.js';
import { progressReporter } from '../progress.js';
import { workersOption } from '../workers.js';
import { summaryLines } from './run.js';
import { writeCohort } from './simulate.js';

const USAGE = `Usage: radsig demo [--out DIR] [--workers N] [--resamples B] [--quiet]

Simulates a multi-centre HCC cohort (300 patients, 400 PyRadiomics-style features, 3 centres,
seed 1) into DIR (default ./radsig-demo) and runs two studies on it from the study files it writes
there: microvascular invasion (mvi-study.json, binary: Rad-score, logistic, clinical and combined
models) and recurrence (recurrence-study.json, survival: Rad-score, Cox, clinical, combined and a
random survival forest). Each develops ComBat, the variance, reproducibility (ICC2 >= 0.75) and
redundancy filters and a LASSO signature on two centres, validates the whole process by B bootstrap
resamples (--resamples, default 200), and validates externally on the smallest centre (a batch
ComBat has not seen). Results go to DIR/mvi-study-results and DIR/recurrence-study-results.`;

/** `radsig demo`. */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'simulate the built-in HCC cohort and run two studies on it',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parseCommandArgs('demo', argv, { out: { type: 'string' }, workers: { type: 'string' }, resamples: { type: 'string' }, quiet: { type: 'boolean' } }, { min: 0, max: 0, names: '' });
    if (values.help) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const out = stringOption(values, 'out') ?? 'radsig-demo';
    const resamples = integerOption(values, 'resamples', 200, 1, 100000);
    const workers = stringOption(values, 'workers') === undefined ? Math.min(defaultWorkers(), resamples) : workersOption(values, io, resamples, 'resamples');
    const quiet = values.quiet === true;
    const folder = ensureOutputFolder(io, out);
    const cohort = simulateCohort({ seed: 1 });
    writeCohort(folder, cohort);
    const smallest = [...cohort.truth.centers].sort((a, b) => a.n - b.n || (a.center < b.center ? -1 : 1))[0].center;
    const studies = demoStudies(smallest, resamples);
    const shown = relative(io.cwd, folder) || '.';
    const lines = [`radsig demo: simulated cohort written to ${shown}/ (features.csv, repeats.csv, truth.json); external centre ${smallest}`, `true signature: ${cohort.truth.signature.map((s) => s.feature).join(', ')}`, ''];
    // Ctrl-C: every file is written synchronously and whole, so a signal is handled between files
    let running = '';
    const onSignal = () => {
      io.stderr(`radsig: error: demo: interrupted; ${running === '' ? 'the files written so far are complete' : `the ${running} study's results were not written`}\n`);
      process.exit(130);
    };
    process.once('SIGINT', onSignal);
    try {
      for (const [name, study] of [['mvi', studies.mvi], ['recurrence', studies.recurrence]] as const) {
        const path = join(folder, `${name}-study.json`);
        running = name;
        writeFileAtomic(path, toJsonText(study));
        const progress = progressReporter(io, quiet, `demo ${name}`);
        let run;
        try {
          run = await runStudyFile(loadStudyFile(path), { workers, onProgress: (stage, done, total) => progress.update(stage, done, total) });
        } finally {
          progress.finish();
        }
        const dir = join(folder, `${name}-study-results`);
        writeRunWithReport(dir, run, await reportFiles(run.results as unknown as StudyResults));
        lines.push(`${name === 'mvi' ? 'MVI' : 'recurrence'} (${name}-study.json):`, ...summaryLines(run.results).map((l) => `  ${l}`), `  report: ${relative(io.cwd, join(dir, 'report.html'))}`, '');
        running = '';
      }
    } finally {
      process.removeListener('SIGINT', onSignal);
    }
    io.stdout(lines.join('\n'));
    return 0;
  },
};
