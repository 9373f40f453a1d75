/**
 * The patients a study is developed on: the type that developing, the run's fingerprint and the
 * resampling share, in a module below all of them.
 */
import type { Response } from '../core/estimator.js';
import type { Matrix64 } from '../core/matrix.js';
import type { Column } from '../data/table.js';

/** The patients a study is developed on. */
export interface DevelopmentData {
  /** Raw features, named. */
  X: Matrix64;
  response: Response;
  ids: readonly string[];
  /** Harmonization batch of each patient (null without a harmonize step). */
  batch: readonly string[] | null;
  /** Clinical and ComBat covariate columns, for these patients. */
  covariates: readonly Column[];
}
