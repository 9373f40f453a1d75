/**
 * Worker thread for cross-validation folds: fits an elastic-net path on the training rows of one
 * fold and sends back the path (coefficients as flat arrays).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RadsigError } from '../core/errors.js';
import { Matrix64 } from '../core/matrix.js';
import { holdArenas } from '../core/simd-kernels.js';
import { ElasticNet } from './elastic-net/elastic-net.js';
import { selectResponseRows, type ElasticNetOptions, type ElasticNetResponse } from './elastic-net/options.js';

interface Shared {
  rows: number;
  cols: number;
  data: Float64Array;
  options: ElasticNetOptions;
  y: Float64Array | null;
  time: Float64Array | null;
  event: Float64Array | null;
  featureNames: string[] | null;
}

const shared = workerData as Shared;
const X = new Matrix64(shared.rows, shared.cols, shared.data);
const model = new ElasticNet(shared.options);
// (the thread's fits, one after another, reuse one memory however large: the worker ends with the cross-validation)
holdArenas();
const full: ElasticNetResponse = shared.y !== null ? shared.y : { time: shared.time!, event: shared.event! };

parentPort!.on('message', ({ id, task }: { id: number; task: { train: number[]; full: boolean } }) => {
  try {
    const train = task.train;
    const response = selectResponseRows(full, train);
    const fit = model.fitRows(X, task.full ? null : train, response, task.full && shared.featureNames ? { featureNames: shared.featureNames } : {});
    parentPort!.postMessage({ id, result: fit.toJSON() });
  } catch (error) {
    const e = error as Error;
    parentPort!.postMessage({ id, error: { name: e.name, message: e.message, code: error instanceof RadsigError ? error.code : undefined } });
  }
});
