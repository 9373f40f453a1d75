/**
 * The elastic net's options, response and fit options, shared by the estimator, its fitted path and
 * the cross-validation.
 */
import type { FitOptions, Response } from '../../core/estimator.js';

/** Model family. */
export type ElasticNetFamily = 'binomial' | 'cox';

/** Options of the `ElasticNet` estimator, named as glmnet's arguments. */
export interface ElasticNetOptions {
  /** @defaultValue 'binomial' */
  family: ElasticNetFamily;
  /**
   * Elastic-net mixing: 1 is the lasso, 0 ridge.
   * @defaultValue 1
   */
  alpha: number;
  /** @defaultValue 100 */
  nLambda: number;
  /**
   * Smallest lambda as a fraction of the largest; null uses glmnet's rule: 0.01 when there are
   * fewer observations than features, else 1e-4.
   * @defaultValue null
   */
  lambdaMinRatio: number | null;
  /** A decreasing lambda sequence to use instead of the default path (no early stopping then). @defaultValue null */
  lambda: ArrayLike<number> | null;
  /**
   * Standardize features (weighted variance with divisor n) before fitting; coefficients are
   * always reported on the original scale.
   * @defaultValue true
   */
  standardize: boolean;
  /**
   * Per-feature penalty multipliers (0 = unpenalized, e.g. clinical covariates); rescaled to sum to
   * the number of features, as glmnet does. null means all 1.
   * @defaultValue null
   */
  penaltyFactor: ArrayLike<number> | null;
  /**
   * Convergence threshold, relative to the null deviance: coordinate descent stops when no
   * coefficient update changes the quadratic approximation of the loss by more than this.
   * @defaultValue 1e-7
   */
  thresh: number;
  /** Maximum passes over the data across the path. @defaultValue 100000 */
  maxIter: number;
  /** Cox ties: Breslow (glmnet 4.1) or Efron. @defaultValue 'breslow' */
  ties: 'breslow' | 'efron';
  /**
   * Limit on the number of nonzero coefficients, as glmnet's `dfmax`: the path stops after the
   * first lambda whose solution has more (that solution is kept). null means no limit (glmnet's
   * default nvars + 1). Spares the slow, nearly saturated end of Cox paths with more features than
   * events.
   * @defaultValue null
   */
  dfmax: number | null;
}

/** The response: a binary outcome (0/1) or a survival outcome (the shared {@link Response}). */
export type ElasticNetResponse = Response;

/** The response of some observations (zero-based rows, in order; repeats allowed). */
export function selectResponseRows(response: ElasticNetResponse, rows: ArrayLike<number>): ElasticNetResponse {
  if (Array.isArray(response) || ArrayBuffer.isView(response)) {
    const y = response as ArrayLike<number>;
    return Float64Array.from(rows, (i) => y[i]);
  }
  const { time, event } = response as { time: ArrayLike<number>; event: ArrayLike<number> };
  return { time: Float64Array.from(rows, (i) => time[i]), event: Float64Array.from(rows, (i) => event[i]) };
}

/** Options of `ElasticNet.fit` beyond the data: `featureNames`, and `weights` (non-negative; normalized to sum to one internally). */
export type ElasticNetFitOptions = Pick<FitOptions, 'featureNames' | 'weights'>;
