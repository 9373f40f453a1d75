/**
 * The schema of results.json, the one description of what `runStudy` returns and `radsig run`
 * writes: every field with its meaning, scale and the predictions it comes from. The TypeScript
 * types are derived from it (`Static`), so they cannot drift; `schema/results.schema.json` is written
 * from it by `npm run build`, and the README's field table from its descriptions.
 */
import { Type, type Static } from '@sinclair/typebox';
import { STUDY_SCHEMA } from '../study-schema.js';
import type { Study } from '../study.js';
import { PredictionSource } from './curve-schemas.js';
import { BinaryModelResult, ModelResult, SurvivalModelResult } from './model-schemas.js';
import { count, described, embed, list, num, obj, oneOf, optional, orNull, record, stat, stats, text, textOrNull, texts } from './schema-builders.js';
import { Steps } from './step-schemas.js';

/**
 * The version of results.json's layout. Raise it when a field is removed, renamed or changes
 * meaning (adding an optional field keeps it); `radsig report` refuses results of another version.
 */
export const RESULTS_SCHEMA_VERSION = 1;

const value = (description: string) => Type.Union([Type.String(), Type.Number()], { description });

const batchCount = obj('One batch (centre).', {
  level: text('Its label.'),
  n: count('Its patients.'),
  nPositive: optional(count('Binary: its positives.')),
  nEvents: optional(count('Survival: its events.')),
});

const dataSetSummary = {
  source: text('The table\'s file name (or the name given to the library).'),
  n: count('Patients used.'),
  droppedRows: count('Rows left out (`data.missing: "drop"`, or a missing outcome).'),
  nPositive: optional(count('Binary: positives.')),
  nEvents: optional(count('Survival: events.')),
  medianFollowUp: optional(stat('Survival: median follow-up (reverse Kaplan-Meier), in the time column\'s unit.')),
  personTime: optional(num('Survival: the sum of follow-up times.')),
  firstEvent: optional(stat('Survival: the first event time.')),
  lastFollowUp: optional(num('Survival: the last follow-up time.')),
  ibsRange: optional(orNull(Type.Array(Type.Number(), { description: 'Survival: `[0, t]`, the range the integrated Brier score runs over (external patients: within development\'s and their own follow-up); null when none.', minItems: 2, maxItems: 2 }))),
  batches: optional(list('Patients and outcomes per batch (centre), when the study has a batch column.', batchCount)),
};

/** The description of one data set. */
export const DataSummary = obj('One table as the run read it.', dataSetSummary);

const externalSummary = obj('The external validation patients.', {
  ...dataSetSummary,
  description: textOrNull('Which patients they are (the external file, or the held-out batch as `column = level`).'),
  overlap: obj('What the external patients share with the development patients.', {
    sharedIds: count('Patient ids found in both (with `data.id`).'),
    identicalRows: count('External patients with exactly a development patient\'s feature values.'),
    examples: list('Up to a few such pairs.', obj('One pair.', { external: text('The external patient.'), development: text('The development patient.') })),
  }),
});

const contrast = obj('The difference of the two models in one measure, over splits.', {
  metric: text('The measure: binary `auc`, `brier`; survival `cIndex`, `tdAuc@h`, `brier@h`.'),
  estimate: stat('The mean over splits of first minus second.'),
  sd: stat('Its standard deviation over splits (sd / sqrt(`splits`) is its Monte Carlo error).'),
  lower: stat('The 2.5th percentile of the splits\' differences (20 or more splits): their spread over overlapping resamples, not a confidence interval.'),
  upper: stat('The 97.5th percentile.'),
  firstBetter: stat('The share of splits in which the first model did better (higher AUC or C, lower Brier score).'),
  splits: count('The splits (bootstrap resamples, or CV repeats).'),
});

/** A comparison of two models. */
export const Comparison = obj(
  'A comparison of two models: validated on the development patients (`contrasts`: per bootstrap resample, on its out-of-bag patients, or per CV repeat, on its pooled out-of-fold predictions, summarised as riskRegression\'s `Score(split.method = "bootcv" / "cvK")` summarises contrasts, with no p-value), or one paired test on the external patients (DeLong\'s for AUC; the difference in Harrell\'s C with a percentile-bootstrap interval) or, without validation, on the apparent predictions.',
  {
    models: Type.Tuple([Type.String(), Type.String()], { description: 'The two models, first and second.' }),
    data: oneOf('The patients compared on.', ['development', 'external'] as const),
    predictions: PredictionSource,
    method: text('How, in words.'),
    interval: optional(text('Validated: what `lower` and `upper` of the contrasts are.')),
    contrasts: optional(list('Validated: one per measure.', contrast)),
    metric: optional(text('A paired test: the measure (`auc` or `cIndex`).')),
    estimate: optional(stat('A paired test: first minus second.')),
    auc: optional(stats('DeLong: the two AUCs.')),
    cIndex: optional(stats('The two C indices.')),
    z: optional(stat('DeLong: the z statistic.')),
    lower: optional(stat('A paired test: the lower end of the difference\'s 95% interval.')),
    upper: optional(stat('The upper end.')),
    p: optional(stat('A paired test: the two-sided p-value.')),
    reason: optional(text('Why the test could not be computed.')),
  },
);

/** The outcome as read. */
const Outcome = obj('The outcome as read: the study\'s, with the positive or event value the data layer took when the study did not give one.', {
  type: oneOf('Binary or survival.', ['binary', 'survival'] as const),
  column: optional(text('Binary: the outcome column.')),
  positive: optional(value('Binary: the value counted as positive.')),
  time: optional(text('Survival: the time column.')),
  event: optional(text('Survival: the event column.')),
  eventValue: optional(value('Survival: the event column\'s value that marks an event (every other value is censored).')),
  horizons: optional(Type.Array(Type.Number(), { description: 'Survival: the evaluation horizons, in the time column\'s unit.' })),
  timeUnit: optional(oneOf('Survival: the unit of the time column, as the study gives it (labels only).', ['days', 'weeks', 'months', 'years'] as const)),
});

/** results.json. */
export const StudyResultsSchema = Type.Object(
  {
    schemaVersion: Type.Literal(RESULTS_SCHEMA_VERSION, { description: 'The version of this layout (`schema/results.schema.json`); `radsig report` reads results of its own version.' }),
    radsigVersion: text('The radsig version that wrote it.'),
    seed: count('The validation seed (the study\'s `validation.seed`).'),
    fingerprint: text('The run\'s fingerprint (SHA-256 of the study with every default filled in and of the development data as read), also in its model.json: a pair from different runs is refused.'),
    study: embed<Study>('The study with every default filled in (the study file\'s schema).', STUDY_SCHEMA),
    outcome: Outcome,
    n: count('Development patients.'),
    nPositive: optional(count('Binary: development positives.')),
    nEvents: optional(count('Survival: development events.')),
    data: obj('Per table: source, patients, rows dropped, outcomes, follow-up, patients and outcomes per centre; candidate features.', {
      train: described(DataSummary, 'The development patients.'),
      external: optional(externalSummary),
      features: obj('The candidate features.', {
        candidates: count('Candidate feature columns.'),
        imageTypes: record('Candidate features per PyRadiomics image type (`original`, `wavelet-LLH`, ..., `other`).', count('Features.')),
        clinical: texts('The clinical columns.'),
      }),
      missing: oneOf('The study\'s `data.missing`: how missing feature values are handled.', ['error', 'median', 'mean', 'drop'] as const),
    }),
    steps: Steps,
    models: Type.Record(Type.String(), ModelResult, { description: 'Per model (named as in the study\'s `models`), its measures, description and curves.', minProperties: 1 }),
    comparisons: list('Every pair of models, on the development patients (validated when the study validates) and on the external patients.', Comparison),
    validation: obj('The validation run.', {
      method: oneOf('The study\'s validation method.', ['bootstrap', 'cv', 'both', 'none'] as const),
      tasks: count('Resampling tasks run (bootstrap resamples and CV folds).'),
      failed: count('Tasks whose development failed (their reasons below); the validated measures use the others.'),
      failures: list('Why tasks failed, most frequent first.', obj('One reason.', { reason: text('The reason.'), count: count('Tasks.') })),
    }),
    decisionCurves: optional(obj('How far the decision curves are drawn (their data run from 0.01 to 0.99; without this field, to 0.99).', {
      to: num('The highest threshold probability shown.'),
      rule: text('Where it comes from: the study\'s `report.decisionCurveTo`, or the 95th percentile of the development patients\' predicted risks (survival: of the event by each horizon, over every model) rounded up to 0.05, between 0.1 and 0.99.'),
    })),
    warnings: texts('Soft problems: how the tables were read (columns left out, a 1/2 event coding), then convergence, small classes and the like; a model whose Brier score (apparent, validated or external) is worse than the non-informative model\'s, with both numbers and the IPA; measures that some resamples or folds did not yield, per model and measure, with how many and why.'),
    notes: texts('Explanations of numbers that look wrong but are as they should be (a Rad-score model whose validated or external calibration slope is above 1); shown in the report under the warnings.'),
  },
  {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/radsig/radsig/schema/results.schema.json',
    title: 'radsig results',
    description: 'Every number of a radsig study run (results.json): the study, the data, each development step, each model\'s apparent, validated and external performance with the data of its charts, and the comparisons of models.',
    additionalProperties: false,
  },
);

/** results.json of a run. */
export type StudyResults = Static<typeof StudyResultsSchema>;
/** One model's entry of results.json. */
export type ModelResult = Static<typeof ModelResult>;
/** A binary model's entry. */
export type BinaryModelResult = Static<typeof BinaryModelResult>;
/** A survival model's entry. */
export type SurvivalModelResult = Static<typeof SurvivalModelResult>;
/** A comparison of two models. */
export type Comparison = Static<typeof Comparison>;
/** The description of one data set. */
export type DataSummary = Static<typeof DataSummary>;

export type { BinaryCurves, PredictionSource, RiskGroups, Roc, SurvivalCurves } from './curve-schemas.js';
export type { BootstrapMeasure, BootstrapValidation, CrossValidatedMeasure, CvValidation, ExternalMeasure, OutOfBag } from './measure-schemas.js';
export type { BinaryModelCurves, CoefficientResult, ModelCurves, ModelDetails, Nomogram, SurvivalModelCurves } from './model-schemas.js';
export type { Steps } from './step-schemas.js';
