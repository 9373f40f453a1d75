/**
 * The sample size of a study against Riley et al.'s minimum (pmsampsize's criteria), computed
 * from a run's results: the outcome proportion or event rate of the development data, the number of
 * candidate parameters (every candidate feature and clinical predictor), and the Cox-Snell R2
 * the fitted model achieved (from its likelihood-ratio chi-square).
 */
import { coxSnellR2, minimumSampleSize, type MinimumSampleSize } from '../validate/sample-size.js';
import type { StudyResults } from '../pipeline/results-schema/study-results-schema.js';

/** The sample-size figures of a study. */
export interface SampleSizeCheck {
  n: number;
  /** Patients with the less frequent outcome class (binary) or events (survival). */
  events: number;
  candidates: number;
  /** events / candidates. */
  eventsPerCandidate: number;
  /** The model whose Cox-Snell R2 is used, its R2cs and the LR chi-square it came from. */
  model: string | null;
  lrChiSquare: number | null;
  r2cs: number | null;
  /** Riley's minimum, or null with the reason. */
  minimum: MinimumSampleSize | null;
  reason: string | null;
  /** The inputs given to minimumSampleSize. */
  inputs: Record<string, number>;
}

const PREFERRED = ['combined', 'logistic', 'cox', 'clinical'];

/** Sample size of the development data against Riley's minimum for the study's candidate parameters. */
export function sampleSizeCheck(results: StudyResults): SampleSizeCheck {
  const train = results.data.train;
  const n = train.n;
  const binary = results.outcome.type === 'binary';
  const positives = train.nPositive ?? results.nPositive ?? 0;
  const events = binary ? Math.min(positives, n - positives) : (train.nEvents ?? results.nEvents ?? 0);
  // clinical parameters: the clinical model's terms when there is one (dummies of categorical predictors), else one per column
  const clinicalTerms = results.models.clinical?.coefficients?.filter((c) => c.term !== '(Intercept)').length;
  const candidates = results.data.features.candidates + (clinicalTerms ?? results.data.features.clinical.length);
  let model: string | null = null;
  let lr: number | null = null;
  for (const name of PREFERRED) {
    const fit = results.models[name]?.fit;
    const chisq = fit?.lrTest?.chisq ?? fit?.tests?.likelihoodRatio?.chisq;
    if (typeof chisq === 'number' && Number.isFinite(chisq)) {
      model = name;
      lr = chisq;
      break;
    }
  }
  const r2cs = lr === null ? null : coxSnellR2(lr, results.models[model!].fit!.n);
  const base: SampleSizeCheck = { n, events, candidates, eventsPerCandidate: candidates > 0 ? events / candidates : NaN, model, lrChiSquare: lr, r2cs, minimum: null, reason: null, inputs: {} };
  if (r2cs === null || !(r2cs > 0)) return { ...base, reason: 'no fitted regression model with a likelihood-ratio test (or its Cox-Snell R2 is 0)' };
  try {
    if (binary) {
      const inputs = { parameters: candidates, r2cs, prevalence: positives / n };
      return { ...base, inputs, minimum: minimumSampleSize({ type: 'binary', ...inputs }) };
    }
    const personTime = train.personTime ?? 0;
    const horizons = results.outcome.horizons ?? [];
    const inputs = { parameters: candidates, r2cs, rate: events / personTime, timepoint: Math.max(...horizons), meanfup: personTime / n };
    return { ...base, inputs, minimum: minimumSampleSize({ type: 'survival', ...inputs }) };
  } catch (error) {
    return { ...base, reason: (error as Error).message };
  }
}
