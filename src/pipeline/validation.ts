/**
 * Leakage-safe validation of the whole development process: each resample refits every step on its
 * own patients (bootstrap sample or training folds) and is scored on the original sample or the
 * held-out fold. One task is one resample; tasks carry their own forked seeds, so results do not
 * depend on how many workers run them.
 */
import type { Response } from '../core/estimator.js';
import { DataError, ParameterError } from '../core/errors.js';
import { Matrix64 } from '../core/matrix.js';
import { Rng } from '../core/rng.js';
import { selectColumnRows, type Column } from '../data/table.js';
import type { RepeatedRatings } from '../select/icc.js';
import { lowess } from '../stats/lowess.js';
import { developStudy, type DevelopmentData } from './develop.js';
import type { FittedStudy, StudyPrediction } from './fitted-study.js';
import { evaluationTimes, modelMetrics, type Metrics, type StudyOutcome } from './performance.js';
import { groupKaplanMeier } from '../validate/survival-calibration.js';
import { riskGroupCutoffs } from '../validate/survival-utility.js';
import { runsBootstrap, runsCv, type Study } from './study.js';

/** The development data of a study in the form resampling and workers use. */
export interface StudyInput {
  study: Study;
  data: DevelopmentData;
  ratings: RepeatedRatings | null;
  /** Grid of predicted probabilities for the bias-corrected calibration curve (binary). */
  calibrationGrid: number[];
  /** Survival: the upper end of the integrated Brier score's range (from the development patients' follow-up), or null. */
  ibsTo?: number | null;
  /**
   * Survival: per model and horizon, the groups of predicted survival of the bias-corrected
   * calibration (`calibrationCuts` of the development fit's predictions, as rms::calibrate's KM method).
   */
  survivalCuts?: Record<string, number[][]>;
}

/** One model's predictions for a task's held-out patients, in a plain form that crosses threads. */
export type HeldOutPrediction =
  | { family: 'binary'; probability: Float64Array; linearPredictor: Float64Array }
  /** `survival`: rows x evaluation times, column by column; `cutoffs`: the risk-group cut-off learned on the task's own training patients. */
  | { family: 'survival'; risk: Float64Array; survival: Float64Array; cutoffs: number[] };

/** The patients a task's model did not learn from (bootstrap: out of the bag; CV: the fold) and each model's predictions for them. */
export interface HeldOut {
  rows: number[];
  predictions: Record<string, HeldOutPrediction>;
}

/** A validation task: one bootstrap resample, or one fold of one CV repeat. */
export type ValidationTask = { kind: 'bootstrap'; index: number } | { kind: 'cv'; repeat: number; fold: number };

/** What one task gives back. */
export interface TaskResult {
  task: ValidationTask;
  /** Why the resample could not be developed (e.g. one class in the sample), or null. */
  failure: string | null;
  /** Per model: measures on the resample's own patients (bootstrap), on the original sample or held-out fold. */
  train: Record<string, Metrics>;
  test: Record<string, Metrics>;
  /** Bootstrap: measures on the patients left out of the sample (for .632+). */
  oob: Record<string, Metrics>;
  /** Features of the resample's signature. */
  selected: string[];
  /** Bootstrap, binary: LOWESS calibration at the grid, on the sample and on the original patients. */
  calibration: Record<string, { train: (number | null)[]; test: (number | null)[] }>;
  /**
   * Bootstrap, survival: per model and horizon, observed (Kaplan-Meier) minus mean predicted survival
   * in the fixed groups of `StudyInput.survivalCuts`, on the sample and on the original patients
   * (null for a group that rms::groupkm leaves NA, or every group with fewer than 5 events in the data).
   */
  survivalCalibration: Record<string, { train: (number | null)[]; test: (number | null)[] }[]>;
  /** The held-out patients and each model's predictions for them. */
  heldOut: HeldOut | null;
}

/** The tasks of the study's validation plan. */
export function validationTasks(study: Study): ValidationTask[] {
  const v = study.validation;
  const tasks: ValidationTask[] = [];
  if (runsBootstrap(study)) for (let index = 0; index < v.B; index++) tasks.push({ kind: 'bootstrap', index });
  if (runsCv(study)) for (let repeat = 0; repeat < v.repeats; repeat++) for (let fold = 1; fold <= v.folds; fold++) tasks.push({ kind: 'cv', repeat, fold });
  return tasks;
}

/** The outcome of the study's patients as metrics read it. */
export function outcomeOf(response: Response): StudyOutcome {
  return 'time' in (response as object) && !ArrayBuffer.isView(response) && !Array.isArray(response) ? (response as { time: ArrayLike<number>; event: ArrayLike<number> }) : { y: response as ArrayLike<number> };
}

/** The development data of some rows (a bootstrap sample may repeat rows). */
export function subsetData(data: DevelopmentData, rows: ArrayLike<number>): DevelopmentData {
  const r = Array.from(rows);
  const response = data.response;
  const sub: Response =
    'time' in (response as object) && !ArrayBuffer.isView(response) && !Array.isArray(response)
      ? { time: r.map((i) => (response as { time: ArrayLike<number> }).time[i]), event: r.map((i) => (response as { event: ArrayLike<number> }).event[i]) }
      : r.map((i) => (response as ArrayLike<number>)[i]);
  return {
    X: data.X.selectRows(r),
    response: sub,
    ids: r.map((i) => data.ids[i]),
    batch: data.batch === null ? null : r.map((i) => data.batch![i]),
    covariates: data.covariates.map((c: Column) => selectColumnRows(c, r)),
  };
}

/** Folds (1..K) of a CV repeat, stratified on the outcome class or event indicator. */
export function cvFolds(study: Study, data: DevelopmentData, repeat: number): Int32Array {
  const strata = study.outcome.type === 'binary' ? (data.response as ArrayLike<number>) : (data.response as { event: ArrayLike<number> }).event;
  return new Rng(study.validation.seed).fork(2).fork(repeat).stratifiedFolds(Array.from(strata), Math.min(study.validation.folds, data.X.rows));
}

/** The seed of the inner cross-validation (lambda choice) of a task. */
function innerSeed(study: Study, task: ValidationTask): number {
  const rng = task.kind === 'bootstrap' ? new Rng(study.validation.seed).fork(1).fork(task.index) : new Rng(study.validation.seed).fork(3).fork(task.repeat * 1000 + task.fold);
  return rng.int(2 ** 31 - 1);
}

/**
 * Runs one validation task: develops the study on the task's patients and scores it.
 * A resample that cannot be developed (one class, no events, a step with nothing left) is reported
 * as failed with the reason, not thrown.
 */
export function runValidationTask(input: StudyInput, task: ValidationTask): TaskResult {
  const { study, data } = input;
  const n = data.X.rows;
  const result: TaskResult = { task, failure: null, train: {}, test: {}, oob: {}, selected: [], calibration: {}, survivalCalibration: {}, heldOut: null };
  let trainRows: number[];
  let testRows: number[];
  if (task.kind === 'bootstrap') {
    trainRows = Array.from(new Rng(study.validation.seed).fork(0).fork(task.index).bootstrap(n));
    testRows = Array.from({ length: n }, (_, i) => i);
  } else {
    const folds = cvFolds(study, data, task.repeat);
    trainRows = [];
    testRows = [];
    for (let i = 0; i < n; i++) (folds[i] === task.fold ? testRows : trainRows).push(i);
  }
  const train = subsetData(data, trainRows);
  // ComBat learns a location and scale per batch: patients of a batch the resample did not draw cannot be harmonized
  if (data.batch !== null && study.steps.harmonize !== undefined) {
    const drawn = new Set(train.batch);
    const missed = [...new Set(testRows.map((i) => data.batch![i]))].filter((b) => !drawn.has(b));
    if (missed.length > 0) {
      result.failure = `no patient of batch ${missed.map((b) => JSON.stringify(b)).join(', ')} (steps.harmonize.batch ${JSON.stringify(study.steps.harmonize.batch)}) is in this resample, so ComBat cannot harmonize the patients it is scored on`;
      return result;
    }
  }
  let fitted: FittedStudy;
  try {
    fitted = developStudy(study, train, input.ratings, innerSeed(study, task)).fitted;
  } catch (error) {
    if (!(error instanceof DataError) && !(error instanceof ParameterError)) throw error;
    result.failure = error.message;
    return result;
  }
  result.selected = fitted.signature === null ? [] : fitted.signature.terms.map((t) => t.name);
  const score = (d: DevelopmentData): Map<string, StudyPrediction> | null => {
    try {
      return fitted.predict(d.X, { batch: d.batch, covariates: d.covariates, newBatch: 'error' });
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      result.failure = error.message;
      return null;
    }
  };
  const test = task.kind === 'bootstrap' ? data : subsetData(data, testRows);
  // the training patients' predictions: bootstrap, for the optimism; survival, for the risk-group cut-off learned on them
  const trainPred = task.kind === 'bootstrap' || study.outcome.type === 'survival' ? score(train) : null;
  const testPred = score(test);
  if (testPred === null || (trainPred === null && (task.kind === 'bootstrap' || study.outcome.type === 'survival'))) return result;
  const testOutcome = outcomeOf(test.response);
  for (const [name, p] of testPred) result.test[name] = modelMetrics(study, p, testOutcome, input.ibsTo);
  let heldOutRows = testRows;
  let heldOutPred = testPred;
  if (task.kind === 'bootstrap') {
    const trainOutcome = outcomeOf(train.response);
    for (const [name, p] of trainPred!) result.train[name] = modelMetrics(study, p, trainOutcome, input.ibsTo);
    // out-of-bag patients (for .632+ and every held-out curve and comparison)
    const inBag = new Uint8Array(n);
    for (const i of trainRows) inBag[i] = 1;
    heldOutRows = testRows.filter((i) => !inBag[i]);
    heldOutPred = new Map([...testPred].map(([name, p]) => [name, pick(p, heldOutRows)]));
    const oobOutcome = outcomeOf(subsetData(data, heldOutRows).response);
    for (const [name, p] of heldOutPred) result.oob[name] = modelMetrics(study, p, oobOutcome, input.ibsTo);
    for (const [name, p] of testPred) {
      const pt = trainPred!.get(name)!;
      if (p.family === 'binary' && pt.family === 'binary') {
        result.calibration[name] = {
          train: smoothAt(pt.probability, train.response as ArrayLike<number>, input.calibrationGrid),
          test: smoothAt(p.probability, data.response as ArrayLike<number>, input.calibrationGrid),
        };
      } else if (p.family === 'survival' && pt.family === 'survival' && input.survivalCuts?.[name] !== undefined) {
        result.survivalCalibration[name] = calibrationDistances(study, input.survivalCuts[name], pt, train.response as SurvivalOutcome, p, data.response as SurvivalOutcome);
      }
    }
  }
  const predictions: Record<string, HeldOutPrediction> = {};
  for (const [name, p] of heldOutPred) {
    if (p.family === 'binary') predictions[name] = { family: 'binary', probability: p.probability, linearPredictor: p.linearPredictor };
    else predictions[name] = { family: 'survival', risk: p.risk, survival: p.survival.data, cutoffs: riskGroupCutoffs((trainPred!.get(name) as { risk: Float64Array }).risk, 'median') };
  }
  result.heldOut = { rows: heldOutRows, predictions };
  return result;
}

type SurvivalOutcome = { time: ArrayLike<number>; event: ArrayLike<number> };

/**
 * rms::calibrate's KM-method distances at each horizon: observed minus mean predicted survival in
 * the fixed groups, for the resample's fit on its own sample and on the original patients; every
 * group null when the data have fewer than 5 events (rms's rule).
 */
function calibrationDistances(study: Study, cuts: number[][], train: Extract<StudyPrediction, { family: 'survival' }>, trainOutcome: SurvivalOutcome, test: Extract<StudyPrediction, { family: 'survival' }>, testOutcome: SurvivalOutcome): { train: (number | null)[]; test: (number | null)[] }[] {
  const horizons = (study.outcome as { horizons: number[] }).horizons;
  const times = evaluationTimes(study);
  const distances = (p: Extract<StudyPrediction, { family: 'survival' }>, o: SurvivalOutcome, k: number, h: number) => {
    let events = 0;
    for (let i = 0; i < o.event.length; i++) events += o.event[i] === 1 ? 1 : 0;
    const groups = groupKaplanMeier(p.survival.column(times.indexOf(h)), o.time, o.event, h, cuts[k]);
    return groups.map((g) => (events < 5 || g.observed === null || g.predicted === null ? null : g.observed - g.predicted));
  };
  return horizons.map((h, k) => ({ train: distances(train, trainOutcome, k, h), test: distances(test, testOutcome, k, h) }));
}

/** Predictions of some rows. */
export function pick(p: StudyPrediction, rows: readonly number[]): StudyPrediction {
  if (p.family === 'binary') return { family: 'binary', probability: Float64Array.from(rows, (i) => p.probability[i]), linearPredictor: Float64Array.from(rows, (i) => p.linearPredictor[i]) };
  return { family: 'survival', risk: Float64Array.from(rows, (i) => p.risk[i]), survival: p.survival.selectRows(rows) };
}

/**
 * The LOWESS calibration curve (rms::val.prob's smoother, iter = 0) of y on p, read at the grid by
 * linear interpolation; null outside the range of p.
 */
export function smoothAt(p: ArrayLike<number>, y: ArrayLike<number>, grid: readonly number[]): (number | null)[] {
  const s = lowess(p, y, { iter: 0 });
  const x = s.x;
  const f = s.y;
  return grid.map((g) => {
    if (!(g >= x[0] && g <= x[x.length - 1])) return null;
    let k = 0;
    while (k < x.length - 1 && x[k + 1] < g) k++;
    if (x[k] === g || k === x.length - 1) return f[k];
    const next = k + 1;
    return x[next] === x[k] ? f[k] : f[k] + ((f[next] - f[k]) * (g - x[k])) / (x[next] - x[k]);
  });
}

/** A plain, structured-clone-safe copy of the development data (for worker threads). */
export function serializeInput(input: StudyInput): unknown {
  const matrix = (m: Matrix64) => ({ rows: m.rows, cols: m.cols, data: m.data, columnNames: m.columnNames === null ? null : [...m.columnNames] });
  return {
    ...input,
    data: { ...input.data, X: matrix(input.data.X) },
    ratings: input.ratings === null ? null : { ...input.ratings, byRater: input.ratings.byRater.map(matrix) },
  };
}

/** Rebuilds what {@link serializeInput} wrote. */
export function deserializeInput(value: unknown): StudyInput {
  const v = value as StudyInput;
  const matrix = (m: { rows: number; cols: number; data: Float64Array; columnNames: string[] | null }) => new Matrix64(m.rows, m.cols, m.data, m.columnNames);
  return {
    ...v,
    data: { ...v.data, X: matrix(v.data.X as never) },
    ratings: v.ratings === null ? null : { ...v.ratings, byRater: v.ratings.byRater.map((m) => matrix(m as never)) },
  };
}
