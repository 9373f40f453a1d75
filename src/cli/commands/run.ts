/**
 * `radsig run STUDY`: the whole study, validated, with results, frozen model, predictions and report.
 */
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ParameterError } from '../../core/errors.js';
import { defaultOutputFolder, defaultWorkers, loadStudyFile, runStudyFile } from '../../pipeline/run-study-file.js';
import type { StudyResults } from '../../report/study-results.js';
import { reportFiles, writeRunWithReport } from '../../report/write-report.js';
import { validationTasks } from '../../pipeline/validation.js';
import { integerOption, parseCommandArgs, stringOption } from '../args.js';
import { workersOption } from '../workers.js';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { checkOutputPaths } from '../output-paths.js';
import { progressReporter } from '../progress.js';

const USAGE = `Usage: radsig run STUDY.json|STUDY.yaml [--out DIR] [--workers N] [--seed S] [--quiet]

Runs a study: develops the signature and its models on the development data, validates the whole
development process (every step refitted inside each bootstrap resample or CV fold), scores the
external patients, and writes into DIR (default: STUDY-results beside the study file):
  results.json     every number of the study
  model.json       the frozen pipeline (apply it with "radsig apply")
  predictions.csv  the id column and each model's prediction for the development patients
  report.html      the report (TRIPOD+AI sections and checklist, offline)
  figures/         every chart as SVG, PNG (300 dpi) and Vega-Lite JSON

Options:
  --out DIR      output folder
  --workers N    worker threads for the resamples (default: the number of cores)
  --seed S       overrides validation.seed of the study
  --quiet        no progress on stderr`;

/** `radsig run`. */
export const runCommand: Command = {
  name: 'run',
  summary: 'run a study file: develop, validate without leakage, report',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs('run', argv, { out: { type: 'string' }, workers: { type: 'string' }, seed: { type: 'string' }, quiet: { type: 'boolean' } }, { min: 1, max: 1, names: 'STUDY' });
    if (values.help) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const seed = stringOption(values, 'seed') === undefined ? undefined : integerOption(values, 'seed', 0, 0, 2 ** 31 - 1);
    const studyPath = resolve(io.cwd, positionals[0]);
    const outOption = stringOption(values, 'out');
    const out = outOption === undefined ? defaultOutputFolder(studyPath) : resolve(io.cwd, outOption);
    const loaded = loadStudyFile(studyPath, { displayName: positionals[0], ...(seed === undefined ? {} : { seed }) });
    const tasks = Math.max(1, validationTasks(loaded.study).length);
    const workers = stringOption(values, 'workers') === undefined ? Math.min(defaultWorkers(), tasks) : workersOption(values, io, tasks, 'resamples');
    const inputs = [loaded.study.data.train, loaded.study.data.external, loaded.study.data.repeats].filter((p): p is string => p !== undefined).map((p) => resolve(loaded.folder, p));
    for (const input of [...inputs, studyPath]) {
      if (input === out) throw new ParameterError(`run: the output folder ${outOption ?? out} is an input file`, 'USAGE');
    }
    if (existsSync(out) && !statSync(out).isDirectory()) throw new ParameterError(`run: --out ${outOption ?? out} is a file, expected a folder`, 'USAGE');
    if (existsSync(out)) {
      // the files the run writes must not be any of its inputs (also through links)
      checkOutputPaths(
        io,
        'run',
        [{ arg: 'STUDY', path: studyPath }, ...inputs.map((path) => ({ arg: 'the study\'s table', path }))],
        ['results.json', 'model.json', 'predictions.csv', 'report.html'].map((name) => ({ arg: `--out ${outOption ?? relative(io.cwd, out)}`, path: join(out, name) })),
      );
    }
    const progress = progressReporter(io, values.quiet === true, 'run');
    // Ctrl-C: nothing has been written yet (the outputs are written together at the end), so stop at
    // once. The listener stays until the outputs are written: the writing is synchronous, so a signal
    // during it is handled after it (or dropped once the listener is removed), never half-way.
    const onSignal = () => {
      progress.finish();
      io.stderr('radsig: error: run: interrupted; nothing was written\n');
      process.exit(130);
    };
    process.once('SIGINT', onSignal);
    let run;
    try {
      try {
        run = await runStudyFile(loaded, { workers, onProgress: (stage, done, total) => progress.update(stage, done, total) });
      } finally {
        progress.finish();
      }
      writeRunWithReport(out, run, await reportFiles(run.results as unknown as StudyResults));
    } finally {
      process.removeListener('SIGINT', onSignal);
    }
    const shown = relative(io.cwd, out) || '.';
    if (values.quiet !== true) io.stdout(summaryLines(run.results).join('\n') + `\noutput: ${shown}/ (results.json, model.json, predictions.csv, report.html, figures/)\n`);
    return 0;
  },
};

/** Headline numbers of a run, one line per model. */
export function summaryLines(results: Record<string, unknown>): string[] {
  const models = results.models as Record<string, { apparent: Record<string, number | null>; validation?: { method: string; metrics: Record<string, Record<string, number | null>> }; external?: Record<string, { value: number | null; lower: number | null; upper: number | null }> }>;
  const survival = (results.outcome as { type: string }).type === 'survival';
  const key = survival ? 'cIndex' : 'auc';
  const label = survival ? "Harrell's C" : 'AUC';
  const f = (v: number | null | undefined) => (v === null || v === undefined ? 'NA' : v.toFixed(3));
  const lines = [`${results.n} development patients (${survival ? `${results.nEvents} events` : `${results.nPositive} positive`})`];
  const select = (results.steps as { select?: { features: unknown[] } }).select;
  if (select) lines.push(`signature: ${select.features.length} features`);
  for (const [name, m] of Object.entries(models)) {
    const v = m.validation?.metrics[key];
    const validated = v === undefined ? '' : 'corrected' in v ? `, optimism-corrected ${f(v.corrected)}` : `, CV ${f(v.mean)} (sd ${f(v.sd)})`;
    const e = m.external?.[key];
    const ext = e === undefined ? '' : `, external ${f(e.value)} (95% CI ${f(e.lower)} to ${f(e.upper)})`;
    lines.push(`${name}: ${label} apparent ${f(m.apparent[key])}${validated}${ext}`);
  }
  return lines;
}
