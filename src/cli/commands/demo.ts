import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { defaultWorkers } from '../../pipeline/run-study-file.js';
import { integerOption, parseCommandArgs, stringOption } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { printWarnings, type Command } from '../command.js';
import { stopOnSignal } from '../interrupt.js';
import { checkOutputFolder, commitOutputFolders, type OutputFolder } from '../output-folder.js';
import { progressReporter } from '../progress.js';
import { startStudyThread } from '../study-thread.js';
import { workersOption } from '../workers.js';
import { runOutputFolder, summaryLines } from './run.js';

/** The demo's bootstrap resamples by default: enough for every number and chart, in seconds (radsig run's default is 200). */
const DEMO_RESAMPLES = 25;

const USAGE = `Usage: radsig demo [--out DIR] [--workers N] [--resamples B] [--quiet]

Simulates a multi-centre HCC cohort (300 patients, 400 PyRadiomics-style features, 3 centres,
seed 1) into DIR (default ./radsig-demo) and runs two studies on it from the study files it writes
there: microvascular invasion (mvi-study.json, binary: Rad-score, logistic, clinical and combined
models) and recurrence (recurrence-study.json, survival: Rad-score, Cox, clinical, combined and a
random survival forest). Each develops ComBat, the variance, reproducibility (ICC2 >= 0.75) and
redundancy filters and a LASSO signature on two centres, validates the whole process by B bootstrap
resamples (--resamples, default ${DEMO_RESAMPLES}: a quick first look; --resamples 200, radsig run's
default, for the full validation, a few minutes on two cores), and validates externally on the
smallest centre (a batch ComBat has not seen). Results go to DIR/mvi-study-results and
DIR/recurrence-study-results.`;


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
    const resamples = integerOption(values, 'resamples', DEMO_RESAMPLES, 1, 100000);
    const workers = stringOption(values, 'workers') === undefined ? Math.min(defaultWorkers(), resamples) : workersOption(values, io, resamples, 'resamples');
    const quiet = values.quiet === true;
    const folder = resolve(io.cwd, out);
    const top: OutputFolder = { arg: '--out', shown: out, path: folder, files: ['features.csv', 'repeats.csv', 'truth.json', 'mvi-study.json', 'recurrence-study.json'], folders: [], sets: ['simulate', 'demo'] };
    const studyFolders = ['mvi', 'recurrence'].map((name) => runOutputFolder('--out', join(out, `${name}-study-results`), join(folder, `${name}-study-results`)));
    for (const target of [top, ...studyFolders]) checkOutputFolder(io, 'demo', target, []);
    // the cohort and the studies are made on a thread of their own, in a staging folder; the output
    // folder is written only at the end, so Ctrl-C (or kill, or a closed terminal) leaves nothing
    const staging = mkdtempSync(join(tmpdir(), 'radsig-demo-'));
    const reporters = new Map<string, ReturnType<typeof progressReporter>>();
    const progress = (label: string) => {
      if (!reporters.has(label)) {
        for (const r of reporters.values()) r.finish();
        reporters.set(label, progressReporter(io, quiet, label));
      }
      return reporters.get(label)!;
    };
    const finish = () => {
      for (const r of reporters.values()) r.finish();
    };
    const thread = startStudyThread({ kind: 'demo', staging, resamples, workers }, (label, stage, done, total) => progress(label).update(stage, done, total));
    const dispose = stopOnSignal(
      io,
      'demo',
      async () => {
        await thread.stop();
        rmSync(staging, { recursive: true, force: true });
      },
      finish,
    );
    let result;
    try {
      result = await thread.done;
    } finally {
      finish();
      dispose();
      rmSync(staging, { recursive: true, force: true });
    }
    printWarnings(io, commitOutputFolders([{ target: top, files: result.files }, ...result.studies.map((study, k) => ({ target: studyFolders[k], files: study.files }))]));
    const shown = relative(io.cwd, folder) || '.';
    const lines = [`radsig demo: simulated cohort written to ${shown}/ (features.csv, repeats.csv, truth.json); external centre ${result.smallest}`, `true signature: ${result.signature!.join(', ')}`, ''];
    for (const study of result.studies) {
      const { name } = study;
      lines.push(`${name === 'mvi' ? 'MVI' : 'recurrence'} (${name}-study.json):`, ...summaryLines(study.results).map((l) => `  ${l}`), `  report: ${relative(io.cwd, join(folder, `${name}-study-results`, 'report.html'))}`, '');
    }
    if (resamples < 200) lines.push(`(${resamples} bootstrap resamples per study, for a quick first look; the full validation, as radsig run does by default: radsig demo --resamples 200)`, '');
    io.stdout(lines.join('\n'));
    return 0;
  },
};
