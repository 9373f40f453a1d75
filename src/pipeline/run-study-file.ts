/**
 * Running a study file in Node: reading the study and its tables (paths relative to the study
 * file), validation tasks on worker threads, and the outputs written all-or-nothing.
 */
import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { writeFilesAtomic } from '../core/atomic-write.js';
import { checkInteger } from '../core/checks.js';
import { DataError, ParameterError } from '../core/errors.js';
import { checkNestingDepth } from '../core/nesting-depth.js';
import { runInWorkers, workerScript } from '../core/worker-pool.js';
import { formatTable } from '../data/format-table.js';
import { readTable } from '../data/read-table.js';
import type { Table } from '../data/table.js';
import type { StudyTables } from './prepare-study.js';
import { runStudy, runTasksInThisThread, type StudyRun, type TaskRunner } from './run-study.js';
import { parseStudy, type Study } from './study.js';
import { serializeInput, type TaskResult, type ValidationTask } from './validation.js';

/** A study file read from disk with its tables. */
export interface LoadedStudy {
  study: Study;
  /** The study file's folder (paths in the study are relative to it). */
  folder: string;
  path: string;
  tables: StudyTables;
}

/**
 * Reads a study file (JSON or YAML) and the tables it names.
 * @throws ParameterError for a bad study file; DataError for unreadable tables.
 */
export function loadStudyFile(path: string, options: { seed?: number; displayName?: string } = {}): LoadedStudy {
  const { study, folder, path: full } = readStudyFile(path, options);
  const read = (name: string | undefined): Table | null => (name === undefined ? null : readTable(resolve(folder, name), { source: name, ...(study.data.delimiter ? { delimiter: study.data.delimiter } : {}) }));
  return { study, folder, path: full, tables: { train: read(study.data.train)!, external: read(study.data.external), repeats: read(study.data.repeats) } };
}

/**
 * Reads and checks a study file (JSON or YAML) without reading its tables.
 * @throws ParameterError for a bad study file.
 */
export function readStudyFile(path: string, options: { seed?: number; displayName?: string } = {}): Omit<LoadedStudy, 'tables'> {
  const full = resolve(path);
  const source = basename(path);
  const shown = options.displayName ?? path;
  let text: string;
  try {
    if (statSync(full).isDirectory()) throw new ParameterError(`${shown}: is a folder, expected a study file (JSON or YAML)`, 'USAGE');
    text = readFileSync(full, 'utf8');
  } catch (error) {
    if (error instanceof ParameterError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ParameterError(`${shown}: cannot read the study file (${code === 'ENOENT' ? 'no such file' : (code ?? (error as Error).message)})`, 'USAGE');
  }
  checkNestingDepth(text, /\.ya?ml$/i.test(source), (message) => new ParameterError(`${shown}: ${message}`, 'STUDY_SYNTAX'));
  const study = parseStudy(text, { source });
  if (options.seed !== undefined) {
    checkInteger('run', 'seed', options.seed, { min: 0 });
    study.validation.seed = options.seed;
  }
  return { study, folder: dirname(full), path: full };
}

/** Runs validation tasks on worker threads (results identical to one thread: each task has its own seeds). */
export function workerRunner(workers: number): TaskRunner {
  return async (input, tasks, onDone) => {
    if (workers <= 1 || tasks.length <= 1) return runTasksInThisThread(input, tasks, onDone);
    try {
      return await runInWorkers<ValidationTask, TaskResult>(workerScript(import.meta.url, 'study-worker'), serializeInput(input), tasks, Math.min(workers, tasks.length), onDone);
    } catch (error) {
      const e = error as Error & { code?: string };
      if (e.name === 'DataError') throw new DataError(e.message, e.code);
      if (e.name === 'ParameterError') throw new ParameterError(e.message, e.code);
      throw error;
    }
  };
}

/** The default number of workers: the machine's cores. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** The default output folder: beside the study file, named after it. */
export function defaultOutputFolder(studyPath: string): string {
  const stem = basename(studyPath, extname(studyPath));
  return join(dirname(resolve(studyPath)), `${stem}-results`);
}

/** Runs a loaded study with its validation tasks on `workers` threads (default: the machine's cores). */
export async function runStudyFile(loaded: LoadedStudy, options: { workers?: number; onProgress?: (stage: string, done: number, total: number) => void } = {}): Promise<StudyRun> {
  const workers = options.workers ?? defaultWorkers();
  return runStudy(loaded.study, loaded.tables, { runTasks: workerRunner(workers), onProgress: options.onProgress });
}

/** A run's own files: results.json, model.json and predictions.csv (names relative to the output folder). */
export function studyOutputFiles(run: StudyRun): { name: string; data: string }[] {
  return [
    { name: 'results.json', data: JSON.stringify(run.results, null, 1) + '\n' },
    { name: 'model.json', data: JSON.stringify(run.fitted.toJSON()) + '\n' },
    { name: 'predictions.csv', data: formatTable(run.predictions) },
  ];
}

/**
 * Writes results.json, model.json, predictions.csv and the extra files (the report) into a folder
 * all-or-nothing: created if needed, and removed again if writing fails and it was new.
 */
export function writeStudyOutputs(out: string, run: StudyRun, extra: { name: string; data: string | Uint8Array }[] = []): void {
  const created = !existsSync(out);
  try {
    mkdirSync(out, { recursive: true });
    writeFilesAtomic([...studyOutputFiles(run), ...extra].map((f) => ({ path: join(out, f.name), data: f.data })));
  } catch (error) {
    if (created) rmSync(out, { recursive: true, force: true });
    throw error;
  }
}
