/**
 * The results schema's model entry (`models.NAME`): its measures (apparent, out-of-bag, validated,
 * external), the fitted model's description (coefficients, fit statistics, nomogram, forest,
 * signature) and its curves. A binary and a survival model differ in their curves.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { BinaryCurves, SurvivalCurves } from './curve-schemas.js';
import { BootstrapValidation, CvValidation, ExternalMeasure, MEASURE_NAME, OutOfBag, measures } from './measure-schemas.js';
import { count, described, keyed, list, num, numbers, obj, oneOf, optional, orNull, stat, text, texts } from './schema-builders.js';

const test = (description: string) => obj(description, { chisq: stat('The chi-square statistic.'), df: count('Degrees of freedom.'), p: stat('The p-value.') });

/** One row of a coefficient table. */
export const CoefficientResult = obj('One term of the model (as summary(glm) or summary(coxph) gives it).', {
  term: text('The term: `(Intercept)`, a feature, the Rad-score or a clinical column (a factor\'s level as `column=level`).'),
  estimate: stat('The coefficient (log odds ratio, or log hazard ratio), per unit of the term.'),
  se: stat('Its standard error.'),
  z: stat('Wald z.'),
  p: stat('The p-value (Wald; a Firth fit: the profile penalized likelihood).'),
  lower: stat('The lower end of its 95% interval.'),
  upper: stat('The upper end of its 95% interval.'),
  ratio: stat('exp(estimate): the odds ratio (logistic) or hazard ratio (Cox) per unit of the term.'),
  ratioLower: stat('exp(lower).'),
  ratioUpper: stat('exp(upper).'),
});

const axis = (description: string, extra: Record<string, TSchema> = {}) =>
  obj(description, {
    name: text('Its name.'),
    values: numbers('The values at its ticks (for an outcome axis, the probability).'),
    labels: texts('The ticks\' labels.'),
    points: numbers('The points of each tick on the 0-100 points scale.'),
    ...extra,
  });

/** A nomogram. */
export const Nomogram = obj('The nomogram (as rms::nomogram draws it): a points axis per input scaled so that the widest spans 0-100, a total-points axis, and the outcome axes.', {
  axes: list('One axis per input.', axis('An input\'s axis.', { xbeta: optional(numbers('The linear predictor contribution at each tick.')) })),
  scale: num('Points per unit of linear predictor.'),
  offset: num('The linear predictor at 0 points.'),
  totalPoints: numbers('The total-points axis\'s ticks.'),
  totalPointsLabels: optional(texts('Their labels.')),
  lpAxis: optional(obj('The linear predictor axis.', { lp: numbers('Linear predictor at the ticks.'), labels: texts('Their labels.'), points: numbers('Their total points.') })),
  functionAxes: list('The outcome axes: the probability (logistic) or the survival at each horizon (Cox).', axis('An outcome axis.')),
});

const fit = obj('Fit statistics of a logistic or Cox model.', {
  n: count('Patients.'),
  nEvents: count('Positives (logistic) or events (Cox).'),
  logLik: optional(Type.Union([Type.Number(), Type.Null(), Type.Array(Type.Union([Type.Number(), Type.Null()]))], { description: 'The log-likelihood (Cox: at the start and at the end, as coxph\'s loglik).' })),
  nullLogLik: optional(stat('Logistic: the null model\'s log-likelihood.')),
  lrTest: optional(orNull(test('Logistic: the likelihood-ratio test against the null model.'))),
  aic: optional(stat('Logistic: Akaike\'s information criterion.')),
  tests: optional(
    orNull(
      obj('Cox: the global tests, as summary(coxph) (null without a covariate).', {
        likelihoodRatio: optional(test('The likelihood-ratio test.')),
        wald: optional(test('The Wald test.')),
        score: optional(test('The score (log-rank) test.')),
      }),
    ),
  ),
  concordance: optional(obj('Cox: Harrell\'s C of the fit with its standard error, as summary(coxph).', { estimate: stat('C.'), se: stat('Its standard error.') })),
  zph: optional(
    orNull(
      obj('Cox: the test of proportional hazards on the development patients, as survival::cox.zph (score test of each term\'s coefficient changing with the Kaplan-Meier transform of time, and the global test); null when it cannot be computed.', {
        transform: text('The transform of time (km).'),
        terms: list('Per term.', obj('One term.', { term: text('The term.'), chisq: stat('Its chi-square.'), df: count('Degrees of freedom.'), p: stat('p-value (small: the hazard ratio changes over time).') })),
        global: test('The global test over all terms.'),
      }),
    ),
  ),
  warnings: optional(texts('Fitting warnings (separation, non-convergence, ...).')),
});

const forest = obj('A random survival forest.', {
  trees: count('Trees.'),
  options: obj('The forest\'s options (ranger\'s names in brackets).', {
    trees: count('Trees (num.trees).'),
    mtry: orNull(count('Features tried at each split (mtry).')),
    minNodeSize: count('Minimal node size (min.node.size).'),
    maxDepth: orNull(count('Maximal depth (max.depth), null: unlimited.')),
    split: oneOf('Split rule (splitrule).', ['logrank', 'logrankscore'] as const),
    nsplit: count('Random split points tried per feature (num.random.splits); 0: every split point.'),
    replace: Type.Boolean({ description: 'Sampling with replacement (replace).' }),
    sampleFraction: orNull(num('The fraction of patients sampled per tree (sample.fraction).')),
    importance: Type.Boolean({ description: 'Whether permutation importance was computed.' }),
    seed: Type.Union([Type.Number(), Type.String()], { description: 'The forest\'s seed.' }),
  }),
  oobCIndex: stat('Harrell\'s C of the out-of-bag predictions (ranger\'s 1 - prediction.error).'),
  importance: orNull(list('Permutation importance (ranger\'s importance = "permutation"), most important first.', obj('One feature.', { feature: text('The feature.'), importance: stat('The decrease in out-of-bag C when it is permuted.') }))),
});

const signature = obj('The Rad-score: the elastic net\'s linear predictor.', {
  lambda: num('The penalty chosen.'),
  intercept: num('The intercept (binary; 0 for Cox).'),
  terms: list('Its nonzero terms.', obj('One term.', { name: text('The feature.'), coef: num('Its coefficient on the feature\'s original scale.') })),
});

function modelEntry<F extends 'binary' | 'survival', C extends TSchema>(family: F, curves: C) {
  return obj(`A ${family} model.`, {
    family: Type.Literal(family, { description: 'The outcome type.' }),
    kind: oneOf('The fitted model\'s kind, as in model.json: `ElasticNetSignature` (the Rad-score), `FittedLogisticRegression`, `FittedCoxPH`, `FittedRandomSurvivalForest`.', ['ElasticNetSignature', 'FittedLogisticRegression', 'FittedCoxPH', 'FittedRandomSurvivalForest'] as const),
    apparent: measures('The measures on the development patients (apparent)'),
    outOfBag: optional(OutOfBag),
    apparentIs: optional(Type.Literal('resubstitution', { description: 'A forest: its `apparent` values score the trees\' own training patients; its validated values are the out-of-bag bootstrap\'s, and its development calibration at the horizons is drawn from held-out fifths.' })),
    validation: optional(Type.Union([BootstrapValidation, CvValidation], { description: 'The validation of the whole development process: the bootstrap (`validation.method` bootstrap or both) or repeated cross-validation.' })),
    crossValidation: optional(orNull(described(CvValidation, '`validation.method: "both"`: the repeated cross-validation summarised beside the bootstrap (the headline).'))),
    external: optional(keyed('Per measure, its value on the external patients with a 95% interval.', MEASURE_NAME, ExternalMeasure)),
    coefficients: optional(list('Logistic and Cox: the coefficient table.', CoefficientResult)),
    featureNames: optional(texts('Logistic and Cox: the model\'s inputs in order.')),
    fit: optional(fit),
    nomogram: optional(orNull(Nomogram)),
    ranges: optional(
      list('Logistic and Cox: the development range and spread of each input.', obj('One input.', {
        feature: text('The input.'),
        min: num('Its smallest development value.'),
        max: num('Its largest.'),
        sd: optional(num('Its standard deviation over the development patients (n - 1): the forest plot shows the ratio per SD of a continuous input.')),
        binary: optional(Type.Boolean({ description: 'Whether it takes at most two values (a binary or dummy-coded input, whose ratio is shown per unit).' })),
      })),
    ),
    forest: optional(forest),
    signature: optional(signature),
    curves: optional(
      obj('The data of the report\'s charts, for the `development` and `external` patients. On a validated study every development curve is out of sample: computed per resample or repeat on its held-out patients, then averaged (never from predictions averaged over resamples).', {
        cutoffs: optional(numbers('Survival: the development fit\'s risk-group cut-off (its median risk), used for the external patients.')),
        development: optional(described(curves, 'On the development patients: held out when the study is validated (each curve\'s `predictions` says).')),
        external: optional(described(curves, 'On the external patients.')),
      }),
    ),
  });
}

/** A binary model's entry. */
export const BinaryModelResult = modelEntry('binary', BinaryCurves);
/** A survival model's entry. */
export const SurvivalModelResult = modelEntry('survival', SurvivalCurves);
/** One model's entry of results.json. */
export const ModelResult = Type.Unsafe<Static<typeof BinaryModelResult> | Static<typeof SurvivalModelResult>>({
  description: 'One model\'s measures, description and curves (binary or survival, by `family`).',
  type: 'object',
  discriminator: { propertyName: 'family' },
  oneOf: [BinaryModelResult, SurvivalModelResult],
});

/** One row of a coefficient table. */
export type CoefficientResult = Static<typeof CoefficientResult>;
/** A nomogram. */
export type Nomogram = Static<typeof Nomogram>;
/** What describes a fitted model (the same for both families). */
export type ModelDetails = Pick<Static<typeof BinaryModelResult>, 'kind' | 'coefficients' | 'featureNames' | 'fit' | 'nomogram' | 'ranges' | 'forest' | 'signature'>;
/** A binary model's curves. */
export type BinaryModelCurves = NonNullable<Static<typeof BinaryModelResult>['curves']>;
/** A survival model's curves. */
export type SurvivalModelCurves = NonNullable<Static<typeof SurvivalModelResult>['curves']>;
/** A model's curves. */
export type ModelCurves = BinaryModelCurves | SurvivalModelCurves;
