/**
 * The schema of model.json's envelope (`radsig run`'s frozen study, kind `RadsigStudy`): the fields
 * every part shares (kind, layout version, radsig version), the study, what the file reads, and its
 * parts, each part's own fields left to its reader (`FittedComBat.fromJSON`, ...), which checks
 * them with their invariants. `npm run build` writes it to `schema/model.schema.json`.
 */
import { Type, type Static } from '@sinclair/typebox';
import { STUDY_SCHEMA } from '../study-schema.js';
import type { Study } from '../study.js';
import { embed, list, obj, oneOf, orNull, text, texts } from './schema-builders.js';

/** The fields every radsig model object starts with; its other fields are its reader's. */
function part(description: string, kinds: readonly string[]) {
  return Type.Object(
    {
      kind: oneOf(`What the part is: ${kinds.map((k) => `\`${k}\``).join(', ')}.`, kinds),
      schemaVersion: Type.Integer({ minimum: 1, description: 'The version of this kind\'s layout; a radsig refuses a newer one than it reads.' }),
      radsigVersion: text('The radsig version that wrote it.'),
    },
    { description: `${description} Its other fields are checked by its kind's reader (fromJSON), with their invariants.`, additionalProperties: true },
  );
}

const STEP_KINDS = ['FittedImputer', 'FittedComBat', 'FittedVarianceFilter', 'FittedReproducibilityFilter', 'FittedRedundancyFilter'] as const;
const MODEL_KINDS = ['ElasticNetSignature', 'FittedLogisticRegression', 'FittedCoxPH', 'FittedRandomSurvivalForest'] as const;

/** model.json's envelope. */
export const ModelFileSchema = Type.Object(
  {
    kind: Type.Literal('RadsigStudy', { description: 'A frozen radsig study.' }),
    schemaVersion: Type.Integer({ minimum: 1, description: 'The version of this layout; a radsig refuses a newer one than it reads.' }),
    radsigVersion: text('The radsig version that wrote it.'),
    fingerprint: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'The run\'s fingerprint, also in its results.json (SHA-256 of the study with every default filled in and of the development data as read).' })),
    study: embed<Study>('The study with every default filled in (the study file\'s schema).', STUDY_SCHEMA),
    featureNames: texts('The candidate features the frozen study reads, in order (a table to score needs those its models use).'),
    covariates: texts('The clinical and ComBat covariate columns it reads.'),
    steps: list('The development steps in order, each fitted on the development patients.', obj('One step.', {
      name: oneOf('The step.', ['imputation', 'harmonize', 'variance', 'reproducibility', 'redundancy'] as const),
      model: part('The fitted step.', STEP_KINDS),
    })),
    signature: orNull(part('The elastic-net signature (the Rad-score), or null without a select step.', ['ElasticNetSignature'])),
    clinical: orNull(
      list('The clinical coding of the clinical and combined models (null without them).', obj('One clinical column.', {
        name: text('The column.'),
        type: oneOf('Numeric, or categorical with dummy coding against its first level.', ['numeric', 'categorical'] as const),
        levels: Type.Optional(texts('Categorical: its levels, the first the reference.')),
      })),
    ),
    models: list('The fitted models.', obj('One model.', {
      name: oneOf('The model, as named in the study.', ['radscore', 'logistic', 'cox', 'clinical', 'combined', 'rsf'] as const),
      model: part('The fitted model.', MODEL_KINDS),
    })),
    contentHash: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the file\'s JSON without this field (as JSON.stringify writes the parsed file): a checksum against accidental edits and damage, not a signature.' }),
  },
  {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/radsig/radsig/schema/model.schema.json',
    title: 'radsig model',
    description: 'A frozen radsig study (model.json of radsig run): the study, its fitted steps, signature and models, checked on loading part by part and against its content hash.',
    additionalProperties: false,
  },
);

/** model.json's envelope. */
export type ModelFile = Static<typeof ModelFileSchema>;
