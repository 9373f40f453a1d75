/**
 * The JSON Schema of a radsig study file (shipped as `schema/study.schema.json` so that editors
 * complete it; `npm run build` writes that file from this object).
 */

const stringList = { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true } as const;
const value = { type: ['string', 'number'] } as const;

const modelName = { enum: ['radscore', 'logistic', 'cox', 'clinical', 'combined', 'rsf'] } as const;

/** The study file's JSON Schema (draft-07), with the defaults radsig fills in. */
export const STUDY_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/radsig/radsig/schema/study.schema.json',
  title: 'radsig study',
  description: 'A radiomic-signature study: data, outcome, development steps, models and validation. Paths are relative to the study file.',
  type: 'object',
  additionalProperties: false,
  required: ['data', 'outcome'],
  properties: {
    $schema: { type: 'string' },
    title: { type: 'string', description: 'Shown at the top of the report.' },
    description: { type: 'string' },
    data: {
      type: 'object',
      additionalProperties: false,
      required: ['train'],
      properties: {
        train: { type: 'string', minLength: 1, description: 'The development feature table (CSV, TSV, optionally gzipped).' },
        external: { type: 'string', minLength: 1, description: 'An external validation table with the same columns.' },
        repeats: { type: 'string', minLength: 1, description: 'Repeated segmentations (long table) for the reproducibility step.' },
        id: { type: 'string', minLength: 1, description: 'Patient identifier column.' },
        missing: { enum: ['error', 'median', 'mean', 'drop'], default: 'error', description: 'Missing feature values: an error, imputation learned inside each resample, or dropping incomplete rows.' },
        delimiter: { type: 'string', minLength: 1, maxLength: 1 },
      },
    },
    outcome: {
      type: 'object',
      required: ['type'],
      properties: { type: { enum: ['binary', 'survival'] } },
      if: { properties: { type: { const: 'binary' } } },
      then: {
        additionalProperties: false,
        required: ['type', 'column'],
        properties: {
          type: { const: 'binary' },
          column: { type: 'string', minLength: 1 },
          positive: { ...value, description: 'The outcome value counted as positive. Without it, 1 is positive and the other value must be 0 (an outcome coded otherwise, such as 1/2, needs it).' },
        },
      },
      else: {
        additionalProperties: false,
        required: ['type', 'time', 'event', 'horizons'],
        properties: {
          type: { const: 'survival' },
          time: { type: 'string', minLength: 1 },
          event: { type: 'string', minLength: 1 },
          eventValue: { ...value, description: 'The event column value that marks an event; every other value is censored. Without it, 1 is the event and every other value must be 0 (censored), except that a column coded 1/2 is read as survival::Surv reads it, 2 = event.' },
          horizons: { type: 'array', items: { type: 'number', exclusiveMinimum: 0 }, minItems: 1, uniqueItems: true, description: 'Time points of td-AUC, Brier scores, calibration and nomogram axes (in the time column\'s unit).' },
          timeUnit: { enum: ['days', 'weeks', 'months', 'years'], description: 'The unit of the time column: it labels every time axis and horizon of the report and the calculator ("time (months)", "at 24 months"). Without it, the axes name the time column.' },
        },
      },
    },
    features: {
      type: 'object',
      additionalProperties: false,
      properties: {
        include: { ...stringList, description: 'Feature columns (default: the PyRadiomics-named columns).' },
        exclude: { ...stringList, description: 'Columns left out of the features.' },
      },
      default: {},
    },
    clinical: { ...stringList, default: [], description: 'Clinical columns of the clinical and combined models (never features).' },
    steps: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        harmonize: {
          type: 'object',
          additionalProperties: false,
          required: ['batch'],
          properties: {
            batch: { type: 'string', minLength: 1 },
            covariates: { ...stringList, default: [] },
            nonparametric: { type: 'boolean', default: false },
            meanOnly: { type: 'boolean', default: false },
            refBatch: { type: 'string', minLength: 1 },
          },
        },
        variance: {
          type: 'object',
          additionalProperties: false,
          properties: {
            freqCut: { type: 'number', minimum: 1, default: 19 },
            uniqueCut: { type: 'number', minimum: 0, maximum: 100, default: 10 },
          },
        },
        reproducibility: {
          type: 'object',
          additionalProperties: false,
          required: ['subject', 'rater'],
          properties: {
            subject: { type: 'string', minLength: 1 },
            rater: { type: 'string', minLength: 1 },
            form: { enum: ['ICC1', 'ICC2', 'ICC3', 'ICC1k', 'ICC2k', 'ICC3k'], default: 'ICC2' },
            threshold: { type: 'number', minimum: -1, maximum: 1, default: 0.75 },
            on: { enum: ['point', 'lower'], default: 'point' },
          },
        },
        redundancy: {
          type: 'object',
          additionalProperties: false,
          properties: {
            method: { enum: ['pearson', 'spearman'], default: 'pearson' },
            threshold: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 0.9 },
          },
        },
        select: {
          type: 'object',
          additionalProperties: false,
          properties: {
            alpha: { type: 'number', minimum: 0, maximum: 1, default: 1 },
            nFolds: { type: 'integer', minimum: 3, maximum: 100000, default: 10 },
            repeats: { type: 'integer', minimum: 1, maximum: 1000, default: 1 },
            measure: { enum: ['deviance', 'auc', 'class', 'C'], default: 'deviance' },
            rule: { enum: ['lambda1se', 'lambdaMin', 'nFeatures'], default: 'lambda1se' },
            nFeatures: { type: 'integer', minimum: 1 },
            maxFeatures: { type: 'integer', minimum: 1 },
            stratify: { type: 'boolean', default: true },
            dfmax: { type: 'integer', minimum: 1, default: 50, description: "The elastic-net path stops once more than dfmax features are nonzero (glmnet's dfmax); larger signatures are not sought." },
            stability: {
              type: 'object',
              additionalProperties: false,
              properties: { B: { type: 'integer', minimum: 1, maximum: 100000, default: 100 } },
            },
          },
        },
      },
    },
    models: {
      type: 'array',
      minItems: 1,
      items: {
        anyOf: [
          modelName,
          {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            properties: {
              name: modelName,
              firth: { type: 'boolean', default: false },
              trees: { type: 'integer', minimum: 1 },
              mtry: { type: 'integer', minimum: 1 },
              minNodeSize: { type: 'integer', minimum: 1 },
              split: { enum: ['logrank', 'logrankscore'] },
            },
          },
        ],
      },
    },
    validation: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        method: { enum: ['bootstrap', 'cv', 'both', 'none'], default: 'bootstrap', description: 'bootstrap (B resamples: .632+ and Harrell), cv (repeated K-fold), both (the bootstrap, the headline, and repeated CV beside it), or none.' },
        B: { type: 'integer', minimum: 1, maximum: 100000, default: 200 },
        folds: { type: 'integer', minimum: 2, maximum: 100000, default: 5 },
        repeats: { type: 'integer', minimum: 1, maximum: 1000, default: 10 },
        seed: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 42 },
      },
    },
    report: {
      type: 'object',
      additionalProperties: false,
      description: 'How the report draws some charts (the numbers do not change).',
      properties: {
        decisionCurveTo: { type: 'number', exclusiveMinimum: 0, maximum: 0.99, description: 'The highest threshold probability the decision curves show (default: where the predictions end, the 95th percentile of every model\'s predicted risk on the development patients, rounded up to 0.05; past it net benefit rests on the few patients predicted above it and turns noisy).' },
      },
    },
    external: {
      type: 'object',
      additionalProperties: false,
      required: ['batch'],
      properties: {
        batch: { ...value, description: 'A level of the batch column held out of development and validated on.' },
        column: { type: 'string', minLength: 1, description: 'The batch column (default: the harmonization batch).' },
      },
    },
  },
} as const;
