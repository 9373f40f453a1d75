/**
 * The predictions of one study model for some patients: the type that the frozen study produces
 * and the performance measures read, in a module below both.
 */
import type { Matrix64 } from '../core/matrix.js';

/** Predictions of one model for some patients. */
export type StudyPrediction =
  | { family: 'binary'; probability: Float64Array; linearPredictor: Float64Array }
  /** Survival at the study's evaluation times (the horizons and a grid up to the last: `evaluationTimes`), rows x times. */
  | { family: 'survival'; risk: Float64Array; survival: Matrix64 };

/**
 * The confidence interval of a model's predictions: of the probability (binary), or of the survival
 * at each horizon (survival; rows x horizons).
 */
export type PredictionInterval =
  | { family: 'binary'; lower: Float64Array; upper: Float64Array }
  | { family: 'survival'; horizons: number[]; lower: Matrix64; upper: Matrix64 };
