/**
 * A study run (`radsig run`, `radsig demo`) on a thread of its own, so that the main thread stays
 * free to answer Ctrl-C at once, however long one resample takes. The thread develops, validates
 * and renders the report, and hands back every output file's contents; the main thread writes them.
 */
import type { StudyResults } from '../pipeline/results-schema/study-results-schema.js';
import { Worker } from 'node:worker_threads';
import { DataError, ModelFormatError, ParameterError } from '../core/errors.js';
import { workerScript } from '../core/worker-pool.js';
import type { OutputFile } from './output-folder.js';

/** What the thread does: run one study file, or simulate the demo cohort (into `staging`) and run its two studies. */
export type StudyJob = { kind: 'run'; path: string; displayName: string; seed?: number; workers: number } | { kind: 'demo'; staging: string; resamples: number; workers: number };

/** One study's outcome: its results and its output files (relative to its output folder). */
export interface StudyOutcome {
  name: string;
  results: StudyResults;
  files: OutputFile[];
}

/** What the thread hands back: the studies, and for the demo the cohort's and study files with the external centre and the true signature. */
export interface StudyJobResult {
  studies: StudyOutcome[];
  files: OutputFile[];
  smallest?: string;
  signature?: string[];
}

/** An error as it crosses threads. */
export interface SentError {
  name: string;
  message: string;
  code?: string;
  stack?: string;
}

/** The error to send to the main thread. */
export function sendableError(error: unknown): SentError {
  const e = error as Error & { code?: unknown };
  return e instanceof Error ? { name: e.name, message: e.message, code: typeof e.code === 'string' ? e.code : undefined, stack: e.stack } : { name: 'Error', message: String(error) };
}

function revive(sent: SentError): Error {
  if (sent.name === 'ParameterError') return new ParameterError(sent.message, sent.code);
  if (sent.name === 'DataError') return new DataError(sent.message, sent.code);
  if (sent.name === 'ModelFormatError') return new ModelFormatError(sent.message, sent.code);
  const error = new Error(sent.message) as Error & { code?: string };
  error.name = sent.name;
  if (sent.code !== undefined) error.code = sent.code;
  if (sent.stack !== undefined) error.stack = sent.stack;
  return error;
}

/**
 * Starts a study job on its own thread. `done` settles with the job's result (errors keep their
 * radsig class and code); `stop()` ends the thread (and the worker threads it started) at once.
 */
export function startStudyThread(job: StudyJob, onProgress: (label: string, stage: string, done: number, total: number) => void): { done: Promise<StudyJobResult>; stop(): Promise<void> } {
  const worker = new Worker(workerScript(import.meta.url, 'study-thread-worker'), { workerData: job });
  let stopped = false;
  const done = new Promise<StudyJobResult>((settle, fail) => {
    // once stopped, the job never settles: the process is about to exit, and nothing is reported
    const resolve = (result: StudyJobResult) => stopped || settle(result);
    const reject = (error: unknown) => stopped || fail(error);
    worker.on('message', (message: { progress?: [string, string, number, number]; result?: StudyJobResult; error?: SentError }) => {
      if (message.progress !== undefined) onProgress(...message.progress);
      else if (message.error !== undefined) reject(revive(message.error));
      else if (message.result !== undefined) resolve(message.result);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the study thread ended without a result (exit code ${code})`)));
  });
  return {
    done: done.finally(() => worker.terminate()),
    stop: async () => {
      stopped = true;
      await worker.terminate();
    },
  };
}
