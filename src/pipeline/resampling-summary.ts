/**
 * Summaries of the resampling of the whole process: bootstrap optimism (Harrell) with the .632+
 * estimate for discrimination, and cross-validation means over folds.
 */
import { concordanceIndex } from '../stats/concordance.js';
import { aucDeLong } from '../validate/binary-metrics.js';
import type { HeldOutSplits } from './held-out.js';
import { DISCRIMINATION, eventRisk, type Metrics, type StudyOutcome } from './performance.js';
import type { StudyPrediction } from './study-prediction.js';
import type { Study } from './study.js';
import type { BootstrapMeasure, BootstrapValidation, CrossValidatedMeasure, CvValidation } from './results-schema/study-results-schema.js';
import type { TaskResult } from './validation.js';

import { mean, sd } from './summary-numbers.js';

/**
 * Bootstrap validation of the whole process. Every measure gets Harrell's optimism: the mean over
 * resamples of (performance on the resample - performance of the resample's model on the original
 * patients). For the discrimination measures (AUC, C) the reported `corrected` value is Efron &
 * Tibshirani's .632+ estimate from the out-of-bag patients: with strong selection among many
 * candidates (p >> n) Harrell's correction leaves much of the optimism in place, because about 63%
 * of the original patients were in each resample; the .632+ estimate does not. Harrell's numbers
 * are kept beside it (`harrell`), and `optimism` is always apparent - corrected. The IPA is
 * validated through the Brier score: 1 - corrected Brier / the non-informative model's Brier of the
 * development patients, so that the two agree.
 *
 * A model whose apparent values are resubstitution (a forest scoring its own training patients,
 * `resubstitution`) gets, for every measure, the out-of-bag bootstrap estimate (the mean over
 * resamples of each resample's model on the patients it left out, Efron's leave-one-out bootstrap)
 * as `corrected`, with `optimism` null: corrections that start from resubstitution stay optimistic.
 * Harrell's and the .632+ values are kept beside it (`harrell`, `plus632`).
 */
export function bootstrapSummary(model: string, apparent: Metrics, ok: TaskResult[], names: string[], total: number, resubstitution = false): BootstrapValidation {
  const metrics: Record<string, BootstrapMeasure> = {};
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
    const oobMean = mean(oob);
    const discrimination = DISCRIMINATION.has(metric);
    const p632 = discrimination && app !== null && oobMean !== null ? plus632(app, oobMean) : null;
    if (resubstitution) {
      metrics[metric] = { apparent: app, optimism: null, corrected: oobMean, method: 'out-of-bag bootstrap', oob: oobMean, ...(discrimination ? { plus632: p632 } : {}), harrell: { optimism: harrellOptimism, corrected: harrellCorrected }, resamples: oob.length };
    } else if (discrimination) {
      metrics[metric] = {
        apparent: app,
        optimism: p632 === null ? null : app! - p632,
        corrected: p632,
        method: '.632+',
        oob: oobMean,
        // Efron's plain .632 estimate (closer than .632+ with 300 patients and a clear signal in bench/validation-estimators.mjs)
        point632: app === null || oobMean === null ? null : 0.368 * app + 0.632 * oobMean,
        harrell: { optimism: harrellOptimism, corrected: harrellCorrected },
        resamples: oob.length,
      };
    } else {
      metrics[metric] = { apparent: app, optimism: harrellOptimism, corrected: harrellCorrected, method: 'optimism', resamples: diffs.length };
    }
  }
  if (!resubstitution) {
    for (const metric of names.filter((m) => m === 'ipa' || m.startsWith('ipa@'))) {
      const brier = metrics[metric === 'ipa' ? 'brier' : metric.replace('ipa@', 'brier@')];
      const entry = metrics[metric];
      const appIpa = entry.apparent;
      const appBrier = brier?.apparent;
      const corrected = brier?.corrected;
      // the non-informative model's Brier score of the development patients, from the apparent pair
      const reference = appIpa === null || appBrier === null || appBrier === undefined || appIpa === 1 ? null : appBrier / (1 - appIpa);
      const ipa = reference === null || reference <= 0 || corrected === null || corrected === undefined ? null : 1 - corrected / reference;
      metrics[metric] = { ...entry, optimism: ipa === null || appIpa === null ? null : appIpa - ipa, corrected: ipa, method: 'from the corrected Brier score' };
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

/**
 * Cross-validation of the whole process, two ways. `mean` (with `sd`): the mean over folds of each
 * fold's measure; small folds make it pessimistic and noisy (an AUC on 20 patients). `pooled`: each
 * repeat's out-of-fold predictions pooled, one measure per repeat, then the mean over repeats (as
 * riskRegression's `Score(split.method = "cvK")`), with, for AUC and C, the 95% interval of the
 * pooled predictions (DeLong; the concordance's standard error) averaged over repeats; pooling
 * treats predictions of different fits as one model, so calibration differences between folds
 * bias it (most of all the calibration measures).
 */
export function cvSummary(study: Study, model: string, ok: TaskResult[], names: string[], total: number, splits: HeldOutSplits | null = null, perSplit: Map<string, Metrics>[] = []): CvValidation {
  const metrics: Record<string, CrossValidatedMeasure> = {};
  const intervals = splits === null ? [] : splits.splits.map((s) => pooledInterval(study, s.predictions.get(model)!, s.outcome));
  for (const metric of names) {
    const values = ok.map((t) => t.test[model]?.[metric]).filter((v): v is number => v !== null && v !== undefined);
    const pooledValues = perSplit.map((m) => m.get(model)?.[metric]).filter((v): v is number => v !== null && v !== undefined);
    const bounds = DISCRIMINATION.has(metric) && metric !== 'unoC' ? intervals.filter((b): b is [number, number] => b !== null) : [];
    metrics[metric] = {
      mean: mean(values),
      sd: sd(values),
      folds: values.length,
      pooled: {
        estimate: mean(pooledValues),
        lower: bounds.length > 0 && bounds.length === pooledValues.length ? mean(bounds.map((b) => b[0])) : null,
        upper: bounds.length > 0 && bounds.length === pooledValues.length ? mean(bounds.map((b) => b[1])) : null,
        sdOverRepeats: sd(pooledValues),
        repeats: pooledValues.length,
      },
    };
  }
  return { method: 'cv', folds: study.validation.folds, repeats: study.validation.repeats, tasks: total, succeeded: ok.length, metrics };
}

/** The 95% interval of AUC (DeLong) or Harrell's C (its standard error) on pooled out-of-fold predictions, or null. */
function pooledInterval(study: Study, p: StudyPrediction, outcome: StudyOutcome): [number, number] | null {
  try {
    if (p.family === 'binary') {
      const a = aucDeLong(p.probability, (outcome as { y: ArrayLike<number> }).y);
      return Number.isFinite(a.lower) && Number.isFinite(a.upper) ? [a.lower, a.upper] : null;
    }
    const o = outcome as { time: ArrayLike<number>; event: ArrayLike<number> };
    // ranked, as the pooled measures are, on the predicted risk by the last horizon (the folds' fits share that scale)
    const c = concordanceIndex(eventRisk(study, p, Math.max(...(study.outcome as { horizons: number[] }).horizons)), o.time, o.event);
    return Number.isFinite(c.lower) && Number.isFinite(c.upper) ? [c.lower, c.upper] : null;
  } catch {
    return null;
  }
}
