/**
 * `radsig run STUDY`: the whole study, validated, with results, frozen model, predictions and report.
 */
import type { StudyResults } from '../../pipeline/results-schema/study-results-schema.js';
import { relative, resolve } from 'node:path';
import { defaultOutputFolder, defaultWorkers, readStudyFile } from '../../pipeline/run-study-file.js';
import { validationTasks } from '../../pipeline/validation.js';
import { integerOption, parseCommandArgs, stringOption } from '../args.js';
import { workersOption } from '../workers.js';
import type { CliIo } from '../cli-io.js';
import { printWarnings, type Command } from '../command.js';
import { stopOnSignal } from '../interrupt.js';
import { checkOutputFolder, commitOutputFolders, type OutputFolder } from '../output-folder.js';
import { progressReporter } from '../progress.js';
import { startStudyThread } from '../study-thread.js';

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
  --quiet        no progress, warnings or summary (the warnings stay in results.json;
                 one about spreadsheet formulas in predictions.csv is always printed)`;

/** The files `run` writes into its output folder (beside figures/). */
export const RUN_FILES = ['results.json', 'model.json', 'predictions.csv', 'report.html'];

/** A study's output folder: results, model, predictions, report and figures. */
export function runOutputFolder(arg: string, shown: string, path: string): OutputFolder {
  return { arg, shown, path, files: RUN_FILES, folders: ['figures'], sets: ['run', 'report report.html'] };
}

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
    const loaded = readStudyFile(studyPath, { displayName: positionals[0], ...(seed === undefined ? {} : { seed }) });
    const tasks = Math.max(1, validationTasks(loaded.study).length);
    const workers = stringOption(values, 'workers') === undefined ? Math.min(defaultWorkers(), tasks) : workersOption(values, io, tasks, 'resamples');
    const data = loaded.study.data;
    const tables = (['train', 'external', 'repeats'] as const).filter((key) => data[key] !== undefined).map((key) => ({ arg: `data.${key} of the study`, path: resolve(loaded.folder, data[key]!) }));
    // every file the run writes (or may remove) is checked against its inputs, and the folder for being writable, before any work
    const target = runOutputFolder('--out', outOption ?? (relative(io.cwd, out) || '.'), out);
    checkOutputFolder(io, 'run', target, [{ arg: 'STUDY', path: studyPath }, ...tables]);
    const progress = progressReporter(io, values.quiet === true, 'run');
    // the study runs on a thread of its own: Ctrl-C (or kill, or a closed terminal) stops it at once, and nothing is written
    const thread = startStudyThread({ kind: 'run', path: studyPath, displayName: positionals[0], workers, ...(seed === undefined ? {} : { seed }) }, (_label, stage, done, total) => progress.update(stage, done, total));
    const dispose = stopOnSignal(io, 'run', thread.stop, () => progress.finish());
    let result;
    try {
      result = await thread.done;
    } finally {
      progress.finish();
      dispose();
    }
    const [run] = result.studies;
    // the run's warnings (also in results.json) after the work; with --quiet only the one about the file's cells
    printWarnings(io, [...(values.quiet === true ? formulaWarnings(run.results) : runWarnings(run.results)), ...commitOutputFolders([{ target, files: run.files }])]);
    const shown = relative(io.cwd, out) || '.';
    if (values.quiet !== true) io.stdout(summaryLines(run.results).join('\n') + `\noutput: ${shown}/ (results.json, model.json, predictions.csv, report.html, figures/)\n`);
    return 0;
  },
};

/** The warnings of a run's results.json. */
export function runWarnings(results: StudyResults): string[] {
  return results.warnings;
}

/** The run's warning about predictions.csv cells a spreadsheet would take for formulas (it is in results.json too). */
export function formulaWarnings(results: StudyResults): string[] {
  return runWarnings(results).filter((w) => w.startsWith('predictions.csv: ') && w.includes('a spreadsheet may run as a formula'));
}

/** Headline numbers of a run, one line per model. */
export function summaryLines(results: StudyResults): string[] {
  const survival = results.outcome.type === 'survival';
  const key = survival ? 'cIndex' : 'auc';
  const label = survival ? "Harrell's C" : 'AUC';
  const f = (v: number | null | undefined) => (v === null || v === undefined ? 'NA' : v.toFixed(3));
  const lines = [`${results.n} development patients (${survival ? `${results.nEvents} events` : `${results.nPositive} positive`})`];
  const select = results.steps.select;
  if (select) lines.push(`signature: ${select.features.length} features`);
  for (const [name, m] of Object.entries(results.models)) {
    const validation = m.validation;
    let validated = '';
    if (validation?.method === 'bootstrap' && validation.metrics[key] !== undefined) {
      const v = validation.metrics[key];
      const truncated = v.method === '.632+' && v.oob !== null && v.oob !== undefined && v.oob < 0.5 ? `; out-of-bag ${f(v.oob)}, below chance` : '';
      validated = `validated ${f(v.corrected)} (${v.method === 'out-of-bag bootstrap' ? v.method : `bootstrap ${v.method === '.632+' ? v.method : 'optimism-corrected'}`}${truncated})`;
    } else if (validation?.method === 'cv' && validation.metrics[key] !== undefined) {
      const v = validation.metrics[key];
      validated = `validated ${f(v.mean)} (CV fold mean, sd ${f(v.sd)}; pooled out-of-fold ${f(v.pooled?.estimate)})`;
    }
    const c = m.crossValidation?.metrics[key];
    const cross = c === undefined ? '' : `, CV fold mean ${f(c.mean)} (sd ${f(c.sd)})`;
    const e = m.external?.[key];
    const ext = e === undefined ? '' : `, external ${f(e.value)} (95% CI ${f(e.lower)} to ${f(e.upper)})`;
    const apparent = m.outOfBag ? `out-of-bag ${f(m.outOfBag[key])} (in bag ${f(m.apparent[key])})` : `apparent ${f(m.apparent[key])}`;
    lines.push(`${name}: ${label} ${validated === '' ? apparent : `${validated}${cross}, ${apparent}`}${ext}`);
  }
  return lines;
}
