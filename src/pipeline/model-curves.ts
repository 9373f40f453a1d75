/**
 * The curves of the report's charts for one model: ROC, calibration (apparent and bias-corrected),
 * decision curves, histograms, survival calibration, td-AUC over time and Kaplan-Meier risk groups,
 * on the development patients from held-out predictions, and on external patients. The binary
 * curves are built in `binary-curves.ts`, the survival ones in `survival-curves.ts`.
 */
import { quantile7 } from '../stats/quantile.js';
import { calibrationCuts } from '../validate/survival-calibration.js';
import { riskGroupCutoffs } from '../validate/survival-utility.js';
import { apparentBinaryCurves, binaryCalibration, heldOutBinaryCurves, histogram } from './binary-curves.js';
import type { StudyPrediction } from './fitted-study.js';
import type { HeldOutSplits } from './held-out.js';
import type { BinaryModelCurves, ModelCurves, PredictionSource, SurvivalModelCurves } from './results-schema/study-results-schema.js';
import { evaluationTimes, type StudyOutcome } from './performance.js';
import { runsBootstrap, type Study } from './study.js';
import { correctedSurvivalCalibration, heldOutSurvivalCurves, survivalCurves, type SurvivalOutcome } from './survival-curves.js';
import { smoothAt, type TaskResult } from './validation.js';

/** 50 points spanning the 1st to 99th percentile of the apparent predictions. */
export function calibrationGrid(p: number[]): number[] {
  const sorted = Float64Array.from(p).sort();
  const lo = quantile7(sorted, 0.01);
  const hi = quantile7(sorted, 0.99);
  if (!(hi > lo)) return [lo];
  return Array.from({ length: 50 }, (_, k) => lo + ((hi - lo) * k) / 49);
}

/** Survival, bootstrap: per model and horizon, the groups of the bias-corrected calibration (fifths of the development fit's predicted survival). */
export function survivalCalibrationCuts(study: Study, apparent: Map<string, StudyPrediction>): Record<string, number[][]> {
  const times = evaluationTimes(study);
  const horizons = (study.outcome as { horizons: number[] }).horizons;
  const out: Record<string, number[][]> = {};
  for (const [name, p] of apparent) if (p.family === 'survival') out[name] = horizons.map((h) => calibrationCuts(p.survival.column(times.indexOf(h)), 5));
  return out;
}

/** What {@link modelCurves} needs of the validation: the held-out splits and the bias-corrected calibration's inputs. */
export interface CurveValidation {
  /** The held-out splits (null without validation: the development curves are then the apparent ones). */
  held: HeldOutSplits | null;
  /** Successful tasks (bootstrap calibration optimism). */
  ok: TaskResult[];
  /** Binary: the calibration grid. */
  grid: number[];
  /** Survival: the calibration groups' cut points per horizon (rms::calibrate's KM method). */
  survivalCuts: number[][] | null;
  /** The model's own predictions of its development patients are resubstitution (a forest): no correction starts from them. */
  resubstitution?: boolean;
}

/**
 * The curves of the report's charts for one model. On the development patients every curve comes
 * from held-out predictions when the study was validated (each split's curve, averaged over splits),
 * the bias-corrected calibration from the bootstrap; `predictions` records, per curve, which
 * predictions it was drawn from (`apparent`, `bootstrap` (out-of-bag patients of each resample),
 * `cv`, `external`). The apparent ROC and calibration curves stay as labelled references.
 */
export function modelCurves(study: Study, name: string, apparent: StudyPrediction, outcome: StudyOutcome, external: StudyPrediction | null, externalOutcome: StudyOutcome | null, validation: CurveValidation): ModelCurves {
  const held = validation.held !== null && validation.held.splits.length > 0 ? validation.held : null;
  const source: PredictionSource = held === null ? 'apparent' : held.source;
  if (apparent.family === 'binary') {
    const out: BinaryModelCurves = {};
    const y = (outcome as { y: ArrayLike<number> }).y;
    const dev = held === null ? apparentBinaryCurves(apparent.probability, y) : heldOutBinaryCurves(name, held);
    dev.histogram = histogram(apparent.probability);
    const { calibration, source: calibrationSource } = binaryCalibration(study, name, apparent.probability, y, validation.grid, validation.ok, held);
    dev.calibration = calibration;
    if (held !== null) dev.apparentRoc = apparentBinaryCurves(apparent.probability, y).roc;
    dev.predictions = { roc: source, decision: source, calibration: calibrationSource, histogram: 'apparent', ...(held !== null ? { apparentRoc: 'apparent' } : {}) };
    out.development = dev;
    if (external !== null && external.family === 'binary') {
      const ey = (externalOutcome as { y: ArrayLike<number> }).y;
      const ext = apparentBinaryCurves(external.probability, ey);
      ext.histogram = histogram(external.probability);
      const g = calibrationGrid(Array.from(external.probability));
      ext.calibration = { grid: g, apparent: g.length > 1 ? smoothAt(external.probability, ey, g) : [] };
      ext.predictions = { roc: 'external', decision: 'external', calibration: 'external', histogram: 'external' };
      out.external = ext;
    }
    return out;
  }
  const out: SurvivalModelCurves = {};
  const cutoffs = riskGroupCutoffs(apparent.risk, 'median');
  out.cutoffs = cutoffs;
  const o = outcome as SurvivalOutcome;
  if (held === null) {
    const dev = survivalCurves(study, apparent, o, cutoffs);
    dev.predictions = { riskGroups: 'apparent', tdAuc: 'apparent', calibration: 'apparent', decision: 'apparent' };
    out.development = dev;
  } else {
    const dev = heldOutSurvivalCurves(study, name, held, o);
    const corrected = validation.survivalCuts !== null && runsBootstrap(study) && validation.resubstitution !== true ? correctedSurvivalCalibration(study, name, apparent, o, validation.ok, validation.survivalCuts) : null;
    if (corrected !== null) dev.calibration = corrected;
    dev.predictions = { riskGroups: source, tdAuc: source, calibration: corrected !== null ? 'bootstrap' : source, observedExpected: source, decision: source };
    out.development = dev;
  }
  if (external !== null && external.family === 'survival') {
    const ext = survivalCurves(study, external, externalOutcome as SurvivalOutcome, cutoffs);
    ext.predictions = { riskGroups: 'external', tdAuc: 'external', calibration: 'external', decision: 'external' };
    out.external = ext;
  }
  return out;
}

