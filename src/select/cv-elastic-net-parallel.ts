/**
 * Cross-validation of elastic-net paths with the fold fits in worker threads (Node only).
 */
import { checkInteger } from '../core/checks.js';
import { resolveFeatureNames, toMatrix, type MatrixInput } from '../core/estimator.js';
import { DataError, ParameterError } from '../core/errors.js';
import { runInWorkers, workerScript } from '../core/worker-pool.js';
import type { ElasticNet } from './elastic-net/elastic-net.js';
import { FittedElasticNet } from './elastic-net/fitted-elastic-net.js';
import type { ElasticNetResponse } from './elastic-net/options.js';
import { crossValidateElasticNet, foldsOf, resolveCvOptions, oneCrossValidation, stratumOf, summarize, trainingRows, type CvElasticNetOptions, type CvElasticNetResult } from './cv-elastic-net.js';

/**
 * {@link crossValidateElasticNet} with the fold fits spread over worker threads. The folds and
 * every fit are the same as with one thread, so the result is identical for any number of workers.
 */
export async function crossValidateElasticNetParallel(
  model: ElasticNet,
  input: MatrixInput,
  response: ElasticNetResponse,
  options: Partial<CvElasticNetOptions> & { workers?: number } = {},
): Promise<CvElasticNetResult> {
  const where = 'crossValidateElasticNet';
  const { workers = 1, ...cvOptions } = options;
  checkInteger(where, 'workers', workers, { min: 1 });
  if (workers === 1) return crossValidateElasticNet(model, input, response, cvOptions);
  const X = toMatrix(where, input);
  const opts = resolveCvOptions(where, model, X, cvOptions);
  const n = X.rows;
  const featureNames = resolveFeatureNames('ElasticNet.fit', X, opts.featureNames ?? undefined);
  const strata = stratumOf(response, model.options.family, n);
  const warnings: string[] = [];
  const shared = new Float64Array(new SharedArrayBuffer(X.data.length * 8));
  shared.set(X.data);
  const isBinary = Array.isArray(response) || ArrayBuffer.isView(response);
  const workerData = {
    rows: n,
    cols: X.cols,
    data: shared,
    options: model.options,
    y: isBinary ? Float64Array.from(response as ArrayLike<number>) : null,
    time: isBinary ? null : Float64Array.from((response as { time: ArrayLike<number> }).time),
    event: isBinary ? null : Float64Array.from((response as { event: ArrayLike<number> }).event),
    featureNames,
  };
  const script = workerScript(import.meta.url, 'cv-worker');
  const folds = Array.from({ length: opts.nRepeats }, (_, repeat) => foldsOf(where, opts, n, strata, repeat, warnings));
  // the full-data fit is a task like the folds (fold paths do not depend on it)
  const all = Array.from({ length: n }, (_, i) => i);
  const tasks = [{ train: all, full: true }, ...folds.flatMap((foldId) => trainingRows(foldId).map((train) => ({ train, full: false })))];
  let fitted: unknown[];
  try {
    fitted = await runInWorkers<{ train: number[]; full: boolean }, unknown>(script, workerData, tasks, workers);
  } catch (error) {
    const e = error as Error & { code?: string };
    if (e.name === 'DataError') throw new DataError(`cross-validation: ${e.message}`, e.code);
    if (e.name === 'ParameterError') throw new ParameterError(e.message, e.code);
    throw error;
  }
  const [fit, ...fits] = fitted.map((json) => FittedElasticNet.fromJSON(json));
  warnings.unshift(...opts.warnings, ...fit.diagnostics.warnings);
  let offset = 0;
  const perRepeat = folds.map((foldId) => {
    const K = Math.max(...foldId);
    const slice = fits.slice(offset, offset + K);
    offset += K;
    return oneCrossValidation(model, X, response, fit, foldId, opts.measure, warnings, slice);
  });
  return summarize(opts, fit, folds[0], perRepeat, warnings);
}

