/**
 * A developed study, frozen: the fitted steps, the signature, the clinical coding and every model,
 * applied to new patients exactly as in development, and written to / read from model.json.
 */
import type { BinaryModel, SurvivalModel } from '../core/estimator.js';
import { DataError, ModelFormatError } from '../core/errors.js';
import { Matrix64 } from '../core/matrix.js';
import { listText, quote } from '../core/messages.js';
import { openModel, wrapModel, type ModelReader } from '../core/model-json.js';
import { RADSIG_VERSION } from '../core/version.js';
import { CovariateDesign } from '../data/covariate-design.js';
import { FittedImputer } from '../data/imputer.js';
import type { Column } from '../data/table.js';
import { FittedComBat } from '../harmonize/combat/fitted-combat.js';
import type { NewBatch } from '../harmonize/combat/options.js';
import { FittedCoxPH } from '../models/fitted-cox-ph.js';
import { FittedLogisticRegression } from '../models/fitted-logistic-regression.js';
import { FittedRandomSurvivalForest } from '../models/fitted-random-survival-forest.js';
import { signatureFromJSON, type ElasticNetSignature } from '../select/elastic-net-signature.js';
import { FittedRedundancyFilter } from '../select/redundancy-filter.js';
import { FittedReproducibilityFilter } from '../select/reproducibility-filter.js';
import { FittedVarianceFilter } from '../select/variance-filter.js';
import { evaluationTimes } from './performance.js';
import { checkContentHash, isFingerprint, withContentHash } from './run-fingerprint.js';
import type { PredictionInterval, StudyPrediction } from './study-prediction.js';
import { resolveStudy, type Study, type StudyModel } from './study.js';

/** The steps of the feature chain, in the order they run. */
export type StepName = 'imputation' | 'harmonize' | 'variance' | 'reproducibility' | 'redundancy';

/** A fitted step of the chain. */
export type FittedStep = FittedImputer | FittedComBat | FittedVarianceFilter | FittedReproducibilityFilter | FittedRedundancyFilter;

/** What applying the chain needs besides the features. */
export interface TransformContext {
  batch: readonly string[] | null;
  /** Covariate columns (ComBat's covariates and the clinical columns), for the same rows. */
  covariates: readonly Column[];
  /** A batch ComBat has not seen: an error, or estimated from its own patients. */
  newBatch: NewBatch;
}

/** A fitted model of the study. */
export interface StudyModelFit {
  name: StudyModel['name'];
  model: (BinaryModel | SurvivalModel) & { toJSON(): object };
}

export type { StudyPrediction } from './study-prediction.js';

const STEP_LOADERS: Record<StepName, (json: unknown) => FittedStep> = {
  imputation: (j) => FittedImputer.fromJSON(j),
  harmonize: (j) => FittedComBat.fromJSON(j),
  variance: (j) => FittedVarianceFilter.fromJSON(j),
  reproducibility: (j) => FittedReproducibilityFilter.fromJSON(j),
  redundancy: (j) => FittedRedundancyFilter.fromJSON(j),
};

const MODEL_LOADERS: Record<string, (json: unknown) => StudyModelFit['model']> = {
  [FittedLogisticRegression.kind]: (j) => FittedLogisticRegression.fromJSON(j),
  [FittedCoxPH.kind]: (j) => FittedCoxPH.fromJSON(j),
  [FittedRandomSurvivalForest.kind]: (j) => FittedRandomSurvivalForest.fromJSON(j),
  ElasticNetSignature: (j) => signatureFromJSON(j),
};

/**
 * A developed study: apply it to new patients with {@link FittedStudy.predict}; it scores them with
 * the same imputation fill values, ComBat estimates, kept features, signature and models as in
 * development.
 */
export class FittedStudy {
  static readonly kind = 'RadsigStudy';
  static readonly schemaVersion = 1;
  readonly study: Study;
  readonly steps: readonly { name: StepName; fitted: FittedStep }[];
  readonly signature: ElasticNetSignature | null;
  readonly clinical: CovariateDesign | null;
  readonly models: readonly StudyModelFit[];
  /** The fingerprint of the run that developed it (see runFingerprint), shared with its results.json; null before the run sets it. */
  readonly fingerprint: string | null;

  constructor(state: { study: Study; steps: { name: StepName; fitted: FittedStep }[]; signature: ElasticNetSignature | null; clinical: CovariateDesign | null; models: StudyModelFit[]; fingerprint?: string | null }) {
    this.study = state.study;
    this.steps = state.steps;
    this.signature = state.signature;
    this.clinical = state.clinical;
    this.models = state.models;
    this.fingerprint = state.fingerprint ?? null;
  }

  /** The same study with the fingerprint of the run that developed it. */
  withFingerprint(fingerprint: string): FittedStudy {
    return new FittedStudy({ study: this.study, steps: [...this.steps], signature: this.signature, clinical: this.clinical, models: [...this.models], fingerprint });
  }

  /** The raw feature columns the study reads, in order. */
  get featureNames(): readonly string[] {
    if (this.steps.length > 0) return this.steps[0].fitted.featureNames;
    if (this.signature !== null) return this.signature.featureNames;
    const forest = this.models.find((m) => m.name === 'rsf');
    return forest ? forest.model.featureNames : [];
  }

  /** Covariate columns the study reads (ComBat's covariates, then the clinical columns). */
  get covariateNames(): string[] {
    const combat = this.steps.find((s) => s.name === 'harmonize');
    const names = combat ? (combat.fitted as FittedComBat).covariates.terms.map((t) => t.name) : [];
    for (const t of this.clinical?.terms ?? []) if (!names.includes(t.name)) names.push(t.name);
    return names;
  }

  /** Applies one fitted step. */
  static applyStep(name: StepName, fitted: FittedStep, X: Matrix64, context: TransformContext): Matrix64 {
    if (name === 'harmonize') {
      const combat = fitted as FittedComBat;
      if (context.batch === null) throw new DataError('harmonize: the batch column is missing', 'DATA_NO_BATCH');
      const covariates = combat.covariates.terms.map((t) => findColumn(context.covariates, t.name));
      return combat.transform(X, { batch: context.batch, covariates, newBatch: context.newBatch });
    }
    return (fitted as Exclude<FittedStep, FittedComBat>).transform(X);
  }

  /** The features after every step (the input of the signature and the forest). */
  filter(X: Matrix64, context: TransformContext): Matrix64 {
    let out = X;
    for (const step of this.steps) out = FittedStudy.applyStep(step.name, step.fitted, out, context);
    return out;
  }

  /** The input matrix of each model, for patients whose filtered features are `Xf`. */
  modelInputs(Xf: Matrix64, covariates: readonly Column[], n: number): { signature: ElasticNetSignature | null; of(name: StudyModel['name']): Matrix64 } {
    const signature = this.signature;
    let clinical: Matrix64 | null = null;
    const clinicalMatrix = () => {
      if (clinical === null) {
        const design = this.clinical!;
        clinical = design.encode(design.terms.map((t) => findColumn(covariates, t.name)), n, 'clinical').withColumnNames(design.columnNames);
      }
      return clinical;
    };
    let radscore: Float64Array | null = null;
    const radscoreOf = () => (radscore ??= signature!.linearPredictor(Xf));
    return {
      signature,
      of(name) {
        switch (name) {
          case 'radscore':
          case 'rsf':
            return Xf;
          case 'logistic':
          case 'cox': {
            const names = signature!.terms.map((t) => t.name);
            const index = names.map((t) => Xf.columnNames!.indexOf(t));
            return Xf.selectColumns(index).withColumnNames(names);
          }
          case 'clinical':
            return clinicalMatrix();
          case 'combined': {
            const c = clinicalMatrix();
            // a signature that selected no feature has a constant Rad-score: it is left out (as R's fits give it NA)
            if (signature!.terms.length === 0) return c;
            return Matrix64.fromColumns([radscoreOf(), ...Array.from({ length: c.cols }, (_, j) => c.column(j))], { columnNames: ['radscore', ...c.columnNames!] });
          }
        }
      },
    };
  }

  /**
   * Scores patients with every model: probabilities (binary) or risk scores and survival at the
   * study's evaluation times (the horizons and a grid up to the last; survival).
   * @param X their raw features, named (any column order; the study's features are picked by name).
   * @throws DataError for a missing feature or covariate, an unknown batch (unless newBatch is 'estimate').
   */
  predict(X: Matrix64, context: TransformContext): Map<StudyModel['name'], StudyPrediction> {
    return this.predictionsOf(this.inputsOf(X, context));
  }

  /** The input matrix of each model for patients' raw features, every step applied. */
  private inputsOf(X: Matrix64, context: TransformContext): ReturnType<FittedStudy['modelInputs']> {
    const Xf = this.filter(pickFeatures(X, this.featureNames), context);
    return this.modelInputs(Xf, context.covariates, X.rows);
  }

  private predictionsOf(inputs: ReturnType<FittedStudy['modelInputs']>): Map<StudyModel['name'], StudyPrediction> {
    const out = new Map<StudyModel['name'], StudyPrediction>();
    for (const m of this.models) {
      const Xm = inputs.of(m.name);
      if (this.study.outcome.type === 'binary') {
        const model = m.model as BinaryModel;
        out.set(m.name, { family: 'binary', probability: model.predictProbability(Xm), linearPredictor: model.linearPredictor(Xm) });
      } else {
        const model = m.model as SurvivalModel;
        out.set(m.name, { family: 'survival', risk: model.riskScore(Xm), survival: model.survivalAt(Xm, evaluationTimes(this.study)) });
      }
    }
    return out;
  }

  /**
   * The 95% (or `level`) interval of each model's prediction for these patients, where the model
   * has one: logistic regressions (logistic, clinical, combined) from the covariance of their
   * linear predictor (as predict(glm, se.fit = TRUE)), Cox models (cox, clinical, combined) of the
   * survival at each horizon as survfit(coxph, newdata) gives it; null for the penalized Rad-score and
   * the forest (and a Cox model read from a file written before radsig stored its baseline hazard's
   * variance). The intervals take the model's inputs as given (the signature, the harmonization):
   * they do not hold the uncertainty of the selection.
   */
  predictionIntervals(X: Matrix64, context: TransformContext, level = 0.95): Map<StudyModel['name'], PredictionInterval | null> {
    return this.intervalsOf(this.inputsOf(X, context), level);
  }

  /** {@link predict} and {@link predictionIntervals} of the same patients, whose features go through the steps once. */
  predictWithIntervals(X: Matrix64, context: TransformContext, level = 0.95): { predictions: Map<StudyModel['name'], StudyPrediction>; intervals: Map<StudyModel['name'], PredictionInterval | null> } {
    const inputs = this.inputsOf(X, context);
    return { predictions: this.predictionsOf(inputs), intervals: this.intervalsOf(inputs, level) };
  }

  private intervalsOf(inputs: ReturnType<FittedStudy['modelInputs']>, level: number): Map<StudyModel['name'], PredictionInterval | null> {
    const horizons = this.study.outcome.type === 'survival' ? this.study.outcome.horizons : [];
    const out = new Map<StudyModel['name'], PredictionInterval | null>();
    for (const m of this.models) {
      if (m.model instanceof FittedLogisticRegression) {
        const { lower, upper } = m.model.probabilityInterval(inputs.of(m.name), level);
        out.set(m.name, { family: 'binary', lower, upper });
      } else if (m.model instanceof FittedCoxPH && m.model.baseline.varhaz !== undefined) {
        const { lower, upper } = m.model.survivalInterval(inputs.of(m.name), horizons, level);
        out.set(m.name, { family: 'survival', horizons, lower, upper });
      } else out.set(m.name, null);
    }
    return out;
  }

  /** The model file: its study, every part, the run's fingerprint and, last, the content hash (a checksum of the rest). */
  toJSON(): object {
    return withContentHash(wrapModel(FittedStudy.kind, FittedStudy.schemaVersion, {
      ...(this.fingerprint === null ? {} : { fingerprint: this.fingerprint }),
      study: this.study,
      featureNames: [...this.featureNames],
      covariates: this.covariateNames,
      steps: this.steps.map((s) => ({ name: s.name, model: s.fitted.toJSON() })),
      signature: this.signature === null ? null : this.signature.toJSON(),
      clinical: this.clinical === null ? null : this.clinical.toJSON(),
      models: this.models.map((m) => ({ name: m.name, model: m.model.toJSON() })),
    }));
  }

  /**
   * Loads a study model written by {@link FittedStudy.toJSON}, checking every part: each model's
   * own invariants, that the steps are those its study declares, that each step reads what the one
   * before writes and the signature and models read what they should, and last the content hash.
   * @throws ModelFormatError naming the part that is wrong.
   */
  static fromJSON(json: unknown): FittedStudy {
    const r = openModel(json, FittedStudy.kind, FittedStudy.schemaVersion);
    const raw = json as { study: unknown; steps: unknown; signature: unknown; models: unknown };
    let study: Study;
    try {
      study = resolveStudy(raw.study, 'model.json study');
    } catch (error) {
      throw new ModelFormatError(`${FittedStudy.kind}.fromJSON: ${(error as Error).message}`);
    }
    const steps = r.objects('steps').map((s, k) => {
      const name = s.oneOf('name', ['imputation', 'harmonize', 'variance', 'reproducibility', 'redundancy'] as const);
      return { name, fitted: STEP_LOADERS[name]((raw.steps as { model: unknown }[])[k].model) };
    });
    const signature = raw.signature === null || raw.signature === undefined ? null : signatureFromJSON(raw.signature);
    const clinical = r.has('clinical') ? CovariateDesign.fromReaders(r.objects('clinical')) : null;
    const models = r.objects('models').map((m, k) => {
      const name = m.oneOf('name', ['radscore', 'logistic', 'cox', 'clinical', 'combined', 'rsf'] as const);
      const body = (raw.models as { model: { kind?: unknown } }[])[k].model;
      const loader = MODEL_LOADERS[String(body?.kind)];
      if (loader === undefined) throw new ModelFormatError(`${FittedStudy.kind}.fromJSON: model ${quote(name)} has an unknown kind ${quote(body?.kind)}`);
      return { name, model: loader(body) };
    });
    // the parts must be those of the study the file says it holds (a hand-edited file may not be)
    const bad = (message: string) => new ModelFormatError(`${FittedStudy.kind}.fromJSON: ${message}`);
    const listed = study.models.map((m) => m.name);
    if (models.length !== listed.length || models.some((m, k) => m.name !== listed[k])) throw bad(`the file holds the models ${models.length === 0 ? '(none)' : listText(models.map((m) => quote(m.name)), 10)}, its study lists ${listText(listed.map(quote), 10)}`);
    if ((signature === null) !== (study.steps.select === undefined)) throw bad(signature === null ? 'the study has a select step but the file has no signature' : 'the file has a signature but the study has no select step');
    if (clinical === null && study.clinical.length > 0) throw bad('the study has clinical columns but the file has no clinical coding');
    const survival = study.outcome.type === 'survival';
    for (const m of models) {
      const kind = m.name === 'radscore' ? 'ElasticNetSignature' : m.name === 'rsf' ? FittedRandomSurvivalForest.kind : survival ? FittedCoxPH.kind : FittedLogisticRegression.kind;
      const body = (raw.models as { model: { kind: unknown } }[])[models.indexOf(m)].model;
      if (body.kind !== kind) throw bad(`model ${quote(m.name)} has kind ${quote(body.kind)}, expected ${quote(kind)}`);
    }
    for (let k = 1; k < steps.length; k++) {
      const before = steps[k - 1].fitted;
      const out = 'outputNames' in before ? before.outputNames : [];
      const next = steps[k].fitted.featureNames;
      if (out.length !== next.length || out.some((n, j) => n !== next[j])) throw new ModelFormatError(`${FittedStudy.kind}.fromJSON: step ${quote(steps[k].name)} does not read what step ${quote(steps[k - 1].name)} writes`);
    }
    checkStructure(r, study, steps, signature, clinical, models);
    checkContentHash(FittedStudy.kind, r.raw);
    return new FittedStudy({ study, steps, signature, clinical, models, fingerprint: r.raw.fingerprint as string | null });
  }

  /** The radsig version that wrote a model file. */
  static versionOf(json: unknown): string {
    return typeof json === 'object' && json !== null && typeof (json as { radsigVersion?: unknown }).radsigVersion === 'string' ? (json as { radsigVersion: string }).radsigVersion : RADSIG_VERSION;
  }
}

/** The steps a study declares, in the order they run (as developStudy fits them). */
export function declaredSteps(study: Study): StepName[] {
  const out: StepName[] = [];
  if (study.data.missing === 'median' || study.data.missing === 'mean') out.push('imputation');
  for (const name of ['harmonize', 'variance', 'reproducibility', 'redundancy'] as const) if (study.steps[name] !== undefined) out.push(name);
  return out;
}

/** The structure of a model file against its study: declared steps, feature lists between the parts. */
function checkStructure(r: ModelReader, study: Study, steps: { name: StepName; fitted: FittedStep }[], signature: ElasticNetSignature | null, clinical: CovariateDesign | null, models: StudyModelFit[]): void {
  const bad = (message: string) => new ModelFormatError(`${FittedStudy.kind}.fromJSON: ${message}`);
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, j) => x === b[j]);
  const declared = declaredSteps(study);
  const present = steps.map((s) => s.name);
  if (!same(present, declared)) throw bad(`the file holds the steps ${present.length === 0 ? '(none)' : listText(present.map(quote), 10)}, its study declares ${declared.length === 0 ? '(none)' : listText(declared.map(quote), 10)}`);
  if (r.has('fingerprint') && !isFingerprint(r.raw.fingerprint)) throw bad('fingerprint must be 64 hex digits (SHA-256)');
  const partial = new FittedStudy({ study, steps, signature, clinical, models });
  const features = partial.featureNames;
  if (!same(r.strings('featureNames'), features)) throw bad('featureNames does not list the features its first part reads');
  if (!same(r.strings('covariates'), partial.covariateNames)) throw bad('covariates does not list the covariates of its harmonize step and clinical coding');
  if (new Set(features).size !== features.length) throw bad('featureNames repeats a feature');
  const combat = steps.find((s) => s.name === 'harmonize')?.fitted as FittedComBat | undefined;
  if (combat && study.steps.harmonize && combat.batchColumn !== null && combat.batchColumn !== study.steps.harmonize.batch) throw bad(`the harmonize step reads the batch column ${quote(combat.batchColumn)}, its study names ${quote(study.steps.harmonize.batch)}`);
  const filtered = steps.length === 0 ? features : (steps[steps.length - 1].fitted as { outputNames: readonly string[] }).outputNames;
  if (signature !== null && !same(signature.featureNames, filtered)) throw bad('the signature does not read the features the steps write');
  const clinicalColumns = clinical?.columnNames ?? [];
  for (const m of models) {
    const reads = m.model.featureNames;
    const expected =
      m.name === 'radscore' || m.name === 'rsf' ? filtered
      : m.name === 'logistic' || m.name === 'cox' ? (signature?.terms.map((t) => t.name) ?? [])
      : m.name === 'clinical' ? clinicalColumns
      : signature !== null && signature.terms.length > 0 ? ['radscore', ...clinicalColumns] : clinicalColumns;
    if (!same(reads, expected)) throw bad(`model ${quote(m.name)} reads ${listText(reads.map(quote), 5)}, expected ${expected.length === 0 ? '(nothing)' : listText(expected.map(quote), 5)}`);
  }
}

function findColumn(columns: readonly Column[], name: string): Column {
  const column = columns.find((c) => c.name === name);
  if (column === undefined) throw new DataError(`the column ${quote(name)} is missing`, 'DATA_UNKNOWN_COLUMN');
  return column;
}

/** The named feature columns of X, in the given order. */
export function pickFeatures(X: Matrix64, names: readonly string[]): Matrix64 {
  if (X.columnNames === null) {
    if (X.cols !== names.length) throw new DataError(`X has ${X.cols} columns, the study reads ${names.length} features`, 'DATA_SHAPE');
    return X.withColumnNames(names);
  }
  const have = X.columnNames;
  if (have.length === names.length && have.every((n, j) => n === names[j])) return X;
  const index = names.map((n) => have.indexOf(n));
  const missing = names.filter((_, k) => index[k] < 0);
  if (missing.length > 0) throw new DataError(`${missing.length} feature${missing.length === 1 ? '' : 's'} of the model ${missing.length === 1 ? 'is' : 'are'} missing: ${missing.slice(0, 5).map(quote).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`, 'DATA_MISSING_FEATURE');
  return X.selectColumns(index).withColumnNames(names);
}
