/**
 * The descriptive sections of the results object: the outcome as read, the data (development,
 * external), each step (what it kept and dropped, ComBat's diagnostics, ICCs, the signature's
 * cross-validation) and each model's details (coefficients, nomograms, importance, cut-offs).
 */
import { Matrix64 } from '../core/matrix.js';
import type { Dataset } from '../data/dataset.js';
import { batchEffectDiagnostics } from '../harmonize/batch-diagnostics.js';
import type { FittedComBat } from '../harmonize/combat/fitted-combat.js';
import { coxNomogram, logisticNomogram, type NomogramData } from '../models/nomogram.js';
import { coxZph } from '../models/cox-zph.js';
import { FittedCoxPH } from '../models/fitted-cox-ph.js';
import { FittedLogisticRegression } from '../models/fitted-logistic-regression.js';
import { FittedRandomSurvivalForest } from '../models/fitted-random-survival-forest.js';
import type { FittedRedundancyFilter } from '../select/redundancy-filter.js';
import type { FittedReproducibilityFilter } from '../select/reproducibility-filter.js';
import { stabilitySelection } from '../select/stability-selection.js';
import { ElasticNet } from '../select/elastic-net/elastic-net.js';
import { medianFollowUp } from '../stats/kaplan-meier.js';
import type { DevelopmentData, DevelopmentDetails } from './develop.js';
import { FittedStudy, type TransformContext } from './fitted-study.js';
import { followUp } from './performance.js';
import type { Study } from './study.js';
import type { DataSummary, ModelDetails, Steps, StudyResults } from './results-schema/study-results-schema.js';
import type { TaskResult } from './validation.js';

import { externalIbsTo, type PreparedStudy } from './prepare-study.js';
import { count, finiteOrNull, sd } from './summary-numbers.js';
import { selectionNotes } from './validation-notes.js';

/** The outcome as read: the positive or event value given, else the one the data layer took. */
export function outcomeSummary(study: Study, train: Dataset): StudyResults['outcome'] {
  const o = study.outcome;
  const read = (given: string | number | undefined, taken: string) => given ?? (Number.isFinite(Number(taken)) && taken.trim() !== '' ? Number(taken) : taken);
  return o.type === 'binary'
    ? { type: 'binary', column: o.column, positive: read(o.positive, train.outcomeLevels![1]) }
    : { type: 'survival', time: o.time, event: o.event, eventValue: read(o.eventValue, train.eventValue!), horizons: o.horizons, ...(o.timeUnit !== undefined ? { timeUnit: o.timeUnit } : {}) };
}

export function dataSummary(study: Study, prepared: PreparedStudy): StudyResults['data'] {
  const { train, external } = prepared;
  const describe = (d: Dataset): DataSummary => {
    const base: DataSummary = { source: d.source, n: d.n, droppedRows: d.droppedRows.length };
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
        const entry: NonNullable<DataSummary['batches']>[number] = { level, n: rows.length };
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
    ...(external !== null ? { external: { ...describe(external), description: prepared.externalSource, overlap: prepared.overlap! } } : {}),
    features: { candidates: train.featureNames.length, imageTypes: Object.fromEntries([...prefix].sort((a, b) => b[1] - a[1])), clinical: study.clinical },
    missing: study.data.missing,
  };
}

/** ComBat's input (the features after the steps before it: imputation) and output for the development patients, or null without a harmonize step. */
export function harmonizeDiagnostics(fitted: FittedStudy, data: DevelopmentData, context: TransformContext): { before: Matrix64; after: Matrix64; diag: ReturnType<typeof batchEffectDiagnostics> } | null {
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

export function stepsSummary(study: Study, fitted: FittedStudy, details: DevelopmentDetails, data: DevelopmentData, ok: TaskResult[], filtered: Matrix64, harmonized: ReturnType<typeof harmonizeDiagnostics>): Steps {
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
    // signature features no resample selected, with what stood in for them
    const notes = selectionNotes(study, fitted, data, ok, frequency);
    if (notes.length > 0) select.selectionNotes = notes;
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

/** The proportional-hazards tests of a Cox model on its development patients (survival::cox.zph, KM transform), or null when they cannot be computed. */
function proportionalHazards(model: FittedCoxPH, X: Matrix64, data: DevelopmentData): NonNullable<ModelDetails['fit']>['zph'] {
  if (model.featureNames.length === 0) return null;
  try {
    const z = coxZph(model, X, data.response as { time: Float64Array; event: Float64Array });
    const stat = (v: number) => (Number.isFinite(v) ? v : null);
    return { transform: z.transform, terms: z.terms.map((t) => ({ term: t.term, chisq: stat(t.chisq), df: t.df, p: stat(t.p) })), global: { chisq: stat(z.global.chisq), df: z.global.df, p: stat(z.global.p) } };
  } catch {
    return null;
  }
}

/** Coefficient tables, nomograms, forest importance, risk-group cut-offs. */
export function modelDetails(study: Study, fitted: FittedStudy, name: string, data: DevelopmentData, filtered: Matrix64): ModelDetails {
  const m = fitted.models.find((x) => x.name === name)!;
  const out: ModelDetails = { kind: (m.model.toJSON() as { kind: ModelDetails['kind'] }).kind };
  const inputs = fitted.modelInputs(filtered, data.covariates, data.X.rows);
  if (m.model instanceof FittedLogisticRegression || m.model instanceof FittedCoxPH) {
    out.coefficients = m.model.summary();
    out.featureNames = [...m.model.featureNames];
    if (m.model instanceof FittedLogisticRegression) {
      out.fit = { n: m.model.n, nEvents: m.model.nEvents, logLik: m.model.logLik, nullLogLik: m.model.nullLogLik, lrTest: m.model.lrTest, aic: m.model.aic, warnings: m.model.diagnostics.warnings };
    } else {
      out.fit = { n: m.model.n, nEvents: m.model.nEvents, logLik: m.model.logLik, tests: m.model.tests, concordance: m.model.concordance, zph: proportionalHazards(m.model, inputs.of(m.name), data), warnings: m.model.diagnostics.warnings };
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
        return { feature: f, min: lo, max: hi, sd: sd(Array.from(col)) ?? 0, binary: new Set(col).size <= 2 };
      });
    }
  } else if (m.model instanceof FittedRandomSurvivalForest) {
    out.forest = { trees: m.model.trees.length, options: m.model.options, oobCIndex: m.model.oobCIndex, importance: m.model.options.importance ? m.model.summary() : null };
  } else {
    out.signature = { lambda: fitted.signature!.lambda, intercept: fitted.signature!.intercept, terms: fitted.signature!.terms };
  }
  return out;
}
