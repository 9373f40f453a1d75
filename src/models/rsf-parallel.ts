/**
 * Growing a random survival forest on worker threads (Node only).
 */
import { checkInteger } from '../core/checks.js';
import type { FitOptions, MatrixInput, SurvivalResponse } from '../core/estimator.js';
import { runInWorkers, workerScript } from '../core/worker-pool.js';
import type { FittedRandomSurvivalForest } from './fitted-random-survival-forest.js';
import { finish, prepare, shareData, type RandomSurvivalForest } from './random-survival-forest.js';
import type { GrownTree } from './survival-tree.js';

/**
 * {@link RandomSurvivalForest.fit} with the trees grown on `workers` threads. Tree `t` always grows
 * from `fork(t)` of the seed, so the forest is identical for any number of workers (and to `fit`).
 *
 * @defaultValue workers 1
 * @throws as {@link RandomSurvivalForest.fit}; ParameterError for a bad worker count.
 * @example
 * const forest = await fitRandomSurvivalForestParallel(new RandomSurvivalForest({ trees: 500 }), X, { time, event }, { workers: 2 });
 */
export async function fitRandomSurvivalForestParallel(
  forest: RandomSurvivalForest,
  X: MatrixInput,
  response: SurvivalResponse,
  options: Pick<FitOptions, 'featureNames'> & { workers?: number } = {},
): Promise<FittedRandomSurvivalForest> {
  const { workers = 1, ...fitOptions } = options;
  checkInteger('fitRandomSurvivalForestParallel', 'workers', workers, { min: 1 });
  if (workers === 1) return forest.fit(X, response, fitOptions);
  const prepared = prepare(forest.options, X, response, fitOptions);
  const trees = forest.options.trees;
  // contiguous blocks of trees, a few per worker so that the threads finish together
  const blocks = Math.min(trees, workers * 4);
  const tasks: { from: number; to: number }[] = [];
  for (let b = 0; b < blocks; b++) tasks.push({ from: Math.floor((b * trees) / blocks), to: Math.floor(((b + 1) * trees) / blocks) });
  const workerData = { data: shareData(prepared.data), settings: prepared.settings, seed: forest.options.seed };
  const results = await runInWorkers<{ from: number; to: number }, GrownTree[]>(workerScript(import.meta.url, 'rsf-worker'), workerData, tasks, workers);
  return finish(prepared, results.flat());
}
