/**
 * Summaries of the resampling of the whole process: bootstrap optimism (Harrell) with the .632+
 * estimate for discrimination, and cross-validation means over folds.
 */
import { DISCRIMINATION, type Metrics } from './performance.js';
import type { Study } from './study.js';
import type { TaskResult } from './validation.js';

import { mean, sd } from './summary-numbers.js';

/**
 * Bootstrap validation of the whole process. Every measure gets Harrell's optimism: the mean over
 * resamples of (performance on the resample - performance of the resample's model on the original
 * patients). For the discrimination measures (AUC, C) the reported `corrected` value is Efron &
 * Tibshirani's .632+ estimate from the out-of-bag patients: with strong selection among many
 * candidates (p >> n) Harrell's correction leaves much of the optimism in place, because about 63%
 * of the original patients were in each resample; the .632+ estimate does not. Harrell's numbers
 * are kept beside it (`harrell`), and `optimism` is always apparent - corrected.
 */
export function bootstrapSummary(model: string, apparent: Metrics, ok: TaskResult[], names: string[], total: number): Record<string, unknown> {
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

export function cvSummary(study: Study, model: string, ok: TaskResult[], names: string[], total: number): Record<string, unknown> {
  const metrics: Record<string, unknown> = {};
  for (const metric of names) {
    const values = ok.map((t) => t.test[model]?.[metric]).filter((v): v is number => v !== null && v !== undefined);
    metrics[metric] = { mean: mean(values), sd: sd(values), folds: values.length };
  }
  return { method: 'cv', folds: study.validation.folds, repeats: study.validation.repeats, tasks: total, succeeded: ok.length, metrics };
}
