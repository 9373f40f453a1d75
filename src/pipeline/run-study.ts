/**
 * A whole study: the data read with the study's roles, the apparent development, the leakage-safe
 * validation of the whole process, external validation, model comparisons, and every number and
 * curve of the report in one results object.
 */
import type { Response } from '../core/estimator.js';
import { DataError } from '../core/errors.js';
import { Matrix64 } from '../core/matrix.js';
import { libraryOptionName, listText, quote, type OptionNamer } from '../core/messages.js';
import { Rng } from '../core/rng.js';
import { RADSIG_VERSION } from '../core/version.js';
import { buildDataset, selectDatasetRows, type Dataset } from '../data/dataset.js';
import { cellValue, type RoleSpec } from '../data/roles.js';
import { numericColumn, Table, textColumn, type Column } from '../data/table.js';
import { batchEffectDiagnostics } from '../harmonize/batch-diagnostics.js';
import type { FittedComBat } from '../harmonize/combat/fitted-combat.js';
import { coxNomogram, logisticNomogram, type NomogramData } from '../models/nomogram.js';
import { FittedCoxPH } from '../models/cox-ph.js';
import { FittedLogisticRegression } from '../models/logistic-regression.js';
import { FittedRandomSurvivalForest } from '../models/random-survival-forest.js';
import { repeatedRatingsFromLong, type RepeatedRatings } from '../select/icc.js';
import type { FittedRedundancyFilter } from '../select/redundancy-filter.js';
import type { FittedReproducibilityFilter } from '../select/reproducibility-filter.js';
import { stabilitySelection } from '../select/stability-selection.js';
import { ElasticNet } from '../select/elastic-net/elastic-net.js';
import { concordanceIndex } from '../stats/concordance.js';
import { kaplanMeier, medianFollowUp } from '../stats/kaplan-meier.js';
import { logRankTest } from '../stats/log-rank.js';
import { qnorm } from '../stats/normal.js';
import { pretty } from '../stats/pretty.js';
import { quantile7 } from '../stats/quantile.js';
import { aucDeLong, delongTest, netBenefit, rocCurve, youdenThreshold } from '../validate/binary-metrics.js';
import { survivalCalibration } from '../validate/survival-calibration.js';
import { assignRiskGroups, riskGroupCutoffs, survivalNetBenefit } from '../validate/survival-utility.js';
import { timeDependentAuc } from '../validate/time-dependent.js';
import { developStudy, type DevelopmentData, type DevelopmentDetails } from './develop.js';
import { externalOverlap, overlapWarning, type ExternalOverlap } from './external-overlap.js';
import { FittedStudy, type StudyPrediction, type TransformContext } from './fitted-study.js';
import { DISCRIMINATION, evaluationTimes, followUp, horizonWarnings, ibsUpperBound, metricNames, modelMetrics, type Metrics, type StudyOutcome } from './performance.js';
import type { Study } from './study.js';
import { outcomeOf, pick, runValidationTask, smoothAt, validationTasks, type StudyInput, type TaskResult, type ValidationTask } from './validation.js';
import { runFingerprint } from './run-fingerprint.js';

/** The tables of a study, read by the caller (files in Node, strings or bytes in a browser). */
export interface StudyTables {
  train: Table;
  external?: Table | null;
  repeats?: Table | null;
}

/** How validation tasks are run: in this thread by default, or in worker threads (Node). */
export type TaskRunner = (input: StudyInput, tasks: readonly ValidationTask[], onDone: (done: number) => void) => Promise<TaskResult[]>;

/** Options of {@link runStudy}. */
export interface RunStudyOptions {
  /** Runs the validation tasks; the default runs them one after another in this thread. */
  runTasks?: TaskRunner;
  /** Progress: the stage, and for resampling the tasks done of the total. */
  onProgress?: (stage: string, done: number, total: number) => void;
}

/** The outcome of a study run. */
export interface StudyRun {
  /** Every number of the study (results.json). */
  results: Record<string, unknown>;
  /** The frozen study (model.json). */
  fitted: FittedStudy;
  /** The id column, then each model's prediction (probability or risk) for the development patients; with CV also `<model>.oof`. */
  predictions: Table;
}

/** The study's data, read with its roles. */
export interface PreparedStudy {
  input: StudyInput;
  train: Dataset;
  external: Dataset | null;
  /** How external patients are described in the results ("external.csv", "centre C3"). */
  externalSource: string | null;
  /** What the external patients share with the development patients (identical feature rows). */
  overlap: ExternalOverlap | null;
}

/** Runs validation tasks one after another in this thread (the default runner). */
export const runTasksInThisThread: TaskRunner = async (input, tasks, onDone) => {
  const out: TaskResult[] = [];
  for (const task of tasks) {
    out.push(runValidationTask(input, task));
    onDone(out.length);
  }
  return out;
};

/** Builds the datasets of the study from its tables. @throws DataError naming the table and column. */
export function prepareStudy(study: Study, tables: StudyTables): PreparedStudy {
  const o = study.outcome;
  const harmonize = study.steps.harmonize;
  const covariates = [...new Set([...study.clinical, ...(harmonize?.covariates ?? [])])];
  const externalColumn = study.external ? (study.external.column ?? harmonize?.batch) : undefined;
  const exclude = [...(study.features.exclude ?? [])];
  if (externalColumn !== undefined && externalColumn !== harmonize?.batch) exclude.push(externalColumn);
  const spec: RoleSpec = {
    ...(study.data.id !== undefined ? { id: study.data.id } : {}),
    // (an outcome value not given is not assumed: the data layer's default rules apply, as on the command line)
    ...(o.type === 'binary' ? { outcome: o.column, ...(o.positive !== undefined ? { positive: o.positive } : {}) } : { time: o.time, event: o.event, ...(o.eventValue !== undefined ? { eventValue: o.eventValue } : {}) }),
    ...(harmonize !== undefined ? { batch: harmonize.batch } : {}),
    covariates,
    ...(study.features.include !== undefined ? { features: study.features.include } : {}),
    ...(exclude.length > 0 ? { exclude } : {}),
  };
  const missing = study.data.missing === 'drop' ? 'drop' : study.data.missing === 'error' ? 'error' : 'allow';
  let train = buildDataset(tables.train, spec, { missing, optionName: studyKeyName });
  let external: Dataset | null = null;
  let externalSource: string | null = null;
  if (study.external !== undefined) {
    const level = String(study.external.batch);
    const column = tables.train.column(externalColumn!);
    const values = Array.from(train.rows, (row) => cellValue(column, row));
    const held = values.flatMap((v, i) => (v === level ? [i] : []));
    if (held.length === 0) throw new DataError(`${tables.train.source}: no patient has ${quote(level)} in column ${quote(externalColumn!)} (the external centre); levels: ${[...new Set(values)].map(quote).join(', ')}`, 'DATA_UNKNOWN_LEVEL');
    const kept = values.flatMap((v, i) => (v === level ? [] : [i]));
    external = selectDatasetRows(train, held);
    train = selectDatasetRows(train, kept);
    externalSource = `${externalColumn} = ${level}`;
  } else if (tables.external) {
    const names = new Set(tables.external.names);
    const absent = train.featureNames.filter((f) => !names.has(f));
    if (absent.length > 0) throw new DataError(`${tables.external.source}: ${absent.length} of the development table's ${train.featureNames.length} feature columns ${absent.length === 1 ? 'is' : 'are'} missing (${listText(absent.map(quote), 4)}); the external table needs the same feature columns`, 'DATA_UNKNOWN_COLUMN');
    external = buildDataset(tables.external, { ...spec, features: train.featureNames, exclude: undefined }, { missing, optionName: studyKeyName, outcomeLevels: train.outcomeLevels });
    externalSource = tables.external.source;
    // an event value not given is inferred per table (0/1, or 1/2 as Surv): both tables must read alike
    if (o.type === 'survival' && o.eventValue === undefined && external.eventValue !== train.eventValue) {
      throw new DataError(
        `${tables.external.source}: event column ${quote(o.event)} reads with event value ${quote(external.eventValue!)}, the development table's with ${quote(train.eventValue!)} (a 1/2 coding is read as Surv reads it, 2 = event); give outcome.eventValue`,
        'DATA_BAD_EVENT',
      );
    }
  }
  const overlap = external === null ? null : externalOverlap(train, external, study.data.id !== undefined, study.external !== undefined ? tables.train.source : tables.external!.source, study.data.id);
  checkOutcome(study, train, tables.train.source);
  checkNotAllConstant(train, tables.train.source);
  if (study.validation.method === 'cv' && study.validation.folds > train.n) {
    throw new DataError(`${tables.train.source}: validation.folds is ${study.validation.folds}, more than the ${train.n} development patients; each fold needs patients to score`, 'DATA_SHAPE');
  }
  let ratings: RepeatedRatings | null = null;
  const rep = study.steps.reproducibility;
  if (rep !== undefined) {
    if (!tables.repeats) throw new DataError('the reproducibility step needs the repeats table (data.repeats)', 'DATA_NO_REPEATS');
    ratings = repeatedRatingsFromLong(tables.repeats, { subject: rep.subject, rater: rep.rater, features: train.featureNames });
    const ids = new Set(train.ids);
    const matched = ratings.subjects.filter((s) => ids.has(s)).length;
    if (matched < 2) {
      throw new DataError(`${tables.repeats.source}: ${matched} of its ${ratings.subjects.length} subjects in column ${quote(rep.subject)} ${matched === 1 ? 'is a development patient' : 'are development patients'} (ids such as ${quote(ratings.subjects[0] ?? '')} against ${quote(train.ids[0] ?? '')} in ${study.data.id === undefined ? 'the row numbers' : `column ${quote(study.data.id)}`}); ICCs need at least 2`, 'DATA_NO_REPEATS');
    }
  }
  const response: Response = o.type === 'binary' ? train.y! : { time: train.time!, event: train.event! };
  const data: DevelopmentData = { X: train.X.withColumnNames(train.featureNames), response, ids: train.ids, batch: train.batch, covariates: train.covariates };
  const ibsTo = o.type === 'survival' ? ibsUpperBound(study, followUp(train.time!, train.event!).lastFollowUp) : null;
  return { input: { study, data, ratings, calibrationGrid: [], ibsTo }, train, external, externalSource, overlap };
}

/** Some candidate feature must vary among the development patients, or there is nothing to learn from. */
function checkNotAllConstant(train: Dataset, source: string): void {
  const X = train.X;
  for (let j = 0; j < X.cols; j++) {
    let first = NaN;
    for (let i = 0; i < X.rows; i++) {
      const v = X.get(i, j);
      if (Number.isNaN(v)) continue;
      if (Number.isNaN(first)) first = v;
      else if (v !== first) return;
    }
  }
  throw new DataError(`${source}: all ${X.cols} candidate feature${X.cols === 1 ? ' is' : 's are'} constant in the ${train.n} development patients; there is nothing to select or fit (features.include and features.exclude choose the candidates)`, 'DATA_CONSTANT');
}

function checkOutcome(study: Study, train: Dataset, source: string): void {
  if (study.outcome.type === 'binary') {
    let positives = 0;
    for (const v of train.y!) positives += v;
    if (positives < 2 || positives > train.n - 2) throw new DataError(`${source}: the development data have ${positives} positive and ${train.n - positives} negative patients; a study needs at least 2 of each`, 'DATA_ONE_CLASS');
  } else {
    let events = 0;
    for (const v of train.event!) events += v;
    if (events < 2) throw new DataError(`${source}: the development data have ${events} events; a survival study needs events`, 'DATA_NO_EVENTS');
    // Surv and coxph take zero times; glmnet's Cox family does not, so the select step cannot
    const zero = train.time!.indexOf(0);
    if (zero >= 0 && study.steps.select !== undefined) {
      const zeros = train.time!.filter((t) => t === 0).length;
      throw new DataError(`${source}: time column ${quote(study.outcome.time)} has ${zeros} zero time${zeros === 1 ? '' : 's'} (first on ${train.locate(zero)}); the elastic net of steps.select needs positive times, as glmnet`, 'DATA_BAD_TIME');
    }
  }
  if (study.data.missing === 'median' || study.data.missing === 'mean') {
    // imputation learns a fill value from the present values: a feature needs at least one
    const X = train.X;
    for (let j = 0; j < X.cols; j++) {
      const column = X.column(j);
      if (column.every((v) => Number.isNaN(v))) throw new DataError(`${source}: feature column ${quote(train.featureNames[j])} has no values in the ${train.n} development patients, so data.missing "${study.data.missing}" has nothing to learn from; leave it out (features.exclude)`, 'DATA_MISSING');
    }
  }
}

/**
 * Runs a study: develops the signature and models on the development patients (apparent
 * performance), validates the whole development process by bootstrap (Harrell's optimism
 * correction, with .632+ for AUC and C) or repeated cross-validation, scores the external patients,
 * compares the models, and assembles results.json.
 * @throws DataError or ParameterError for data the study cannot use.
 */
export async function runStudy(study: Study, tables: StudyTables, options: RunStudyOptions = {}): Promise<StudyRun> {
  const progress = options.onProgress ?? (() => {});
  const prepared = prepareStudy(study, tables);
  const { input, train, external } = prepared;
  const { data } = input;
  const n = data.X.rows;
  const seed = study.validation.seed;
  const outcome = outcomeOf(data.response);
  const context: TransformContext = { batch: data.batch, covariates: data.covariates, newBatch: 'error' };

  progress('developing', 0, 1);
  const { fitted, details } = named(tables.train.source, () => developStudy(study, data, input.ratings, seed, { importance: true }));
  const apparentPred = fitted.predict(data.X, context);
  // the development patients' features after every step, computed once for the results' summaries
  const filtered = fitted.filter(data.X, context);
  const apparent = metricsByModel(study, apparentPred, outcome, input.ibsTo ?? null);
  // (everything the summary computes from the development fit is computed now, before the resampling, so it cannot fail after it)
  const harmonized = harmonizeDiagnostics(fitted, data, context);
  if (study.outcome.type === 'binary') {
    const all = [...apparentPred.values()].flatMap((p) => Array.from((p as { probability: Float64Array }).probability));
    input.calibrationGrid = calibrationGrid(all);
  }
  progress('developing', 1, 1);

  // the external patients, scored before the resampling so that data they cannot be scored on stop the run at once
  let externalPred: Map<string, StudyPrediction> | null = null;
  let externalOutcome: StudyOutcome | null = null;
  const externalWarnings: string[] = [];
  if (external !== null) {
    const X = external.X.withColumnNames(external.featureNames);
    try {
      externalPred = fitted.predict(X, { batch: external.batch, covariates: external.covariates, newBatch: 'estimate' });
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      const who = study.external !== undefined ? `${tables.train.source}: the external patients (${prepared.externalSource})` : `${prepared.externalSource}: the external patients`;
      throw new DataError(`${who} cannot be scored: ${error.message}`, error.code);
    }
    externalOutcome = study.outcome.type === 'binary' ? { y: external.y! } : { time: external.time!, event: external.event! };
    const cases = count(study.outcome.type === 'binary' ? external.y! : external.event!);
    if (study.outcome.type === 'binary' && (cases === 0 || cases === external.n)) externalWarnings.push(`external (${prepared.externalSource}): all ${external.n} patients are ${cases === 0 ? 'negative' : 'positive'}, so AUC and calibration are undefined there (null)`);
    const shared = overlapWarning(prepared.overlap!, prepared.externalSource, study.data.id !== undefined);
    if (shared !== null) externalWarnings.push(shared);
    if (study.outcome.type === 'survival' && cases === 0) externalWarnings.push(`external (${prepared.externalSource}): no events among the ${external.n} patients, so C, td-AUC and Brier scores are undefined there (null)`);
  }

  // validation of the whole development process
  const tasks = validationTasks(study);
  let taskResults: TaskResult[] = [];
  if (tasks.length > 0) {
    progress(study.validation.method === 'bootstrap' ? 'bootstrap' : 'cross-validation', 0, tasks.length);
    taskResults = await (options.runTasks ?? runTasksInThisThread)(input, tasks, (done) => progress(study.validation.method === 'bootstrap' ? 'bootstrap' : 'cross-validation', done, tasks.length));
  }

  progress('reporting', 0, 1);
  const names = metricNames(study);
  const modelNames = fitted.models.map((m) => m.name);
  const ok = taskResults.filter((t) => t.failure === null);
  const models: Record<string, unknown> = {};
  for (const name of modelNames) {
    const entry: Record<string, unknown> = { family: study.outcome.type, apparent: apparent[name] };
    if (study.validation.method === 'bootstrap') entry.validation = bootstrapSummary(name, apparent[name], ok, names, taskResults.length);
    else if (study.validation.method === 'cv') entry.validation = cvSummary(study, name, ok, names, taskResults.length);
    if (externalPred !== null) entry.external = externalMetrics(study, externalPred.get(name)!, externalOutcome!, seed, externalIbsTo(prepared));
    Object.assign(entry, modelDetails(study, fitted, name, data, filtered));
    entry.curves = modelCurves(study, name, apparentPred.get(name)!, outcome, externalPred?.get(name) ?? null, externalOutcome, ok, input.calibrationGrid);
    models[name] = entry;
  }

  // ties results.json to model.json: the study (with its seed) and the development data
  const fingerprint = runFingerprint(study, data);
  const results: Record<string, unknown> = {
    radsigVersion: RADSIG_VERSION,
    seed,
    fingerprint,
    study,
    outcome: outcomeSummary(study, train),
    n,
    ...(study.outcome.type === 'binary' ? { nPositive: count(train.y!) } : { nEvents: count(train.event!) }),
    data: dataSummary(study, prepared),
    steps: stepsSummary(study, fitted, details, data, ok, filtered, harmonized),
    models,
    comparisons: comparisons(modelNames, apparentPred, outcome, externalPred, externalOutcome, seed),
    validation: { method: study.validation.method, tasks: taskResults.length, failed: taskResults.length - ok.length, failures: summarizeFailures(taskResults) },
    // (the data layer's first: how the tables were read, e.g. a 1/2 event coding or columns left out)
    warnings: [
      ...new Set([...train.roles.featureReport.warnings, ...(external?.roles.featureReport.warnings ?? [])]),
      ...collectWarnings(fitted, details),
      ...externalWarnings,
      ...(study.outcome.type === 'survival' ? horizonWarnings(study, train.time!, train.event!, 'development', input.ibsTo ?? null) : []),
      ...(study.outcome.type === 'survival' && external !== null ? horizonWarnings(study, external.time!, external.event!, `external (${prepared.externalSource})`, externalIbsTo(prepared)) : []),
    ],
  };
  progress('reporting', 1, 1);
  return { results: toPlain(results) as Record<string, unknown>, fitted: fitted.withFingerprint(fingerprint), predictions: predictionTable(study, train, apparentPred, taskResults) };
}

/** The upper end of the external patients' integrated Brier score: within the development range and their own follow-up. */
function externalIbsTo(prepared: PreparedStudy): number | null {
  const { external, input } = prepared;
  if (external === null || external.time === null || input.ibsTo === null || input.ibsTo === undefined) return null;
  return ibsUpperBound(input.study, followUp(external.time, external.event!).lastFollowUp, input.ibsTo);
}

/** Runs `f`, naming the table in a DataError that does not name it yet. */
function named<T>(source: string, f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof DataError && !error.message.startsWith(`${source}:`)) throw new DataError(`${source}: ${error.message}`, error.code);
    throw error;
  }
}

function count(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

function metricsByModel(study: Study, predictions: Map<string, StudyPrediction>, outcome: StudyOutcome, ibsTo: number | null): Record<string, Metrics> {
  const out: Record<string, Metrics> = {};
  for (const [name, p] of predictions) out[name] = modelMetrics(study, p, outcome, ibsTo);
  return out;
}

/** 50 points spanning the 1st to 99th percentile of the apparent predictions. */
function calibrationGrid(p: number[]): number[] {
  const sorted = Float64Array.from(p).sort();
  const lo = quantile7(sorted, 0.01);
  const hi = quantile7(sorted, 0.99);
  if (!(hi > lo)) return [lo];
  return Array.from({ length: 50 }, (_, k) => lo + ((hi - lo) * k) / 49);
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function sd(values: number[]): number | null {
  if (values.length < 2) return null;
  const m = mean(values)!;
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

/**
 * Bootstrap validation of the whole process. Every measure gets Harrell's optimism: the mean over
 * resamples of (performance on the resample - performance of the resample's model on the original
 * patients). For the discrimination measures (AUC, C) the reported `corrected` value is Efron &
 * Tibshirani's .632+ estimate from the out-of-bag patients: with strong selection among many
 * candidates (p >> n) Harrell's correction leaves much of the optimism in place, because about 63%
 * of the original patients were in each resample; the .632+ estimate does not. Harrell's numbers
 * are kept beside it (`harrell`), and `optimism` is always apparent - corrected.
 */
function bootstrapSummary(model: string, apparent: Metrics, ok: TaskResult[], names: string[], total: number): Record<string, unknown> {
  const metrics: Record<string, unknown> = {};
  for (const metric of names) {
    const diffs: number[] = [];
    const oob: number[] = [];
    for (const t of ok) {
      const a = t.train[model]?.[metric];
      const b = t.test[model]?.[metric];
      if (a !== null && a !== undefined && b !== null && b !== undefined) diffs.push(a - b);
      const o = t.oob[model]?.[metric];
      if (o !== null && o !== undefined) oob.push(o);
    }
    const app = apparent[metric];
    const harrellOptimism = mean(diffs);
    const harrellCorrected = app === null || harrellOptimism === null ? null : app - harrellOptimism;
    if (DISCRIMINATION.has(metric)) {
      const oobMean = mean(oob);
      const corrected = app === null || oobMean === null ? null : plus632(app, oobMean);
      metrics[metric] = {
        apparent: app,
        optimism: corrected === null ? null : app! - corrected,
        corrected,
        method: '.632+',
        oob: oobMean,
        harrell: { optimism: harrellOptimism, corrected: harrellCorrected },
        resamples: oob.length,
      };
    } else {
      metrics[metric] = { apparent: app, optimism: harrellOptimism, corrected: harrellCorrected, method: 'optimism', resamples: diffs.length };
    }
  }
  return { method: 'bootstrap', B: total, succeeded: ok.length, metrics };
}

/**
 * Efron & Tibshirani's .632+ estimate (J Am Stat Assoc 1997, doi:10.1080/01621459.1997.10474007)
 * on the error scale 1 - AUC (or 1 - C), with the no-information error 0.5.
 */
export function plus632(apparent: number, oob: number): number {
  const errApp = 1 - apparent;
  const errOob = Math.min(1 - oob, 0.5);
  const gamma = 0.5;
  const R = errOob > errApp && gamma > errApp ? Math.min(1, (errOob - errApp) / (gamma - errApp)) : 0;
  const w = 0.632 / (1 - 0.368 * R);
  return 1 - ((1 - w) * errApp + w * Math.max(errOob, errApp));
}

function cvSummary(study: Study, model: string, ok: TaskResult[], names: string[], total: number): Record<string, unknown> {
  const metrics: Record<string, unknown> = {};
  for (const metric of names) {
    const values = ok.map((t) => t.test[model]?.[metric]).filter((v): v is number => v !== null && v !== undefined);
    metrics[metric] = { mean: mean(values), sd: sd(values), folds: values.length };
  }
  return { method: 'cv', folds: study.validation.folds, repeats: study.validation.repeats, tasks: total, succeeded: ok.length, metrics };
}

const EXTERNAL_B = 500;

/** External measures with 95% intervals: DeLong for AUC, the concordance standard error for C, percentile bootstrap over patients for the rest. */
function externalMetrics(study: Study, p: StudyPrediction, outcome: StudyOutcome, seed: number, ibsTo: number | null): Record<string, unknown> {
  const point = modelMetrics(study, p, outcome, ibsTo);
  const n = p.family === 'binary' ? p.probability.length : p.risk.length;
  const boot: Record<string, number[]> = {};
  const rng = new Rng(seed).fork(4);
  for (let b = 0; b < EXTERNAL_B; b++) {
    const rows = Array.from(rng.fork(b).bootstrap(n));
    const sub = subsetOutcome(outcome, rows);
    const m = modelMetrics(study, pick(p, rows), sub, ibsTo);
    for (const [k, v] of Object.entries(m)) if (v !== null) (boot[k] ??= []).push(v);
  }
  const out: Record<string, unknown> = {};
  const z = qnorm(0.975);
  for (const [metric, value] of Object.entries(point)) {
    let lower: number | null = null;
    let upper: number | null = null;
    let method = 'percentile bootstrap (500)';
    if (value !== null && metric === 'auc') {
      const d = aucDeLong((p as { probability: Float64Array }).probability, (outcome as { y: ArrayLike<number> }).y);
      lower = d.lower;
      upper = d.upper;
      method = 'DeLong';
    } else if (value !== null && metric === 'cIndex') {
      const { time, event } = outcome as { time: ArrayLike<number>; event: ArrayLike<number> };
      const c = concordanceIndex((p as { risk: Float64Array }).risk, time, event);
      lower = c.estimate - z * c.se;
      upper = c.estimate + z * c.se;
      method = 'normal, survival::concordance standard error';
    } else if (value !== null && (boot[metric]?.length ?? 0) >= 20) {
      const sorted = Float64Array.from(boot[metric]).sort();
      lower = quantile7(sorted, 0.025);
      upper = quantile7(sorted, 0.975);
    }
    out[metric] = { value, lower, upper, method: value === null ? null : method };
  }
  return out;
}

function subsetOutcome(outcome: StudyOutcome, rows: number[]): StudyOutcome {
  if ('y' in outcome) return { y: rows.map((i) => outcome.y[i]) };
  return { time: rows.map((i) => outcome.time[i]), event: rows.map((i) => outcome.event[i]) };
}

/** Pairwise comparisons: DeLong's paired test (binary), difference in Harrell's C with a bootstrap interval (survival). */
function comparisons(
  names: string[],
  apparent: Map<string, StudyPrediction>,
  outcome: StudyOutcome,
  external: Map<string, StudyPrediction> | null,
  externalOutcome: StudyOutcome | null,
  seed: number,
): unknown[] {
  const out: unknown[] = [];
  const sets: ['development' | 'external', Map<string, StudyPrediction>, StudyOutcome][] = [['development', apparent, outcome]];
  if (external !== null) sets.push(['external', external, externalOutcome!]);
  for (const [dataName, preds, o] of sets) {
    for (let a = 0; a < names.length; a++) {
      for (let b = a + 1; b < names.length; b++) {
        const pa = preds.get(names[a])!;
        const pb = preds.get(names[b])!;
        if (pa.family === 'binary' && pb.family === 'binary') {
          try {
            const t = delongTest(pa.probability, pb.probability, (o as { y: ArrayLike<number> }).y);
            out.push({ models: [names[a], names[b]], data: dataName, method: "DeLong's paired test", metric: 'auc', estimate: t.auc1 - t.auc2, auc: [t.auc1, t.auc2], z: finiteOrNull(t.z), p: finiteOrNull(t.p) });
          } catch (error) {
            out.push({ models: [names[a], names[b]], data: dataName, method: "DeLong's paired test", metric: 'auc', estimate: null, reason: (error as Error).message });
          }
        } else if (pa.family === 'survival' && pb.family === 'survival') {
          out.push({ models: [names[a], names[b]], data: dataName, ...cDifference(pa.risk, pb.risk, o as { time: ArrayLike<number>; event: ArrayLike<number> }, new Rng(seed).fork(5).fork(a * 100 + b)) });
        }
      }
    }
  }
  return out;
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function cDifference(ra: Float64Array, rb: Float64Array, o: { time: ArrayLike<number>; event: ArrayLike<number> }, rng: Rng): Record<string, unknown> {
  const c = (r: ArrayLike<number>, t: ArrayLike<number>, e: ArrayLike<number>) => {
    try {
      return concordanceIndex(r, t, e).estimate;
    } catch {
      return null;
    }
  };
  const ca = c(ra, o.time, o.event);
  const cb = c(rb, o.time, o.event);
  const diffs: number[] = [];
  const n = ra.length;
  for (let b = 0; b < EXTERNAL_B; b++) {
    const rows = Array.from(rng.fork(b).bootstrap(n));
    const t = rows.map((i) => o.time[i]);
    const e = rows.map((i) => o.event[i]);
    const x = c(rows.map((i) => ra[i]), t, e);
    const y = c(rows.map((i) => rb[i]), t, e);
    if (x !== null && y !== null) diffs.push(x - y);
  }
  const sorted = Float64Array.from(diffs).sort();
  const lower = diffs.length >= 20 ? quantile7(sorted, 0.025) : null;
  const upper = diffs.length >= 20 ? quantile7(sorted, 0.975) : null;
  // two-sided bootstrap p: twice the smaller share of differences on either side of 0
  const below = diffs.filter((d) => d <= 0).length / Math.max(1, diffs.length);
  const above = diffs.filter((d) => d >= 0).length / Math.max(1, diffs.length);
  return {
    method: "difference in Harrell's C, percentile bootstrap (500)",
    metric: 'cIndex',
    estimate: ca === null || cb === null ? null : ca - cb,
    cIndex: [ca, cb],
    lower,
    upper,
    p: diffs.length >= 20 ? Math.min(1, 2 * Math.min(below, above)) : null,
  };
}

/** The study file's key of each role option, for data-layer messages (`outcome.eventValue`, `data.missing: "drop"`). */
const STUDY_KEYS: Readonly<Record<string, string>> = {
  id: 'data.id',
  outcome: 'outcome.column',
  positive: 'outcome.positive',
  time: 'outcome.time',
  event: 'outcome.event',
  eventValue: 'outcome.eventValue',
  missing: 'data.missing',
  features: 'features.include',
  exclude: 'features.exclude',
  batch: 'steps.harmonize.batch',
  covariates: 'clinical',
};

const studyKeyName: OptionNamer = (option, value) => libraryOptionName(Object.hasOwn(STUDY_KEYS, option) ? STUDY_KEYS[option] : option, value);

/** The outcome as read: the positive or event value given, else the one the data layer took. */
function outcomeSummary(study: Study, train: Dataset): Record<string, unknown> {
  const o = study.outcome;
  const read = (given: string | number | undefined, taken: string) => given ?? (Number.isFinite(Number(taken)) && taken.trim() !== '' ? Number(taken) : taken);
  return o.type === 'binary'
    ? { type: 'binary', column: o.column, positive: read(o.positive, train.outcomeLevels![1]) }
    : { type: 'survival', time: o.time, event: o.event, eventValue: read(o.eventValue, train.eventValue!), horizons: o.horizons };
}

function dataSummary(study: Study, prepared: PreparedStudy): Record<string, unknown> {
  const { train, external } = prepared;
  const describe = (d: Dataset) => {
    const base: Record<string, unknown> = { source: d.source, n: d.n, droppedRows: d.droppedRows.length };
    if (d.y !== null) base.nPositive = count(d.y);
    if (d.event !== null) {
      base.nEvents = count(d.event);
      base.medianFollowUp = finiteOrNull(medianFollowUp(d.time!, d.event!));
      let personTime = 0;
      for (const t of d.time!) personTime += t;
      base.personTime = personTime;
      const f = followUp(d.time!, d.event!);
      base.firstEvent = f.firstEvent;
      base.lastFollowUp = f.lastFollowUp;
      const to = d === train ? (prepared.input.ibsTo ?? null) : externalIbsTo(prepared);
      base.ibsRange = to === null ? null : [0, to];
    }
    if (d.batch !== null) {
      const levels = [...new Set(d.batch)].sort();
      base.batches = levels.map((level) => {
        const rows = d.batch!.flatMap((b, i) => (b === level ? [i] : []));
        const entry: Record<string, unknown> = { level, n: rows.length };
        if (d.y !== null) entry.nPositive = rows.reduce((s, i) => s + d.y![i], 0);
        if (d.event !== null) entry.nEvents = rows.reduce((s, i) => s + d.event![i], 0);
        return entry;
      });
    }
    return base;
  };
  const prefix = new Map<string, number>();
  for (const name of train.featureNames) {
    const m = /(?:^|_)(original|wavelet-[A-Za-z]+|log-sigma-[0-9-]+mm-3D|square|squareroot|logarithm|exponential|gradient|lbp-[23]D[-A-Za-z0-9]*)_/.exec(name);
    const key = m ? m[1] : 'other';
    prefix.set(key, (prefix.get(key) ?? 0) + 1);
  }
  return {
    train: describe(train),
    ...(external !== null ? { external: { ...describe(external), description: prepared.externalSource, overlap: prepared.overlap } } : {}),
    features: { candidates: train.featureNames.length, imageTypes: Object.fromEntries([...prefix].sort((a, b) => b[1] - a[1])), clinical: study.clinical },
    missing: study.data.missing,
  };
}

/** ComBat's input (the features after the steps before it: imputation) and output for the development patients, or null without a harmonize step. */
function harmonizeDiagnostics(fitted: FittedStudy, data: DevelopmentData, context: TransformContext): { before: Matrix64; after: Matrix64; diag: ReturnType<typeof batchEffectDiagnostics> } | null {
  let before = data.X;
  for (const { name, fitted: step } of fitted.steps) {
    if (name === 'harmonize') {
      const after = FittedStudy.applyStep(name, step, before, context);
      const combat = step as FittedComBat;
      return { before, after, diag: batchEffectDiagnostics(before, after, [...data.batch!], [...combat.featureNames]) };
    }
    before = FittedStudy.applyStep(name, step, before, context);
  }
  return null;
}

function stepsSummary(study: Study, fitted: FittedStudy, details: DevelopmentDetails, data: DevelopmentData, ok: TaskResult[], filtered: Matrix64, harmonized: ReturnType<typeof harmonizeDiagnostics>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keptOf = (step: string) => details.kept.find((k) => k.step === step);
  for (const { name, fitted: step } of fitted.steps) {
    const k = keptOf(name)!;
    if (name === 'imputation') {
      out.imputation = { strategy: study.data.missing, filled: (step as unknown as { summary(): unknown[] }).summary().filter((r) => (r as { missingInTraining: number }).missingInTraining > 0) };
    } else if (name === 'harmonize') {
      const combat = step as FittedComBat;
      const { before, after, diag } = harmonized!;
      const order = diag.features.map((_, j) => j).filter((j) => Number.isFinite(diag.before.anovaP[j])).sort((a, b) => diag.before.anovaP[a] - diag.before.anovaP[b]);
      const top = order.slice(0, 4);
      out.harmonize = {
        settings: study.steps.harmonize,
        options: combat.options,
        batches: combat.levels.map((level, b) => ({ level, n: combat.batchSizes[b] })),
        shareSignificantBefore: { anova: diag.before.shareAnovaSignificant, kruskal: diag.before.shareKruskalSignificant },
        shareSignificantAfter: { anova: diag.after.shareAnovaSignificant, kruskal: diag.after.shareKruskalSignificant },
        mostAffected: top.map((j) => ({
          feature: diag.features[j],
          anovaPBefore: finiteOrNull(diag.before.anovaP[j]),
          anovaPAfter: finiteOrNull(diag.after.anovaP[j]),
          values: combat.levels.map((level) => {
            const rows = data.batch!.flatMap((b, i) => (b === level ? [i] : []));
            return { batch: level, before: rows.map((i) => before.get(i, j)), after: rows.map((i) => after.get(i, j)) };
          }),
        })),
        unadjusted: combat.featureNames.filter((_, j) => !combat.adjusted[j]),
        warnings: combat.diagnostics.warnings,
      };
    } else if (name === 'variance') {
      out.variance = { settings: study.steps.variance, kept: k.kept, dropped: k.dropped };
    } else if (name === 'reproducibility') {
      const rep = step as FittedReproducibilityFilter;
      out.reproducibility = {
        settings: study.steps.reproducibility,
        subjects: rep.nSubjects,
        raters: rep.nRaters,
        kept: k.kept,
        dropped: k.dropped,
        icc: rep.decisions.map((d) => ({ feature: d.feature, icc: finiteOrNull(d.icc), lower: finiteOrNull(d.lower), upper: finiteOrNull(d.upper), kept: d.kept })),
      };
    } else if (name === 'redundancy') {
      const red = step as FittedRedundancyFilter;
      out.redundancy = {
        settings: study.steps.redundancy,
        kept: k.kept,
        dropped: k.dropped,
        representedBy: red.decisions.filter((d) => !d.kept).map((d) => ({ feature: d.feature, representedBy: d.representedBy, correlation: d.correlation })),
      };
    }
  }
  if (fitted.signature !== null && details.cv !== null) {
    const cv = details.cv;
    const sig = fitted.signature;
    const frequency = new Map<string, number>();
    for (const t of ok) for (const f of t.selected) frequency.set(f, (frequency.get(f) ?? 0) + 1);
    const ever = new Set<number>();
    cv.fit.beta.forEach((b) => b.forEach((v, j) => (v !== 0 ? ever.add(j) : undefined)));
    const pathFeatures = [...ever].sort((a, b) => a - b);
    const select: Record<string, unknown> = {
      settings: study.steps.select,
      lambda: sig.lambda,
      rule: study.steps.select!.rule,
      features: sig.terms,
      intercept: sig.intercept,
      formula: radscoreFormula(sig.intercept, sig.terms),
      cv: { measure: cv.measure, nFolds: cv.nFolds, lambda: cv.lambda, cvm: cv.cvm, cvsd: cv.cvsd, nzero: cv.nzero, lambdaMin: cv.lambdaMin, lambda1se: cv.lambda1se, warnings: cv.warnings },
      path: { lambda: Array.from(cv.fit.lambda), features: pathFeatures.map((j) => ({ name: cv.fit.featureNames[j], coef: cv.fit.beta.map((b) => b[j]) })) },
      selectionFrequency: Object.fromEntries([...frequency].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([f, c]) => [f, ok.length === 0 ? 0 : c / ok.length])),
      resamples: ok.length,
    };
    const stability = study.steps.select!.stability;
    if (stability !== undefined) {
      const s = stabilitySelection(new ElasticNet({ family: study.outcome.type === 'survival' ? 'cox' : 'binomial', alpha: sig.alpha }), filtered, data.response, { lambda: sig.lambda, resamples: stability.B, seed: study.validation.seed });
      select.stability = { B: s.resamples, failed: s.failed, frequency: Object.fromEntries(s.featureNames.map((f, j) => [f, s.frequency[j]] as [string, number]).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1])) };
    }
    out.select = select;
  }
  return out;
}

function radscoreFormula(intercept: number, terms: { name: string; coef: number }[]): string {
  const parts = terms.map((t) => `${t.coef < 0 ? '-' : '+'} ${Math.abs(t.coef).toPrecision(4)} x ${t.name}`);
  return `Rad-score = ${intercept !== 0 ? intercept.toPrecision(4) + ' ' : ''}${parts.join(' ')}`.replace('= +', '=').trim();
}

/** Coefficient tables, nomograms, forest importance, risk-group cut-offs. */
function modelDetails(study: Study, fitted: FittedStudy, name: string, data: DevelopmentData, filtered: Matrix64): Record<string, unknown> {
  const m = fitted.models.find((x) => x.name === name)!;
  const out: Record<string, unknown> = { kind: (m.model.toJSON() as { kind: string }).kind };
  const inputs = fitted.modelInputs(filtered, data.covariates, data.X.rows);
  if (m.model instanceof FittedLogisticRegression || m.model instanceof FittedCoxPH) {
    out.coefficients = m.model.summary();
    out.featureNames = m.model.featureNames;
    if (m.model instanceof FittedLogisticRegression) {
      out.fit = { n: m.model.n, nEvents: m.model.nEvents, logLik: m.model.logLik, nullLogLik: m.model.nullLogLik, lrTest: m.model.lrTest, aic: m.model.aic, warnings: m.model.diagnostics.warnings };
    } else {
      out.fit = { n: m.model.n, nEvents: m.model.nEvents, logLik: m.model.logLik, tests: m.model.tests, concordance: m.model.concordance, warnings: m.model.diagnostics.warnings };
    }
    if (m.model.featureNames.length > 0) {
      const X = inputs.of(m.name);
      let nomogram: NomogramData | null = null;
      try {
        nomogram = m.model instanceof FittedLogisticRegression ? logisticNomogram(m.model, X) : coxNomogram(m.model, X, (study.outcome as { horizons: number[] }).horizons);
      } catch {
        nomogram = null;
      }
      out.nomogram = nomogram;
      out.ranges = m.model.featureNames.map((f, j) => {
        const col = X.column(j);
        let lo = Infinity;
        let hi = -Infinity;
        for (const v of col) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
        return { feature: f, min: lo, max: hi };
      });
    }
  } else if (m.model instanceof FittedRandomSurvivalForest) {
    out.forest = { trees: m.model.trees.length, options: m.model.options, oobCIndex: m.model.oobCIndex, importance: m.model.options.importance ? m.model.summary() : null };
  } else {
    out.signature = { lambda: fitted.signature!.lambda, intercept: fitted.signature!.intercept, terms: fitted.signature!.terms };
  }
  return out;
}

const THRESHOLDS = Array.from({ length: 99 }, (_, k) => (k + 1) / 100);

/** The curves of the report's charts for one model. */
function modelCurves(
  study: Study,
  name: string,
  apparent: StudyPrediction,
  outcome: StudyOutcome,
  external: StudyPrediction | null,
  externalOutcome: StudyOutcome | null,
  ok: TaskResult[],
  grid: number[],
): Record<string, unknown> {
  if (apparent.family === 'binary') {
    const y = (outcome as { y: ArrayLike<number> }).y;
    const binaryCurves = (p: Float64Array, yy: ArrayLike<number>) => {
      const out: Record<string, unknown> = {};
      try {
        const roc = rocCurve(p, yy);
        const auc = aucDeLong(p, yy);
        const youden = youdenThreshold(p, yy);
        out.roc = { fpr: Array.from(roc.specificity, (s) => 1 - s), tpr: Array.from(roc.sensitivity), auc: auc.estimate, lower: auc.lower, upper: auc.upper, youden };
      } catch {
        out.roc = null;
      }
      try {
        out.decision = netBenefit(p, yy, THRESHOLDS);
      } catch {
        out.decision = null;
      }
      out.histogram = histogram(p);
      return out;
    };
    const dev = binaryCurves(apparent.probability, y);
    const apparentCurve = grid.length > 1 ? smoothAt(apparent.probability, y, grid) : [];
    const optimism = grid.map((_, g) => mean(ok.flatMap((t) => {
      const c = t.calibration[name];
      if (!c) return [];
      const a = c.train[g];
      const b = c.test[g];
      return a !== null && b !== null ? [a - b] : [];
    })));
    dev.calibration = {
      grid,
      apparent: apparentCurve,
      corrected: apparentCurve.map((v, g) => (v === null || optimism[g] === null ? null : v - optimism[g]!)),
      resamples: ok.filter((t) => t.calibration[name]).length,
    };
    const out: Record<string, unknown> = { development: dev };
    if (external !== null && external.family === 'binary') {
      const ext = binaryCurves(external.probability, (externalOutcome as { y: ArrayLike<number> }).y);
      const ey = (externalOutcome as { y: ArrayLike<number> }).y;
      const g = calibrationGrid(Array.from(external.probability));
      ext.calibration = { grid: g, apparent: g.length > 1 ? smoothAt(external.probability, ey, g) : [] };
      out.external = ext;
    }
    return out;
  }
  const times = evaluationTimes(study);
  const horizons = (study.outcome as { horizons: number[] }).horizons;
  const cutoffs = riskGroupCutoffs(apparent.risk, 'median');
  const survivalCurves = (p: Extract<StudyPrediction, { family: 'survival' }>, o: { time: ArrayLike<number>; event: ArrayLike<number> }) => {
    const out: Record<string, unknown> = {};
    const { lastFollowUp } = followUp(o.time, o.event);
    const beyond = (h: number) => `horizon ${h} is at or beyond the last follow-up (${lastFollowUp})`;
    out.riskGroups = riskGroupCurves(p.risk, o, cutoffs, horizons);
    out.tdAuc = times.map((t) => {
      try {
        return { time: t, auc: finiteOrNull(timeDependentAuc(p.risk, o.time, o.event, t)) };
      } catch {
        return { time: t, auc: null };
      }
    });
    out.calibration = horizons.map((h) => {
      const k = times.indexOf(h);
      if (h >= lastFollowUp) return { horizon: h, groups: null, reason: beyond(h) };
      try {
        return { horizon: h, groups: survivalCalibration(p.survival.column(k), o.time, o.event, h, 5) };
      } catch (error) {
        return { horizon: h, groups: null, reason: (error as Error).message };
      }
    });
    out.decision = horizons.map((h) => {
      const k = times.indexOf(h);
      if (h >= lastFollowUp) return { horizon: h, curve: null, reason: beyond(h) };
      try {
        return { horizon: h, curve: survivalNetBenefit(p.survival.column(k).map((s) => 1 - s), o.time, o.event, h, THRESHOLDS) };
      } catch (error) {
        return { horizon: h, curve: null, reason: (error as Error).message };
      }
    });
    return out;
  };
  const out: Record<string, unknown> = { cutoffs, development: survivalCurves(apparent, outcome as { time: ArrayLike<number>; event: ArrayLike<number> }) };
  if (external !== null && external.family === 'survival') out.external = survivalCurves(external, externalOutcome as { time: ArrayLike<number>; event: ArrayLike<number> });
  return out;
}

function histogram(p: ArrayLike<number>): { from: number; to: number; count: number }[] {
  const bins = Array.from({ length: 20 }, (_, k) => ({ from: k / 20, to: (k + 1) / 20, count: 0 }));
  for (let i = 0; i < p.length; i++) bins[Math.min(19, Math.floor(p[i] * 20))].count++;
  return bins;
}

/** Kaplan-Meier curves of the risk groups with their bands and the numbers at risk at pretty times. */
function riskGroupCurves(risk: ArrayLike<number>, o: { time: ArrayLike<number>; event: ArrayLike<number> }, cutoffs: number[], horizons: number[]): Record<string, unknown> {
  const groups = assignRiskGroups(risk, cutoffs);
  let maxTime = 0;
  for (let i = 0; i < o.time.length; i++) maxTime = Math.max(maxTime, o.time[i]);
  const ticks = pretty(0, Math.max(maxTime, ...horizons), 6).filter((t) => t <= maxTime);
  const labels = cutoffs.length === 1 ? ['low risk', 'high risk'] : cutoffs.length === 2 ? ['low risk', 'intermediate risk', 'high risk'] : Array.from({ length: cutoffs.length + 1 }, (_, k) => `group ${k + 1}`);
  const curves = labels.map((label, g) => {
    const rows: number[] = [];
    for (let i = 0; i < groups.length; i++) if (groups[i] === g) rows.push(i);
    if (rows.length === 0) return { group: label, n: 0, events: 0, curve: null, atRisk: [] };
    const km = kaplanMeier(rows.map((i) => o.time[i]), rows.map((i) => o.event[i]));
    const atRisk = ticks.map((t) => ({ time: t, n: rows.filter((i) => o.time[i] >= t).length }));
    return {
      group: label,
      n: rows.length,
      events: km.events,
      curve: { time: Array.from(km.times), survival: Array.from(km.survival), lower: Array.from(km.lower, finiteOrNull), upper: Array.from(km.upper, finiteOrNull) },
      median: finiteOrNull(km.median),
      atRisk,
    };
  });
  let logRank: unknown = null;
  try {
    const present = new Set(groups);
    if (present.size > 1) {
      const lr = logRankTest(o.time, o.event, Array.from(groups));
      logRank = { chisq: lr.chisq, df: lr.df, p: finiteOrNull(lr.p) };
    }
  } catch {
    logRank = null;
  }
  return { labels, ticks, groups: curves, logRank };
}


/**
 * Each model's prediction columns: the probability (binary) or the risk score and the survival at
 * each horizon (`<model>.survival@<h>`, survival).
 */
export function predictionColumns(study: Study, predictions: Map<string, StudyPrediction>): Column[] {
  const columns: Column[] = [];
  const times = evaluationTimes(study);
  for (const [name, p] of predictions) {
    if (p.family === 'binary') columns.push(numericColumn(name, Float64Array.from(p.probability)));
    else {
      columns.push(numericColumn(name, Float64Array.from(p.risk)));
      for (const h of (study.outcome as { horizons: number[] }).horizons) columns.push(numericColumn(`${name}.survival@${h}`, Float64Array.from(p.survival.column(times.indexOf(h)))));
    }
  }
  return columns;
}

/** The id column, each model's prediction, and with CV the out-of-fold predictions (mean over repeats). */
function predictionTable(study: Study, train: Dataset, apparent: Map<string, StudyPrediction>, tasks: TaskResult[]): Table {
  const columns: Column[] = [textColumn(study.data.id ?? 'row', [...train.ids])];
  const n = train.n;
  columns.push(...predictionColumns(study, apparent));
  if (study.validation.method === 'cv') {
    for (const name of apparent.keys()) {
      const sum = new Float64Array(n);
      const cnt = new Float64Array(n);
      for (const t of tasks) {
        if (t.heldOut === null) continue;
        const values = t.heldOut.predictions[name];
        t.heldOut.rows.forEach((row, k) => {
          sum[row] += values[k];
          cnt[row]++;
        });
      }
      columns.push(numericColumn(`${name}.oof`, sum.map((s, i) => (cnt[i] > 0 ? s / cnt[i] : NaN))));
    }
  }
  return new Table('predictions', columns, n);
}

function summarizeFailures(tasks: TaskResult[]): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const t of tasks) if (t.failure !== null) counts.set(t.failure, (counts.get(t.failure) ?? 0) + 1);
  return [...counts].map(([reason, c]) => ({ reason, count: c })).sort((a, b) => b.count - a.count);
}

function collectWarnings(fitted: FittedStudy, details: DevelopmentDetails): string[] {
  const out: string[] = [];
  for (const s of fitted.steps) {
    const d = (s.fitted as { diagnostics?: { warnings: string[] } }).diagnostics;
    if (d) out.push(...d.warnings);
  }
  if (details.cv) out.push(...details.cv.warnings.filter((w) => !/^fold \d+:/.test(w)));
  for (const m of fitted.models) {
    const d = (m.model as { diagnostics?: { warnings: string[] } }).diagnostics;
    if (d) out.push(...d.warnings.map((w) => `${m.name}: ${w}`));
  }
  return [...new Set(out)];
}

/** A deep copy with typed arrays as plain arrays and non-finite numbers as null (JSON-safe). */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, (v) => (Number.isFinite(v) ? v : null));
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof Matrix64) return value.toRows().map((r) => r.map((v) => (Number.isFinite(v) ? v : null)));
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function');
    return Object.fromEntries(entries.map(([k, v]) => [k, toPlain(v)]));
  }
  return value;
}

