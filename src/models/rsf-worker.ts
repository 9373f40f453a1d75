/**
 * Worker thread for random survival forests: grows a block of trees, each from its own fork of
 * the forest's seed, and sends them back with their out-of-bag samples.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RadsigError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { SurvivalTreeGrower, type ForestData, type GrownTree, type SurvivalTreeSettings } from './survival-tree.js';

const shared = workerData as { data: ForestData; settings: SurvivalTreeSettings; seed: number | string };
const grower = new SurvivalTreeGrower(shared.data, shared.settings);
const root = new Rng(shared.seed);

parentPort!.on('message', ({ id, task }: { id: number; task: { from: number; to: number } }) => {
  try {
    const trees: GrownTree[] = [];
    for (let t = task.from; t < task.to; t++) trees.push(grower.grow(root.fork(t)));
    parentPort!.postMessage({ id, result: trees });
  } catch (error) {
    const e = error as Error;
    parentPort!.postMessage({ id, error: { name: e.name, message: e.message, code: error instanceof RadsigError ? error.code : undefined } });
  }
});
