/**
 * What the bedside calculator page runs (bundled into the page, no Node built-in): a frozen study
 * loaded from model.json scores one patient through the same code as `radsig apply` (imputation,
 * ComBat, kept features, signature, model), so the page's number is apply's number.
 */
import type { FittedComBat } from '../harmonize/combat/fitted-combat.js';
import { Matrix64 } from '../core/matrix.js';
import type { FittedImputer } from '../data/imputer.js';
import { numericColumn, textColumn, type Column } from '../data/table.js';
import type { CovariateTerm } from '../data/covariate-design.js';
import { FittedStudy } from '../pipeline/fitted-study.js';
import { evaluationTimes } from '../pipeline/performance.js';
import type { StudyModel } from '../pipeline/study.js';

/** Models the calculator offers, in order of preference. */
export const CALCULATOR_MODELS = ['combined', 'logistic', 'cox', 'clinical'] as const;

/** One input of the form. */
export interface CalculatorInput {
  name: string;
  /** feature: a raw radiomic feature; covariate: a clinical or ComBat covariate; batch: the centre/scanner. */
  role: 'feature' | 'covariate' | 'batch';
  type: 'numeric' | 'categorical';
  levels?: string[];
  /**
   * A feature the study imputes: what an empty value is filled with (the development median or
   * mean), as `radsig apply` does.
   */
  fill?: { value: number; statistic: 'median' | 'mean' };
  /**
   * The centre input: a centre the study has not seen can be entered (any other value); it is
   * assumed to have no batch effect (`reference`: like that reference centre), as `radsig apply
   * --new-batch pooled` does.
   */
  unseen?: { reference: string | null };
}

/** A patient's values by input name (numbers for numeric inputs, level text for categorical ones). */
export type PatientValues = Record<string, number | string>;

/** The calculator's answer for one patient and model. */
export interface CalculatorPrediction {
  model: string;
  family: 'binary' | 'survival';
  /** Binary: the predicted probability. */
  probability?: number;
  /** Binary: its 95% confidence interval (logistic regressions; null for the penalized Rad-score). */
  interval?: { lower: number; upper: number } | null;
  /** Survival: the risk score and the survival at each horizon, with its 95% interval (Cox models; null for the Rad-score and the forest). */
  risk?: number;
  survival?: { horizon: number; survival: number; lower: number | null; upper: number | null }[];
  /** The model's own inputs (after harmonization and the signature), for the nomogram and range checks. */
  modelInputs: Record<string, number>;
  /** Features left empty and filled as the study does (its development median or mean). */
  imputed: { name: string; value: number; statistic: 'median' | 'mean' }[];
  /** A centre the study has not seen: what is assumed about it (null for a development centre). */
  assumption: string | null;
}

/** A loaded study with the calculator's operations. */
export class StudyCalculator {
  readonly fitted: FittedStudy;

  constructor(modelJson: unknown) {
    this.fitted = FittedStudy.fromJSON(modelJson);
  }

  /** The models of the study the calculator offers. */
  get models(): string[] {
    return CALCULATOR_MODELS.filter((m) => this.fitted.models.some((x) => x.name === m));
  }

  /** The inputs a model needs. */
  inputs(model: string): CalculatorInput[] {
    const out: CalculatorInput[] = [];
    const usesSignature = model !== 'clinical';
    const combat = this.fitted.steps.find((s) => s.name === 'harmonize')?.fitted as FittedComBat | undefined;
    const term = (t: CovariateTerm, role: 'covariate'): CalculatorInput => (t.type === 'numeric' ? { name: t.name, role, type: 'numeric' } : { name: t.name, role, type: 'categorical', levels: [...t.levels] });
    if (usesSignature) {
      if (combat) out.push({ name: combat.batchColumn ?? this.fitted.study.steps.harmonize?.batch ?? 'batch', role: 'batch', type: 'categorical', levels: [...combat.levels], unseen: { reference: combat.options.refBatch } });
      const imputer = this.fitted.steps.find((s) => s.name === 'imputation')?.fitted as FittedImputer | undefined;
      for (const t of this.fitted.signature?.terms ?? []) {
        const j = imputer?.featureNames.indexOf(t.name) ?? -1;
        out.push({ name: t.name, role: 'feature', type: 'numeric', ...(j >= 0 ? { fill: { value: imputer!.fill[j], statistic: imputer!.options.strategy } } : {}) });
      }
      for (const t of combat?.covariates.terms ?? []) out.push(term(t, 'covariate'));
    }
    if (model === 'clinical' || model === 'combined') {
      for (const t of this.fitted.clinical?.terms ?? []) if (!out.some((o) => o.name === t.name)) out.push(term(t, 'covariate'));
    }
    return out;
  }

  /**
   * Scores one patient with one model. Features the model does not use are set to 0: every step
   * before the signature treats features one at a time (ComBat's location and scale per feature,
   * column filters), so they do not change the prediction.
   * @throws DataError for a missing or non-finite input, an unknown level.
   */
  predict(model: string, values: PatientValues): CalculatorPrediction {
    const f = this.fitted;
    const inputs = this.inputs(model);
    const names = f.featureNames;
    const row = new Float64Array(names.length);
    const batchInput = inputs.find((i) => i.role === 'batch');
    const imputed: CalculatorPrediction['imputed'] = [];
    for (const input of inputs) {
      const v = Object.hasOwn(values, input.name) ? values[input.name] : undefined;
      if ((v === undefined || v === '') && input.fill !== undefined) {
        // left empty: the study's imputation fills it, as apply does
        row[names.indexOf(input.name)] = NaN;
        imputed.push({ name: input.name, value: input.fill.value, statistic: input.fill.statistic });
        continue;
      }
      if (v === undefined || v === '' || (input.type === 'numeric' && !(typeof v === 'number' && Number.isFinite(v)))) throw new Error(`${input.name}: enter a number`);
      if (input.role === 'feature') row[names.indexOf(input.name)] = v as number;
    }
    const X = Matrix64.fromRows([Array.from(row)], [...names]);
    const covariates: Column[] = [];
    for (const name of f.covariateNames) {
      const input = inputs.find((i) => i.name === name);
      const v = input === undefined || !Object.hasOwn(values, name) ? 0 : values[name];
      const categorical = input?.type === 'categorical';
      covariates.push(categorical ? textColumn(name, [String(v)]) : numericColumn(name, Float64Array.of(Number(v))));
    }
    const combat = f.steps.find((s) => s.name === 'harmonize')?.fitted as FittedComBat | undefined;
    const batch = batchInput ? [String(values[batchInput.name])] : combat !== undefined ? [combat.levels[0]] : null;
    const unseen = batch !== null && combat !== undefined && !combat.levels.includes(batch[0]);
    const reference = combat?.options.refBatch ?? null;
    const assumption = !unseen ? null : reference !== null ? `This centre was not in development: it is assumed to be like the reference centre ${JSON.stringify(reference)} (no batch effect against it), an assumption the data cannot check` : 'This centre was not in development: it is assumed to have no batch effect (its values taken as at the pooled location and scale of the development centres), an assumption the data cannot check';
    const context = { batch, covariates, newBatch: 'pooled' as const };
    const { predictions, intervals } = f.predictWithIntervals(X, context);
    const p = predictions.get(model as StudyModel['name']);
    if (p === undefined) throw new Error(`the study has no ${model} model`);
    const Xf = f.filter(X, context);
    const Xm = f.modelInputs(Xf, covariates, 1).of(model as StudyModel['name']);
    const modelInputs: Record<string, number> = Object.create(null); // an input may be named __proto__
    (Xm.columnNames ?? []).forEach((n, j) => (modelInputs[n] = Xm.get(0, j)));
    const interval = intervals.get(model as StudyModel['name']) ?? null;
    if (p.family === 'binary') return { model, family: 'binary', probability: p.probability[0], interval: interval?.family === 'binary' ? { lower: interval.lower[0], upper: interval.upper[0] } : null, modelInputs, imputed, assumption };
    const times = evaluationTimes(f.study);
    const horizons = (f.study.outcome as { horizons: number[] }).horizons;
    const band = interval?.family === 'survival' ? interval : null;
    return { model, family: 'survival', risk: p.risk[0], survival: horizons.map((h, k) => ({ horizon: h, survival: p.survival.get(0, times.indexOf(h)), lower: band === null ? null : band.lower.get(0, k), upper: band === null ? null : band.upper.get(0, k) })), modelInputs, imputed, assumption };
  }
}
