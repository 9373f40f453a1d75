/**
 * Typed access to the parts of results.json whose type depends on another field: a model's curves
 * (binary or survival, by its `family`) and the size of its validation (resamples, or folds and
 * repeats, by its `method`).
 */
import type { BinaryCurves, BootstrapValidation, CvValidation, ModelResult, SurvivalCurves } from '../pipeline/results-schema/study-results-schema.js';

/** The development or the external patients. */
export type CurvesData = 'development' | 'external';

/** A binary model's curves on one data set (undefined for a survival model or a data set without them). */
export function binaryCurvesOf(m: ModelResult | undefined, data: CurvesData): BinaryCurves | undefined {
  return m?.family === 'binary' ? (m.curves?.[data] ?? undefined) : undefined;
}

/** A survival model's curves on one data set (undefined for a binary model or a data set without them). */
export function survivalCurvesOf(m: ModelResult | undefined, data: CurvesData): SurvivalCurves | undefined {
  return m?.family === 'survival' ? (m.curves?.[data] ?? undefined) : undefined;
}

/** The size of a validation: bootstrap resamples (`B`), or CV folds and repeats; each absent where it does not apply. */
export function validationDesign(v: BootstrapValidation | CvValidation | null | undefined): { B?: number; folds?: number; repeats?: number; succeeded?: number; tasks?: number } {
  return v ?? {};
}
