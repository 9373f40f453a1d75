/**
 * The results schema's measures: the names of the performance measures, a model's apparent,
 * out-of-bag, validated (bootstrap or cross-validation) and external values of each.
 */
import { Type, type Static } from '@sinclair/typebox';
import { count, keyed, obj, oneOf, optional, stat, textOrNull } from './schema-builders.js';

/** The name of a performance measure: binary, survival, and survival at a horizon h. */
export const MEASURE_NAME = '^(auc|brier|ipa|calibrationSlope|calibrationIntercept|cIndex|unoC|ibs|(tdAuc|brier|ipa)@[^@]+)$';

const MEASURES_TEXT =
  'binary `auc`, `calibrationSlope`, `calibrationIntercept` (calibration-in-the-large), `brier`, `ipa` (index of prediction accuracy, the scaled Brier score 1 - Brier / (prevalence x (1 - prevalence)) of the same patients); ' +
  'survival `cIndex` (Harrell), `unoC` (Uno, tau = last horizon), `calibrationSlope` (the Cox coefficient of log(-log) of the predicted survival by the last horizon: for a Cox model its linear predictor, as rms::validate(cph)\'s Slope; 1 is ideal), `tdAuc@h`, `brier@h` (IPCW) and `ipa@h` (1 - brier@h / the IPCW Brier score of the Kaplan-Meier estimate of the same patients without covariates, as riskRegression::Score reports it) at each horizon h (in the time column\'s unit), ' +
  '`ibs` (integrated from 0 over the horizons and 20 evenly spaced times up to the last horizon, stopping at the last of these times before the last follow-up: `data.train.ibsRange`, and the same range in every resample). ' +
  'A horizon before the first event has a null `tdAuc@h`; one at or beyond the last follow-up has null `tdAuc@h`, `brier@h`, calibration and decision curve, each with a warning naming the horizon, as is an IBS range that stops short of the last horizon. AUC, C and IPA are on 0-1 (0.5: chance for AUC and C; 0: no better than the non-informative model for IPA), Brier scores on the probability scale (lower is better)';

/** A model's value of each measure on one set of predictions (null where undefined). */
export function measures(description: string) {
  return keyed(`${description}: ${MEASURES_TEXT}`, MEASURE_NAME, stat('The measure\'s value (null where undefined, with a warning saying why).'));
}

/** One measure validated by the bootstrap. */
export const BootstrapMeasure = obj('One measure validated by the bootstrap of the whole development process.', {
  apparent: stat('Its value on the development patients (apparent; a forest\'s is resubstitution).'),
  optimism: stat('Harrell\'s optimism (the mean over resamples of the resample\'s apparent value minus its value on all development patients); null for a forest, whose corrected value is its out-of-bag mean.'),
  corrected: stat('The validated estimate: `.632+` for AUC, C and Uno\'s C; apparent - optimism for the other measures; the IPA from the corrected Brier score; a forest\'s mean over resamples of its out-of-bag value.'),
  method: oneOf('How `corrected` is estimated.', ['.632+', 'optimism', 'from the corrected Brier score', 'out-of-bag bootstrap'] as const),
  oob: optional(stat('AUC, C and Uno\'s C: the mean over resamples of each resample\'s model on the patients it left out (Efron\'s leave-one-out bootstrap), from which the .632 and .632+ estimates start.')),
  point632: optional(stat('AUC, C and Uno\'s C: Efron\'s plain .632 estimate, 0.368 x apparent + 0.632 x `oob`.')),
  plus632: optional(stat('A forest\'s AUC or C: the .632+ estimate from its in-bag (resubstitution) values, kept for reference; it stays optimistic.')),
  harrell: optional(
    obj('AUC, C and Uno\'s C: Harrell\'s optimism and corrected value (with strong selection among many features it keeps much of the optimism, since about 63% of the patients are in each resample).', {
      optimism: stat('Harrell\'s optimism.'),
      corrected: stat('Apparent - Harrell\'s optimism.'),
    }),
  ),
  resamples: count('The resamples that yielded the measure.'),
});

/** The pooled out-of-fold estimate of one measure. */
const Pooled = obj('Each repeat\'s out-of-fold predictions pooled into one value (riskRegression\'s `Score(split.method = "cvK")`); pooling treats the folds\' fits as one model, which biases mostly the calibration measures.', {
  estimate: stat('The mean over repeats of the pooled value.'),
  lower: stat('AUC and C: the lower end of the 95% interval of the pooled predictions (DeLong; the concordance\'s standard error), averaged over repeats; null for the other measures.'),
  upper: stat('AUC and C: the upper end of that interval; null for the other measures.'),
  sdOverRepeats: stat('The standard deviation of the pooled value over repeats.'),
  repeats: count('The repeats that yielded a pooled value.'),
});

/** One measure validated by repeated cross-validation. */
export const CrossValidatedMeasure = obj('One measure validated by repeated K-fold cross-validation of the whole development process.', {
  mean: stat('The mean over all folds of all repeats (the report\'s headline).'),
  sd: stat('The standard deviation over those folds.'),
  folds: count('The folds that yielded the measure.'),
  pooled: optional(Pooled),
});

/** One measure on the external patients with its interval. */
export const ExternalMeasure = obj('One measure on the external patients.', {
  value: stat('The measure\'s value.'),
  lower: stat('The lower end of its 95% interval.'),
  upper: stat('The upper end of its 95% interval.'),
  method: textOrNull('How the interval is computed: DeLong for AUC, survival::concordance\'s standard error for C, a percentile bootstrap of the patients (500) for the rest.'),
});

const validatedBy = { tasks: optional(count('CV: the resampling tasks (folds x repeats).')), succeeded: count('The resamples or folds whose development succeeded.') };

/** A model's bootstrap validation. */
export const BootstrapValidation = obj('The bootstrap validation of the whole development process (Harrell\'s optimism correction, .632+ for AUC and C; a forest: the out-of-bag bootstrap).', {
  method: Type.Literal('bootstrap', { description: '`bootstrap` (with `validation.method` bootstrap or both) or `cv`.' }),
  B: count('Bootstrap: the resamples asked for.'),
  ...validatedBy,
  metrics: keyed(`Per measure (${MEASURES_TEXT})`, MEASURE_NAME, BootstrapMeasure),
});

/** A model's repeated cross-validation. */
export const CvValidation = obj('Repeated K-fold cross-validation of the whole development process.', {
  method: Type.Literal('cv', { description: '`cv`: repeated cross-validation.' }),
  folds: count('CV: K, the folds of each repeat.'),
  repeats: count('CV: the repeats.'),
  ...validatedBy,
  metrics: keyed(`Per measure (${MEASURES_TEXT})`, MEASURE_NAME, CrossValidatedMeasure),
});

/** A forest's out-of-bag measures, with the patients that have one. */
export const OutOfBag = Type.Unsafe<{ patients: number } & Record<string, number | null>>({
  type: 'object',
  description: `A random survival forest only: its measures on its out-of-bag predictions (each development patient predicted by the trees that did not see them, as ranger reports them), the forest's development performance in the report: ${MEASURES_TEXT}`,
  properties: { patients: count('The development patients with an out-of-bag prediction (predicted by at least one tree that did not see them).') },
  required: ['patients'],
  patternProperties: { [MEASURE_NAME]: stat("The measure's value (null where undefined).") },
  additionalProperties: false,
});

/** One measure validated by the bootstrap. */
export type BootstrapMeasure = Static<typeof BootstrapMeasure>;
/** One measure validated by repeated cross-validation. */
export type CrossValidatedMeasure = Static<typeof CrossValidatedMeasure>;
/** One measure on the external patients. */
export type ExternalMeasure = Static<typeof ExternalMeasure>;
/** A model's bootstrap validation. */
export type BootstrapValidation = Static<typeof BootstrapValidation>;
/** A model's repeated cross-validation. */
export type CvValidation = Static<typeof CvValidation>;
/** A forest's out-of-bag measures. */
export type OutOfBag = Static<typeof OutOfBag>;
