/**
 * Worker thread for study validation: runs validation tasks (bootstrap resamples, CV folds) on the
 * development data it was started with.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RadsigError } from '../core/errors.js';
import { deserializeInput, runValidationTask, type ValidationTask } from './validation.js';

const input = deserializeInput(workerData);

parentPort!.on('message', ({ id, task }: { id: number; task: ValidationTask }) => {
  try {
    parentPort!.postMessage({ id, result: runValidationTask(input, task) });
  } catch (error) {
    const e = error as Error;
    parentPort!.postMessage({ id, error: { name: e.name, message: e.message, code: error instanceof RadsigError ? error.code : undefined } });
  }
});
