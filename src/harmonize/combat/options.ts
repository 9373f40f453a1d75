/**
 * ComBat's options (named after sva's arguments), fit and transform options, and its per-batch estimates.
 */
import type { Column } from '../../data/table.js';

/** Options of the `ComBat` estimator, named after sva's arguments. */
export interface ComBatOptions {
  /**
   * Parametric empirical Bayes priors (normal for the location, inverse gamma for the scale);
   * `false` uses sva's non-parametric priors (`par.prior = FALSE`).
   * @defaultValue true
   */
  parametric: boolean;
  /**
   * Empirical Bayes shrinkage of the batch estimates. `false` uses each feature's own batch
   * location and scale (the L/S model without shrinkage, neuroCombat's `eb = FALSE`).
   * @defaultValue true
   */
  eb: boolean;
  /**
   * Adjust only the batch means, not the variances (`mean.only`).
   * @defaultValue false
   */
  meanOnly: boolean;
  /**
   * Reference batch (M-ComBat, `ref.batch`): left unchanged; the others are mapped to it.
   * @defaultValue null
   */
  refBatch: string | null;
  /**
   * Convergence threshold of the parametric iteration (sva's `it.sol` `conv`), on the largest
   * relative change of any feature's estimates.
   * @defaultValue 1e-4
   */
  convergence: number;
}

/** Options of `ComBat.fit` beyond the data. */
export interface ComBatFitOptions {
  featureNames?: readonly string[];
  /** Batch level (scanner, centre) of each sample. */
  batch: ArrayLike<string | number>;
  /** Covariate columns whose effects are preserved (numeric, or text dummy-coded). @defaultValue [] */
  covariates?: readonly Column[];
  /** Name of the batch column, recorded for applying the model to tables. @defaultValue null */
  batchColumn?: string | null;
}

/** Options of `FittedComBat.transform`. */
/** What ComBat does with a batch not seen in training (see {@link ComBatTransformOptions.newBatch}). */
export type NewBatch = 'error' | 'estimate' | 'pooled';

export interface ComBatTransformOptions {
  /** Batch level of each sample. */
  batch: ArrayLike<string | number>;
  /** The covariate columns the model was fitted with, for these samples. @defaultValue [] */
  covariates?: readonly Column[];
  /**
   * A batch not seen in training: `'error'`, `'estimate'` its location and scale from its own
   * samples (at least 5), standardized with the training estimates, with empirical Bayes priors
   * estimated across that batch's features as ComBat does for every batch, or `'pooled'`: assume it
   * has no batch effect, so its samples keep their values (with a reference batch: like the
   * reference batch, whose samples keep theirs; otherwise at the pooled location and scale of the
   * training batches), which any number of samples allows, one patient too; an assumption the data
   * cannot check.
   * @defaultValue 'error'
   */
  newBatch?: NewBatch;
  /**
   * Missing feature values: `'error'`, or `'keep'` them missing (each cell is harmonized on its
   * own, so the present values of a sample are still harmonized). Estimating a new batch needs
   * complete values.
   * @defaultValue 'error'
   */
  missing?: 'error' | 'keep';
  /**
   * Harmonize a Matrix64 input in place (its values are overwritten and it is returned, with the
   * feature names): no second matrix, for tables as large as memory. Other inputs are converted
   * first, so they are never changed.
   * @defaultValue false
   */
  inPlace?: boolean;
}

/** Per-batch estimates, one entry per training batch level. */
export interface ComBatBatchEstimates {
  level: string;
  n: number;
  /** Mean and variance of the batch's location estimates across features (normal prior). */
  gammaBar: number;
  tau2: number;
  /** Inverse-gamma prior of the batch's scale estimates (NaN with meanOnly). */
  aPrior: number;
  bPrior: number;
}
