/**
 * Stability selection (Meinshausen & Buhlmann 2010): how often each feature is selected at a
 * given lambda over random subsamples.
 */
import { checkInteger, checkNumber, checkOneOf, resolveOptions } from '../core/checks.js';
import { DataError } from '../core/errors.js';
import { resolveFeatureNames, toMatrix, type MatrixInput } from '../core/estimator.js';
import { Rng } from '../core/rng.js';
import { ElasticNet } from './elastic-net/elastic-net.js';
import { selectResponseRows, type ElasticNetResponse } from './elastic-net/options.js';

/** Options of {@link stabilitySelection}. */
export interface StabilitySelectionOptions {
  /** The lambda at which selection is counted (e.g. a cross-validated lambda.min). */
  lambda: number;
  /** Number of resamples. @defaultValue 100 */
  resamples: number;
  /**
   * `'half'`: subsamples of floor(n / 2) without replacement (Meinshausen & Buhlmann);
   * `'bootstrap'`: n with replacement.
   * @defaultValue 'half'
   */
  sampling: 'half' | 'bootstrap';
  /** @defaultValue 1 */
  seed: number;
}

/** Selection frequencies. */
export interface StabilitySelectionResult {
  lambda: number;
  resamples: number;
  sampling: 'half' | 'bootstrap';
  featureNames: string[];
  /** Share of resamples in which each feature has a nonzero coefficient at lambda. */
  frequency: number[];
  /** Resamples whose fit failed (e.g. a subsample with one class), skipped. */
  failed: number;
}

/**
 * Selection frequency of every feature at `lambda` over seeded resamples: each resample r draws
 * its rows from `new Rng(seed).fork(r)` and fits the elastic net (same options) down a path ending
 * at `lambda` (warm starts). Features selected in at least a share pi of resamples form the stable
 * set; Meinshausen & Buhlmann (2010, doi:10.1111/j.1467-9868.2010.00740.x) bound its expected
 * number of false selections by q^2 / ((2 pi - 1) p) for pi > 0.5, with q the average number
 * selected.
 *
 * @throws DataError when every resample fails.
 */
export function stabilitySelection(model: ElasticNet, input: MatrixInput, response: ElasticNetResponse, options: Partial<StabilitySelectionOptions> & { lambda: number; featureNames?: readonly string[] }): StabilitySelectionResult {
  const where = 'stabilitySelection';
  const { featureNames, ...rest } = options;
  const opts = resolveOptions(where, { lambda: NaN, resamples: 100, sampling: 'half', seed: 1 } as StabilitySelectionOptions, rest);
  const X = toMatrix(where, input);
  checkNumber(where, 'lambda', opts.lambda, { min: 0, exclusiveMin: true });
  checkInteger(where, 'resamples', opts.resamples, { min: 1 });
  checkOneOf(where, 'sampling', opts.sampling, ['half', 'bootstrap'] as const);
  checkInteger(where, 'seed', opts.seed, { min: 0 });
  const n = X.rows;
  const p = X.cols;
  const names = resolveFeatureNames(where, X, featureNames);
  // path from the full-data lambda max down to the requested lambda
  const full = model.fit(X, response, { featureNames: names });
  const lambdas = Array.from(full.lambda).filter((l) => l > opts.lambda);
  lambdas.push(opts.lambda);
  const resampleModel = new ElasticNet({ ...model.options, lambda: lambdas });
  const counts = new Float64Array(p);
  const root = new Rng(opts.seed);
  let failed = 0;
  for (let r = 0; r < opts.resamples; r++) {
    const rng = root.fork(r);
    const rows = opts.sampling === 'half' ? Array.from(rng.sample(n, Math.floor(n / 2))) : Array.from(rng.bootstrap(n));
    const sub = selectResponseRows(response, rows);
    try {
      const fit = resampleModel.fitRows(X, rows, sub);
      const last = fit.beta.length - 1;
      if (fit.lambda[last] !== opts.lambda) {
        failed++;
        continue;
      }
      for (let j = 0; j < p; j++) if (fit.beta[last][j] !== 0) counts[j]++;
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      failed++;
    }
  }
  const used = opts.resamples - failed;
  if (used === 0) throw new DataError(`${where}: every resample failed (e.g. a subsample with one class or no events)`, 'DATA_RESAMPLE');
  return { lambda: opts.lambda, resamples: used, sampling: opts.sampling, featureNames: names, frequency: Array.from(counts, (c) => c / used), failed };
}
