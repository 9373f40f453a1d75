/**
 * The random survival forest's options, with randomForestSRC's and ranger's meanings, the options a
 * fitted forest records, and the data a fit prepares once (shared by the estimator, the worker
 * threads and the importance).
 */
import type { Matrix64 } from '../core/matrix.js';
import type { ForestData, SurvivalTreeSettings } from './survival-tree.js';

/** Options of `RandomSurvivalForest`, with randomForestSRC's and ranger's meanings. */
export interface RandomSurvivalForestOptions {
  /** Number of trees (ranger's num.trees, randomForestSRC's ntree). @defaultValue 500 */
  trees: number;
  /** Features drawn at every split; `null` = ceil(sqrt(p)) as randomForestSRC (ranger: floor). @defaultValue null */
  mtry: number | null;
  /**
   * Smallest number of in-bag observations in a child node (randomForestSRC's nodesize, ranger's
   * min.node.size for survival): a split is admissible only when both children keep at least this
   * many. @defaultValue 15
   */
  minNodeSize: number;
  /** Largest depth (root = 0); `null` = unlimited. @defaultValue null */
  maxDepth: number | null;
  /** Split rule: log-rank test statistic or standardized log-rank score. @defaultValue 'logrank' */
  split: 'logrank' | 'logrankscore';
  /** Random split points per feature and node (randomForestSRC's nsplit); 0 = every split point. @defaultValue 0 */
  nsplit: number;
  /** Bootstrap (with replacement) or subsample (without). @defaultValue true */
  replace: boolean;
  /** Share of observations drawn for each tree; `null` = 1 with replacement, 0.632 without (as ranger). @defaultValue null */
  sampleFraction: number | null;
  /** Compute out-of-bag permutation importance. @defaultValue false */
  importance: boolean;
  /** Seed of the forest; tree `t` grows from `new Rng(seed).fork(t)`. @defaultValue 1 */
  seed: number | string;
}

/** Resolved options as a fitted forest records them. */
export interface ResolvedForestOptions extends Omit<RandomSurvivalForestOptions, 'mtry' | 'sampleFraction'> {
  mtry: number;
  sampleFraction: number;
}

/** @internal */
export interface Prepared {
  options: ResolvedForestOptions;
  settings: SurvivalTreeSettings;
  data: ForestData;
  featureNames: string[];
  times: Float64Array;
  nEvents: number;
  X: Matrix64;
  time: ArrayLike<number>;
  event: ArrayLike<number>;
}
