/**
 * Developing a study's signature and models on one set of patients: every step that learns from
 * data (imputation, ComBat, filters, the elastic-net cross-validation and its lambda, the models)
 * is fitted here and only here, so that resampling can refit the whole chain on each resample.
 * Steps and models are composed through the one estimator contract.
 */
import type { FitOptions, MatrixInput, Response, SurvivalResponse } from '../core/estimator.js';
import { DataError } from '../core/errors.js';
import { Matrix64 } from '../core/matrix.js';
import { Rng } from '../core/rng.js';
import { CovariateDesign } from '../data/covariate-design.js';
import { Imputer } from '../data/imputer.js';
import type { Column } from '../data/table.js';
import { ComBat } from '../harmonize/combat/combat.js';
import { CoxPH } from '../models/cox-ph.js';
import { LogisticRegression } from '../models/logistic-regression.js';
import { RandomSurvivalForest } from '../models/random-survival-forest.js';
import { crossValidateElasticNet, type CvElasticNetResult } from '../select/cv-elastic-net.js';
import { makeSignature, type ElasticNetSignature } from '../select/elastic-net-signature.js';
import { ElasticNet } from '../select/elastic-net/elastic-net.js';
import { RedundancyFilter } from '../select/redundancy-filter.js';
import { ReproducibilityFilter } from '../select/reproducibility-filter.js';
import type { RepeatedRatings } from '../select/icc.js';
import { VarianceFilter } from '../select/variance-filter.js';
import { FittedStudy, type FittedStep, type StepName, type StudyModelFit, type TransformContext } from './fitted-study.js';
import type { Study, StudyModel } from './study.js';
import type { DevelopmentData } from './development-data.js';

export type { DevelopmentData } from './development-data.js';

/** What developing learned beyond the fitted study: the material of results.json. */
export interface DevelopmentDetails {
  cv: CvElasticNetResult | null;
  /** Features kept after each step, in order. */
  kept: { step: StepName | 'select'; kept: string[]; dropped: string[] }[];
}

/** A fitted step of the chain and the estimator behind it, composed through the shared contract. */
interface StepDefinition {
  name: StepName;
  fit(X: Matrix64, response: Response, context: DevelopContext): FittedStep;
}

interface DevelopContext {
  data: DevelopmentData;
  ratings: RepeatedRatings | null;
  /** ICC of each feature once the reproducibility step has run (for the redundancy ranking). */
  icc: Map<string, number> | null;
}

/** The study's steps, in order: each builds its estimator from the study and fits it through the contract. */
function stepDefinitions(study: Study): StepDefinition[] {
  const steps: StepDefinition[] = [];
  const add = (name: StepName, make: () => { fit(X: MatrixInput, response: Response | null, options: object): FittedStep }, options: (c: DevelopContext) => object = () => ({}), after?: (fitted: FittedStep, c: DevelopContext) => void) =>
    steps.push({
      name,
      fit(X, response, context) {
        const fitted = make().fit(X, response, options(context));
        after?.(fitted, context);
        return fitted;
      },
    });
  const { harmonize, variance, reproducibility, redundancy } = study.steps;
  if (study.data.missing === 'median' || study.data.missing === 'mean') add('imputation', () => new Imputer({ strategy: study.data.missing as 'median' | 'mean' }));
  if (harmonize !== undefined) {
    add(
      'harmonize',
      () => new ComBat({ parametric: !harmonize.nonparametric, meanOnly: harmonize.meanOnly, refBatch: harmonize.refBatch ?? null }),
      (c) => ({ batch: c.data.batch!, covariates: covariatesNamed(c.data.covariates, harmonize.covariates), batchColumn: harmonize.batch }),
    );
  }
  if (variance !== undefined) add('variance', () => new VarianceFilter(variance));
  if (reproducibility !== undefined) {
    const { form, threshold, on } = reproducibility;
    add(
      'reproducibility',
      () => new ReproducibilityFilter({ form, threshold, on }),
      (c) => ({ icc: ratingsOf(c) }),
      (fitted, c) => {
        c.icc = new Map((fitted as unknown as { decisions: { feature: string; icc: number }[] }).decisions.map((d) => [d.feature, d.icc]));
      },
    );
  }
  if (redundancy !== undefined) add('redundancy', () => new RedundancyFilter(redundancy), (c) => (c.icc === null ? {} : { icc: c.icc }));
  return steps;
}

/** The repeat segmentations of the development patients only. */
function ratingsOf(c: DevelopContext): RepeatedRatings {
  if (c.ratings === null) throw new DataError('reproducibility: the study has no repeats table (data.repeats)', 'DATA_NO_REPEATS');
  const ids = new Set(c.data.ids);
  const rows: number[] = [];
  c.ratings.subjects.forEach((s, i) => {
    if (ids.has(s)) rows.push(i);
  });
  if (rows.length < 2) throw new DataError(`reproducibility: only ${rows.length} of the development patients have repeat segmentations; ICCs need at least 2`, 'DATA_NO_REPEATS');
  return { ...c.ratings, subjects: rows.map((i) => c.ratings!.subjects[i]), byRater: c.ratings.byRater.map((m) => m.selectRows(rows)) };
}

/** The named columns among the covariates. */
export function covariatesNamed(columns: readonly Column[], names: readonly string[]): Column[] {
  return names.map((name) => {
    const column = columns.find((c) => c.name === name);
    if (column === undefined) throw new DataError(`covariate ${JSON.stringify(name)} is missing`, 'DATA_UNKNOWN_COLUMN');
    return column;
  });
}

/**
 * Develops the study on these patients: the steps in order, the elastic-net signature (cross-validated
 * with `seed`), then every model. `importance` asks the forest for its permutation importance (the
 * apparent fit only: the resamples do not need it).
 * @throws DataError when a step cannot be fitted on these patients.
 */
export function developStudy(study: Study, data: DevelopmentData, ratings: RepeatedRatings | null, seed: number, options: { importance?: boolean } = {}): { fitted: FittedStudy; details: DevelopmentDetails } {
  const context: DevelopContext = { data, ratings, icc: null };
  const transformContext: TransformContext = { batch: data.batch, covariates: data.covariates, newBatch: 'error' };
  const steps: { name: StepName; fitted: FittedStep }[] = [];
  const kept: DevelopmentDetails['kept'] = [];
  let X = data.X;
  for (const step of stepDefinitions(study)) {
    const fitted = step.fit(X, data.response, context);
    const next = FittedStudy.applyStep(step.name, fitted, X, transformContext);
    const names = next.columnNames ?? [];
    kept.push({ step: step.name, kept: [...names], dropped: (X.columnNames ?? []).filter((n) => !names.includes(n)) });
    if (next.cols === 0) throw new DataError(`${step.name}: no feature is left after this step`, 'DATA_NO_FEATURES');
    steps.push({ name: step.name, fitted });
    X = next;
  }

  // the signature
  const survival = study.outcome.type === 'survival';
  let signature: ElasticNetSignature | null = null;
  let cv: CvElasticNetResult | null = null;
  const select = study.steps.select;
  if (select !== undefined) {
    const model = new ElasticNet({ family: survival ? 'cox' : 'binomial', alpha: select.alpha, dfmax: select.dfmax });
    cv = crossValidateElasticNet(model, X, data.response, { nFolds: Math.min(select.nFolds, X.rows), nRepeats: select.repeats, measure: select.measure, stratify: select.stratify, seed });
    // (clamped as cv.glmnet, whose folds of N patients are at most N; results.json records cv.nFolds)
    if (select.nFolds > X.rows) cv.warnings.unshift(`steps.select.nFolds is ${select.nFolds}, more than the ${X.rows} development patients: the elastic net's cross-validation used ${X.rows} folds (leave-one-out)`);
    const lambda = chooseLambda(cv, select);
    const { intercept, beta } = cv.fit.coef(lambda);
    if (select.maxFeatures !== undefined) capFeatures(beta, X, select.maxFeatures);
    signature = makeSignature(survival ? 'cox' : 'binomial', { featureNames: cv.fit.featureNames, lambda, alpha: select.alpha, intercept, beta }, 'breslow', survival ? { X, response: data.response as SurvivalResponse } : undefined);
    const terms = signature.terms.map((t) => t.name);
    kept.push({ step: 'select', kept: terms, dropped: (X.columnNames ?? []).filter((n) => !terms.includes(n)) });
  }

  // models
  const clinicalDesign = study.clinical.length > 0 ? CovariateDesign.learn(covariatesNamed(data.covariates, study.clinical), 'clinical') : null;
  const partial = new FittedStudy({ study, steps, signature, clinical: clinicalDesign, models: [] });
  const inputs = partial.modelInputs(X, data.covariates, data.X.rows);
  const models: StudyModelFit[] = study.models.map((m, k) => fitModel(study, m, inputs, data.response, new Rng(seed).fork(1000 + k), options.importance === true));
  return { fitted: new FittedStudy({ study, steps, signature, clinical: clinicalDesign, models }), details: { cv, kept } };
}

/** lambda by the study's rule: lambda1se, lambdaMin, or the largest lambda with exactly k features (else the first with more). */
function chooseLambda(cv: CvElasticNetResult, select: NonNullable<Study['steps']['select']>): number {
  if (select.rule === 'lambdaMin') return cv.lambdaMin;
  if (select.rule === 'lambda1se') return cv.lambda1se;
  const k = select.nFeatures!;
  const df = cv.nzero;
  let at = df.findIndex((d) => d === k);
  if (at < 0) at = df.findIndex((d) => d > k);
  if (at < 0) at = df.length - 1;
  return cv.lambda[at];
}

/** Keeps the `max` largest standardized coefficients |b_j| sd_j, zeroing the others. */
function capFeatures(beta: Float64Array, X: Matrix64, max: number): void {
  const n = X.rows;
  const size: { j: number; s: number }[] = [];
  for (let j = 0; j < beta.length; j++) {
    if (beta[j] === 0) continue;
    const col = X.column(j);
    let mean = 0;
    for (let i = 0; i < n; i++) mean += col[i];
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (col[i] - mean) ** 2;
    size.push({ j, s: Math.abs(beta[j]) * Math.sqrt(ss / n) });
  }
  if (size.length <= max) return;
  size.sort((a, b) => b.s - a.s || a.j - b.j);
  for (let q = max; q < size.length; q++) beta[size[q].j] = 0;
}

/** Fits one model through the contract: `estimator.fit(inputs, response, {})`, names from the matrix. */
function fitModel(study: Study, spec: StudyModel, inputs: ReturnType<FittedStudy['modelInputs']>, response: Response, rng: Rng, importance: boolean): StudyModelFit {
  const survival = study.outcome.type === 'survival';
  const X = inputs.of(spec.name);
  if (spec.name === 'radscore') return { name: spec.name, model: inputs.signature! };
  let estimator: { fit(X: MatrixInput, response: Response, options?: Pick<FitOptions, 'featureNames'>): StudyModelFit['model'] };
  if (spec.name === 'rsf') {
    estimator = new RandomSurvivalForest({
      trees: spec.trees ?? 500,
      ...(spec.mtry !== undefined ? { mtry: Math.min(spec.mtry, X.cols) } : {}),
      ...(spec.minNodeSize !== undefined ? { minNodeSize: spec.minNodeSize } : {}),
      ...(spec.split !== undefined ? { split: spec.split } : {}),
      seed: rng.int(2 ** 31),
      importance,
    }) as never;
  } else if (survival) estimator = new CoxPH() as never;
  else estimator = new LogisticRegression({ firth: spec.firth }) as never;
  try {
    const model = estimator.fit(X, response);
    if (spec.name === 'combined' && inputs.signature !== null && inputs.signature.terms.length === 0) {
      (model as unknown as { diagnostics: { warnings: string[] } }).diagnostics.warnings.push('the signature selected no feature, so its Rad-score is constant and was left out: the combined model is the clinical model');
    }
    return { name: spec.name, model };
  } catch (error) {
    if (error instanceof DataError) {
      // collinear signature features: refused, not fitted with NA coefficients (see the README's "Collinear features")
      const clinical = spec.name === 'clinical' || spec.name === 'combined';
      const hint = error.code !== 'DATA_SINGULAR' ? '' : clinical ? '; leave such columns out of clinical' : `; add steps.redundancy (it keeps one of each group of correlated features)${study.steps.select?.rule === 'nFeatures' ? ' or choose a smaller steps.select.nFeatures' : ''}`;
      throw new DataError(`model ${JSON.stringify(spec.name)}: ${error.message}${hint}`, error.code);
    }
    throw error;
  }
}
