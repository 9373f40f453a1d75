/**
 * The out-of-sample predictions of a validation, as the sets of patients every validated measure,
 * comparison and curve is computed on: each bootstrap resample's out-of-bag patients (predicted by
 * the model developed on that resample), or each cross-validation repeat's folds pooled (every
 * patient predicted by the model developed without their fold). Measures are computed per split and
 * then summarised across splits; predictions are never averaged across resamples (that would score
 * a bagged model and mix the risk-score scales of different fits).
 */
import { Matrix64 } from '../core/matrix.js';
import { assignRiskGroups } from '../validate/survival-utility.js';
import { evaluationTimes, modelMetrics, type Metrics, type StudyOutcome } from './performance.js';
import type { StudyPrediction } from './study-prediction.js';
import { runsBootstrap, runsCv, type Study } from './study.js';
import type { DevelopmentData } from './develop.js';
import { outcomeOf, subsetData, type TaskResult } from './validation.js';

/** One set of held-out patients with each model's predictions for them. */
export interface HeldOutSplit {
  /** Bootstrap: the resample's index (from 0); CV: the repeat's. */
  index: number;
  /** Development rows, in the order of the predictions. */
  rows: number[];
  outcome: StudyOutcome;
  predictions: Map<string, StudyPrediction>;
  /** Survival: each patient's risk group (0 = low) by the cut-off of the model that predicted them, learned on its own training patients. */
  riskGroups: Map<string, Int32Array>;
  /** CV: folds of the repeat that could not be developed (their patients are missing). */
  missingFolds: number;
}

/** The held-out splits of a validation: out-of-bag patients per bootstrap resample, or pooled folds per CV repeat. */
export interface HeldOutSplits {
  /** `bootstrap`: each resample's out-of-bag patients; `cv`: each repeat's out-of-fold predictions. */
  source: 'bootstrap' | 'cv';
  splits: HeldOutSplit[];
}

/**
 * The held-out splits of successful validation tasks of one kind (default: the bootstrap's when the
 * study runs it, else CV's; null without validation).
 */
export function heldOutSplits(study: Study, data: DevelopmentData, tasks: readonly TaskResult[], kind: 'bootstrap' | 'cv' | null = runsBootstrap(study) ? 'bootstrap' : runsCv(study) ? 'cv' : null): HeldOutSplits | null {
  const ok = tasks.filter((t) => t.failure === null && t.heldOut !== null && t.task.kind === kind);
  if (kind === 'bootstrap') {
    return { source: 'bootstrap', splits: ok.map((t) => split(study, data, [t], (t.task as { index: number }).index, 0)) };
  }
  if (kind === 'cv') {
    const splits: HeldOutSplit[] = [];
    for (let repeat = 0; repeat < study.validation.repeats; repeat++) {
      const folds = ok.filter((t) => t.task.kind === 'cv' && t.task.repeat === repeat);
      const expected = tasks.filter((t) => t.task.kind === 'cv' && t.task.repeat === repeat).length;
      if (folds.length > 0) splits.push(split(study, data, folds, repeat, expected - folds.length));
    }
    return { source: 'cv', splits };
  }
  return null;
}

function split(study: Study, data: DevelopmentData, tasks: TaskResult[], index: number, missingFolds: number): HeldOutSplit {
  const rows = tasks.flatMap((t) => t.heldOut!.rows);
  const names = Object.keys(tasks[0].heldOut!.predictions);
  const predictions = new Map<string, StudyPrediction>();
  const riskGroups = new Map<string, Int32Array>();
  const m = evaluationTimes(study).length;
  for (const name of names) {
    const parts = tasks.map((t) => t.heldOut!.predictions[name]);
    const first = parts[0];
    if (first.family === 'binary') {
      predictions.set(name, {
        family: 'binary',
        probability: concat(parts.map((p) => (p as typeof first).probability)),
        linearPredictor: concat(parts.map((p) => (p as typeof first).linearPredictor)),
      });
    } else {
      const survival = new Matrix64(rows.length, m);
      let offset = 0;
      const groups = new Int32Array(rows.length);
      for (const p of parts as Extract<typeof first, { family: 'survival' }>[]) {
        const k = p.risk.length;
        for (let c = 0; c < m; c++) survival.data.set(p.survival.subarray(c * k, (c + 1) * k), c * rows.length + offset);
        groups.set(assignRiskGroups(p.risk, p.cutoffs), offset);
        offset += k;
      }
      predictions.set(name, { family: 'survival', risk: concat(parts.map((p) => (p as Extract<typeof first, { family: 'survival' }>).risk)), survival });
      riskGroups.set(name, groups);
    }
  }
  return { index, rows, outcome: outcomeOf(subsetData(data, rows).response), predictions, riskGroups, missingFolds };
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/**
 * Each split's measures of each model (computed once, shared by the CV summary and the
 * comparisons); a bootstrap resample's are its out-of-bag measures, already computed by its task.
 */
export function splitMetrics(study: Study, splits: HeldOutSplits, ibsTo: number | null, ok: readonly TaskResult[]): Map<string, Metrics>[] {
  if (splits.source === 'bootstrap') {
    const byIndex = new Map(ok.filter((t) => t.task.kind === 'bootstrap').map((t) => [(t.task as { index: number }).index, t.oob]));
    return splits.splits.map((s) => new Map(Object.entries(byIndex.get(s.index)!)));
  }
  return splits.splits.map((s) => {
    const out = new Map<string, Metrics>();
    // a repeat's folds were predicted by different fits: survival measures rank on predicted risk by a horizon
    for (const [name, p] of s.predictions) out.set(name, modelMetrics(study, p, s.outcome, ibsTo, { commonScale: true }));
    return out;
  });
}
