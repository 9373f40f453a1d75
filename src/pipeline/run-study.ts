/**
 * A whole study: the data read with the study's roles, the apparent development, the leakage-safe
 * validation of the whole process, external validation, model comparisons, and every number and
 * curve of the report in one results object. The sections of that object are built by
 * `study-summaries.ts`, `resampling-summary.ts`, `external-validation.ts`, `model-comparisons.ts`,
 * `model-curves.ts` and `prediction-table.ts`.
 */
import { formulaCellsWarning } from '../data/format-table.js';
import { DataError } from '../core/errors.js';
import { RADSIG_VERSION } from '../core/version.js';
import { Table } from '../data/table.js';
import { developStudy, type DevelopmentDetails } from './develop.js';
import { overlapWarning } from './external-overlap.js';
import { FittedStudy, type StudyPrediction, type TransformContext } from './fitted-study.js';
import { eventRisk, horizonWarnings, metricNames, modelMetrics, type Metrics, type StudyOutcome } from './performance.js';
import { quantile7 } from '../stats/quantile.js';
import { runsBootstrap, runsCv, type Study } from './study.js';
import { outcomeOf, runValidationTask, validationTasks, type StudyInput, type TaskResult, type ValidationTask } from './validation.js';
import { runFingerprint } from './run-fingerprint.js';

import { externalMetrics } from './external-validation.js';
import { forestOutOfBagPrediction, outOfBagMetrics } from './forest-out-of-bag.js';
import { heldOutSplits, splitMetrics } from './held-out.js';
import { pairedComparisons, validatedComparisons } from './model-comparisons.js';
import { calibrationGrid, modelCurves, survivalCalibrationCuts } from './model-curves.js';
import { predictionTable } from './prediction-table.js';
import { externalIbsTo, named, prepareStudy, type StudyTables } from './prepare-study.js';
import { bootstrapSummary, cvSummary } from './resampling-summary.js';
import { dataSummary, harmonizeDiagnostics, modelDetails, outcomeSummary, stepsSummary } from './study-summaries.js';
import { count, toPlain } from './summary-numbers.js';
import { validationNotes } from './validation-notes.js';
import { readStudyResults } from './results-schema/check-results.js';
import { RESULTS_SCHEMA_VERSION, type ModelResult, type StudyResults } from './results-schema/study-results-schema.js';

/** One model's entry as it is assembled (its family decides the type of its curves). */
type ModelEntry = Omit<ModelResult, 'family' | 'curves'> & { family: 'binary' | 'survival'; curves?: ModelResult['curves'] };

/**
 * Whether every run checks its results against the results schema (the test suite sets
 * RADSIG_CHECK_RESULTS=1, so that each study it runs proves the schema describes what runStudy writes).
 */
function checkingResults(): boolean {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.RADSIG_CHECK_RESULTS === '1';
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
  results: StudyResults;
  /** The frozen study (model.json). */
  fitted: FittedStudy;
  /** The id column, then each model's prediction (probability or risk) for the development patients; with CV also `<model>.oof`. */
  predictions: Table;
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
  } else if (runsBootstrap(study)) input.survivalCuts = survivalCalibrationCuts(study, apparentPred);
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
    const stage = study.validation.method === 'both' ? 'bootstrap and cross-validation' : runsBootstrap(study) ? 'bootstrap' : 'cross-validation';
    progress(stage, 0, tasks.length);
    taskResults = await (options.runTasks ?? runTasksInThisThread)(input, tasks, (done) => progress(stage, done, tasks.length));
  }

  progress('reporting', 0, 1);
  const names = metricNames(study);
  const modelNames = fitted.models.map((m) => m.name);
  const ok = taskResults.filter((t) => t.failure === null);
  // with both, the bootstrap is the headline and CV is summarised beside it
  const bootstrapTasks = taskResults.filter((t) => t.task.kind === 'bootstrap');
  const cvTasks = taskResults.filter((t) => t.task.kind === 'cv');
  const okBootstrap = ok.filter((t) => t.task.kind === 'bootstrap');
  const okCv = ok.filter((t) => t.task.kind === 'cv');
  // every validated comparison and development curve comes from these held-out predictions (the bootstrap's when it runs)
  const held = heldOutSplits(study, data, taskResults);
  const perSplit = held === null ? [] : splitMetrics(study, held, input.ibsTo ?? null, ok);
  const cvHeld = study.validation.method === 'cv' ? held : runsCv(study) ? heldOutSplits(study, data, taskResults, 'cv') : null;
  const cvPerSplit = cvHeld === null ? [] : cvHeld === held ? perSplit : splitMetrics(study, cvHeld, input.ibsTo ?? null, ok);
  const models: Record<string, ModelResult> = {};
  for (const name of modelNames) {
    // (kind first after family, as results.json reads; modelDetails fills it in)
    const entry: ModelEntry = { family: study.outcome.type, kind: 'ElasticNetSignature', apparent: apparent[name] };
    const oob = forestOutOfBagPrediction(fitted, name);
    if (oob !== null) {
      // the forest's development performance is its out-of-bag one (as ranger reports it); its in-bag "apparent" value is resubstitution
      const { metrics, patients } = outOfBagMetrics(fitted, oob, outcome, input.ibsTo ?? null);
      entry.outOfBag = { ...metrics, patients };
      entry.apparentIs = 'resubstitution';
    }
    const cv = runsCv(study) ? cvSummary(study, name, okCv, names, cvTasks.length, cvHeld, cvPerSplit) : null;
    if (runsBootstrap(study)) entry.validation = bootstrapSummary(name, apparent[name], okBootstrap, names, bootstrapTasks.length, oob !== null);
    else if (cv !== null) entry.validation = cv;
    if (study.validation.method === 'both') entry.crossValidation = cv;
    if (externalPred !== null) entry.external = externalMetrics(study, externalPred.get(name)!, externalOutcome!, seed, externalIbsTo(prepared));
    Object.assign(entry, modelDetails(study, fitted, name, data, filtered));
    entry.curves = modelCurves(study, name, apparentPred.get(name)!, outcome, externalPred?.get(name) ?? null, externalOutcome, { held, ok: runsBootstrap(study) ? okBootstrap : okCv, grid: input.calibrationGrid, survivalCuts: input.survivalCuts?.[name] ?? null, resubstitution: oob !== null });
    models[name] = entry as ModelResult;
  }
  const comparisons = [
    ...(held !== null && held.splits.length > 0 ? validatedComparisons(study, modelNames, held, perSplit) : pairedComparisons(modelNames, 'development', apparentPred, outcome, seed)),
    ...(externalPred !== null ? pairedComparisons(modelNames, 'external', externalPred, externalOutcome!, seed) : []),
  ];

  // ties results.json to model.json: the study (with its seed) and the development data
  const fingerprint = runFingerprint(study, data);
  const notes = validationNotes({ study, models, tasks: taskResults, outcome, externalOutcome, fitted });
  const results: StudyResults = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
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
    comparisons,
    validation: { method: study.validation.method, tasks: taskResults.length, failed: taskResults.length - ok.length, failures: summarizeFailures(taskResults) },
    decisionCurves: decisionRange(study, apparentPred),
    // (the data layer's first: how the tables were read, e.g. a 1/2 event coding or columns left out)
    warnings: [
      ...new Set([...train.roles.featureReport.warnings, ...(external?.roles.featureReport.warnings ?? [])]),
      ...collectWarnings(fitted, details),
      ...externalWarnings,
      ...(study.outcome.type === 'survival' ? horizonWarnings(study, train.time!, train.event!, 'development', input.ibsTo ?? null) : []),
      ...(study.outcome.type === 'survival' && external !== null ? horizonWarnings(study, external.time!, external.event!, `external (${prepared.externalSource})`, externalIbsTo(prepared)) : []),
      ...notes.warnings,
    ],
    notes: notes.notes,
  };
  const predictions = predictionTable(study, train, apparentPred, taskResults);
  // ids a spreadsheet would run as formulas: written unchanged, with a warning
  const formulas = formulaCellsWarning(predictions, 'predictions.csv');
  if (formulas !== null) results.warnings.push(formulas);
  progress('reporting', 1, 1);
  const plain = toPlain(results);
  if (checkingResults()) readStudyResults(plain, 'runStudy: results');
  return { results: plain, fitted: fitted.withFingerprint(fingerprint), predictions };
}

/**
 * How far the decision curves are drawn: the study's `report.decisionCurveTo`, or where the
 * predictions end, the 95th percentile of every model's predicted risk on the development patients
 * (survival: of the event by each horizon) rounded up to 0.05 (at least 0.1, at most 0.99).
 */
function decisionRange(study: Study, predictions: Map<string, StudyPrediction>): NonNullable<StudyResults['decisionCurves']> {
  const given = study.report?.decisionCurveTo;
  if (given !== undefined) return { to: given, rule: 'the study\'s report.decisionCurveTo' };
  const risks: number[] = [];
  const horizons = study.outcome.type === 'survival' ? study.outcome.horizons : [];
  for (const p of predictions.values()) {
    if (p.family === 'binary') risks.push(...p.probability);
    else for (const h of horizons) risks.push(...eventRisk(study, p, h));
  }
  const finite = Float64Array.from(risks.filter(Number.isFinite)).sort();
  const q = finite.length === 0 ? 0.99 : quantile7(finite, 0.95);
  return { to: Math.min(0.99, Math.max(0.1, Math.ceil(q * 20 - 1e-9) / 20)), rule: 'the 95th percentile of the predicted risks of the development patients, rounded up to 0.05' };
}

function metricsByModel(study: Study, predictions: Map<string, StudyPrediction>, outcome: StudyOutcome, ibsTo: number | null): Record<string, Metrics> {
  const out: Record<string, Metrics> = {};
  for (const [name, p] of predictions) out[name] = modelMetrics(study, p, outcome, ibsTo);
  return out;
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
  const select = fitted.study.steps.select;
  if (fitted.signature !== null && fitted.signature.terms.length === 0 && select !== undefined) {
    out.push(
      `steps.select: the signature selected no feature at lambda ${fitted.signature.lambda.toPrecision(4)} (rule "${select.rule}"): the Rad-score is constant, so its discrimination is that of chance and models built on it carry no radiomic information; the cross-validated deviance did not favour any feature (try rule "lambdaMin", or "nFeatures" with a fixed k, and read the validated estimates, not the apparent ones)`,
    );
  }
  for (const m of fitted.models) {
    const d = (m.model as { diagnostics?: { warnings: string[] } }).diagnostics;
    if (d) out.push(...d.warnings.map((w) => `${m.name}: ${w}`));
  }
  return [...new Set(out)];
}
