/**
 * The results schema's development steps (`steps`): what each step of the development fit (on all
 * development patients) kept and dropped, with its settings as the study file gives them.
 */
import { Type, type Static } from '@sinclair/typebox';
import { STUDY_SCHEMA } from '../study-schema.js';
import type { Study } from '../study.js';
import { count, embed, list, num, numbers, obj, oneOf, optional, record, stat, stats, text, texts } from './schema-builders.js';

const stepSchemas = STUDY_SCHEMA.properties.steps.properties;
const settings = <K extends keyof Study['steps']>(step: K) => embed<NonNullable<Study['steps'][K]>>(`The study file's steps.${step}, with every default filled in.`, stepSchemas[step]);
const keptDropped = {
  kept: texts('The features it kept, in input order.'),
  dropped: texts('The features it dropped.'),
};
const share = (when: string) => obj(`The share of features whose values differ between batches (p < 0.05) ${when} harmonization.`, { anova: stat('One-way ANOVA.'), kruskal: stat('Kruskal-Wallis.') });

/** What each development step kept and dropped. */
export const Steps = obj('Each development step\'s settings and what it kept and dropped, on all development patients.', {
  imputation: optional(
    obj('Imputation of missing feature values (`data.missing` median or mean).', {
      strategy: oneOf('The statistic filled in.', ['median', 'mean'] as const),
      filled: list('The features with missing development values.', obj('One feature.', { feature: text('The feature.'), fill: stat('The value filled in (learned on the development patients; inside each resample, on its own).'), missingInTraining: count('Its missing development values.') })),
    }),
  ),
  harmonize: optional(
    obj('ComBat harmonization (sva::ComBat).', {
      settings: settings('harmonize'),
      options: obj('The options of the ComBat fit.', {
        parametric: Type.Boolean({ description: 'Parametric empirical Bayes priors (par.prior).' }),
        meanOnly: Type.Boolean({ description: 'Location only, no scale adjustment (mean.only).' }),
        eb: Type.Boolean({ description: 'Empirical Bayes shrinkage of the batch estimates.' }),
        refBatch: Type.Union([Type.String(), Type.Null()], { description: 'The reference batch (ref.batch), left unchanged; null: the pooled location and scale.' }),
        convergence: num('The convergence tolerance of the non-parametric or iterative estimates.'),
      }),
      batches: list('The development batches.', obj('One batch.', { level: text('Its label.'), n: count('Its patients.') })),
      shareSignificantBefore: share('before'),
      shareSignificantAfter: share('after'),
      mostAffected: list('The four features with the strongest batch difference before harmonization, with their values per batch.', obj('One feature.', {
        feature: text('The feature.'),
        anovaPBefore: stat('ANOVA p-value across batches before.'),
        anovaPAfter: stat('After.'),
        values: list('Per batch.', obj('One batch.', { batch: text('Its label.'), before: stats('The feature\'s values before.'), after: stats('After.') })),
      })),
      unadjusted: texts('Features left unadjusted (constant within a batch).'),
      warnings: texts('The ComBat fit\'s warnings.'),
    }),
  ),
  variance: optional(obj('The near-zero-variance filter (caret::nearZeroVar).', { settings: settings('variance'), ...keptDropped })),
  reproducibility: optional(
    obj('The reproducibility filter: each feature\'s intraclass correlation over repeated segmentations (psych::ICC).', {
      settings: settings('reproducibility'),
      subjects: count('Patients with repeated segmentations.'),
      raters: count('Segmentations (raters) per patient.'),
      ...keptDropped,
      icc: list('Every feature\'s ICC.', obj('One feature.', { feature: text('The feature.'), icc: stat('Its ICC (the study\'s form).'), lower: stat('The lower end of its 95% interval.'), upper: stat('The upper end.'), kept: Type.Boolean({ description: 'Whether it passed the threshold.' }) })),
    }),
  ),
  redundancy: optional(
    obj('The redundancy filter: of two features correlated beyond the threshold, the one with the larger mean absolute correlation is dropped (caret::findCorrelation).', {
      settings: settings('redundancy'),
      ...keptDropped,
      representedBy: list('Which kept feature stands for each dropped one.', obj('One dropped feature.', { feature: text('The dropped feature.'), representedBy: text('The kept feature.'), correlation: stat('Their correlation.') })),
    }),
  ),
  select: optional(
    obj('Elastic-net selection (glmnet::cv.glmnet): the Rad-score.', {
      settings: settings('select'),
      lambda: num('The penalty chosen.'),
      rule: oneOf('How it was chosen.', ['lambda1se', 'lambdaMin', 'nFeatures'] as const),
      features: list('The signature.', obj('One feature.', { name: text('The feature.'), coef: num('Its coefficient on the original scale.') })),
      intercept: num('The intercept (binary; 0 for Cox).'),
      formula: text('The Rad-score formula.'),
      cv: obj('The cross-validation curve, as cv.glmnet.', {
        measure: text('The loss (deviance, auc, class, C).'),
        nFolds: optional(count('The folds used.')),
        lambda: numbers('The penalty sequence, decreasing.'),
        cvm: stats('The mean cross-validated loss at each penalty.'),
        cvsd: stats('Its standard error.'),
        nzero: Type.Array(Type.Integer(), { description: 'Nonzero coefficients at each penalty.' }),
        lambdaMin: num('The penalty of least loss.'),
        lambda1se: num('The largest penalty within one standard error of it.'),
        warnings: optional(texts('Warnings of the cross-validation.')),
      }),
      path: obj('The coefficient path of every feature that enters it.', {
        lambda: numbers('The penalty sequence.'),
        features: list('The features.', obj('One feature.', { name: text('The feature.'), coef: stats('Its coefficient at each penalty, as coef(glmnet) gives it.') })),
      }),
      selectionFrequency: record('The share of validation resamples (or folds) whose signature holds each feature, most frequent first.', num('The share, 0-1.')),
      selectionNotes: optional(list('Signature features selected in no resample, with the correlated features selected in their place.', obj('One feature.', {
        feature: text('The signature feature.'),
        standIns: list('The correlated features selected instead.', obj('One stand-in.', { feature: text('The feature.'), correlation: stat('Its correlation with the signature feature.'), frequency: num('Its selection frequency.') })),
        explanation: text('What it means, in words.'),
      }))),
      resamples: count('The validation resamples behind selectionFrequency.'),
      stability: optional(obj('Stability selection at the chosen penalty (half-samples).', { B: count('Subsamples.'), failed: count('Subsamples that failed.'), frequency: record('Per feature selected at least once, its selection share.', num('The share, 0-1.')) })),
    }),
  ),
});

/** What each development step kept and dropped. */
export type Steps = Static<typeof Steps>;
