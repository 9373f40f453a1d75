/**
 * Plain words on the validated numbers: warnings when a model's Brier score is worse than the
 * non-informative model's, and when resamples did not yield a measure (how many, and why); notes
 * that explain numbers that look wrong but are not (a penalized Rad-score's calibration slope above
 * 1); and, for the selection frequencies, why a signature feature was selected in no resample.
 */
import type { Matrix64 } from '../core/matrix.js';
import { columnDot, unitColumns } from '../stats/correlation.js';
import type { DevelopmentData } from './develop.js';
import { FittedStudy } from './fitted-study.js';
import { DISCRIMINATION, metricNames, nonInformativeBrier, undefinedReason, type Metrics, type StudyOutcome } from './performance.js';
import { runsBootstrap, type Study } from './study.js';
import type { TaskResult } from './validation.js';

/** What {@link validationNotes} reads: the run's pieces as run-study has them. */
export interface ValidationNotesInput {
  study: Study;
  /** results.json's `models`: per model `apparent`, `validation` (bootstrap or CV summary) and `external`. */
  models: Record<string, unknown>;
  /** Every validation task (failed ones are left out here: `validation.failures` counts them). */
  tasks: readonly TaskResult[];
  /** The development patients' outcome. */
  outcome: StudyOutcome;
  /** The external patients' outcome, or null. */
  externalOutcome: StudyOutcome | null;
  /** The frozen study (the signature's alpha and lambda). */
  fitted: FittedStudy;
}

/** Warnings (soft problems) and notes (explanations of numbers that are as they should be). */
export interface ValidationNotes {
  warnings: string[];
  notes: string[];
}

type ModelEntry = {
  apparent?: Metrics;
  validation?: { method: 'bootstrap' | 'cv'; metrics: Record<string, { corrected?: number | null; mean?: number | null; resamples?: number; folds?: number }> };
  external?: Record<string, { value: number | null }>;
};

/** Numbers in messages: 4 significant digits. */
function fmt(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/**
 * The warnings and notes of a run's validated numbers: Brier scores worse than the non-informative
 * model's (apparent, validated, external; apparent and validated estimates against the development
 * patients' non-informative model, external ones against the external patients'), measures that some resamples did not yield (counted per
 * model and measure, with the reasons), and a penalized Rad-score's validated or external
 * calibration slope above 1 explained (a note).
 */
export function validationNotes(input: ValidationNotesInput): ValidationNotes {
  const warnings: string[] = [];
  const notes: string[] = [];
  const models = input.models as Record<string, ModelEntry>;
  for (const [name, entry] of Object.entries(models)) {
    warnings.push(...brierWarnings(input, name, entry));
    warnings.push(...undefinedWarnings(input, name, entry));
    const slope = slopeNote(input, name, entry);
    if (slope !== null) notes.push(slope);
  }
  return { warnings, notes };
}

/** The validated value of a measure (bootstrap-corrected or CV mean) and its label, or null. */
function validated(entry: ModelEntry, metric: string): { value: number; label: string } | null {
  const v = entry.validation?.metrics[metric];
  if (v === undefined) return null;
  const value = entry.validation!.method === 'bootstrap' ? v.corrected : v.mean;
  if (value === null || value === undefined) return null;
  return { value, label: entry.validation!.method === 'bootstrap' ? 'bootstrap optimism-corrected' : 'cross-validated' };
}

function brierWarnings(input: ValidationNotesInput, name: string, entry: ModelEntry): string[] {
  const { study } = input;
  const binary = study.outcome.type === 'binary';
  const pairs = study.outcome.type === 'binary' ? [{ brier: 'brier', ipa: 'ipa', at: '' }] : study.outcome.horizons.map((h: number) => ({ brier: `brier@${h}`, ipa: `ipa@${h}`, at: ` at ${h}` }));
  const development = nonInformativeBrier(study, input.outcome);
  const external = input.externalOutcome === null ? null : nonInformativeBrier(study, input.externalOutcome);
  const nullModel = (outcome: StudyOutcome) => {
    if (!binary) return 'the Kaplan-Meier estimate of the same patients without covariates';
    const y = (outcome as { y: ArrayLike<number> }).y;
    let positives = 0;
    for (let i = 0; i < y.length; i++) positives += y[i];
    return `predicting the prevalence ${fmt((100 * positives) / y.length)}% for everyone`;
  };
  const out: string[] = [];
  for (const { brier, ipa, at } of pairs) {
    const estimates: { label: string; value: number | null | undefined; ipa: number | null | undefined; reference: number | null; outcome: StudyOutcome }[] = [
      { label: 'apparent', value: entry.apparent?.[brier], ipa: entry.apparent?.[ipa], reference: development[brier], outcome: input.outcome },
    ];
    const v = validated(entry, brier);
    if (v !== null) estimates.push({ label: v.label, value: v.value, ipa: validated(entry, ipa)?.value, reference: development[brier], outcome: input.outcome });
    if (external !== null && entry.external !== undefined) estimates.push({ label: 'external', value: entry.external[brier]?.value, ipa: entry.external[ipa]?.value, reference: external[brier], outcome: input.externalOutcome! });
    for (const e of estimates) {
      // (worse beyond rounding: an intercept-only model's Brier score is the non-informative one's)
      if (e.value === null || e.value === undefined || e.reference === null || !(e.value > e.reference * (1 + 1e-9))) continue;
      const index = e.ipa ?? 1 - e.value / e.reference;
      out.push(
        `${name}: the ${e.label} Brier score${at} (${fmt(e.value)}) is worse than the non-informative model's (${fmt(e.reference)}, ${nullModel(e.outcome)}${e.label === 'external' ? ', on the external patients' : ''}): IPA${at} ${fmt(index)}; below 0, the model's predictions add error rather than information`,
      );
    }
  }
  return out;
}

/** Resamples (or folds) whose evaluation did not yield a measure, by model and measure, with the reasons. */
function undefinedWarnings(input: ValidationNotesInput, name: string, entry: ModelEntry): string[] {
  const { study } = input;
  if (entry.validation === undefined) return [];
  const bootstrap = runsBootstrap(study);
  // the tasks behind the reported estimate (with both, the bootstrap's)
  const ok = input.tasks.filter((t) => t.failure === null && (t.task.kind === 'bootstrap') === bootstrap);
  if (ok.length === 0) return [];
  // measures with the same count and reasons are named together
  const groups = new Map<string, string[]>();
  for (const metric of metricNames(study)) {
    const reasons = new Map<string, number>();
    let missing = 0;
    for (const t of ok) {
      // the evaluations the reported estimate needs: .632+ the out-of-bag patients; Harrell's optimism the resample and the original patients; CV the held-out fold
      const evaluations: [Metrics | undefined, string][] = bootstrap
        ? DISCRIMINATION.has(metric)
          ? [[t.oob[name], ' among the out-of-bag patients']]
          : [
              [t.train[name], " on the resample's own patients"],
              [t.test[name], ' on the original patients'],
            ]
        : [[t.test[name], '']];
      for (const [m, where] of evaluations) {
        if (m === undefined) continue;
        const why = undefinedReason(m, metric);
        if (why === null) continue;
        missing++;
        const key = `${why}${where}`;
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
        break;
      }
    }
    if (missing === 0) continue;
    const why = [...reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([r, c]) => `${r} in ${c}`).join(', ');
    const key = `${missing}|${why}`;
    groups.set(key, [...(groups.get(key) ?? []), metric]);
  }
  const total = input.tasks.length;
  const kind = bootstrap ? 'bootstrap resamples' : 'cross-validation folds';
  const lost = total - ok.length;
  const failed = lost > 0 ? `; ${lost} more ${lost === 1 ? kind.slice(0, -1) : kind} failed altogether (validation.failures)` : '';
  const out: string[] = [];
  for (const [key, metrics] of groups) {
    const [missing, why] = [Number(key.slice(0, key.indexOf('|'))), key.slice(key.indexOf('|') + 1)];
    const list = metrics.length === 1 ? metrics[0] : `${metrics.slice(0, -1).join(', ')} and ${metrics[metrics.length - 1]}`;
    out.push(`${name}: ${list} undefined in ${missing} of ${ok.length} ${kind} (${why})${failed}`);
  }
  return out;
}

/** The note on a penalized Rad-score whose validated or external calibration slope is above 1, or null. */
function slopeNote(input: ValidationNotesInput, name: string, entry: ModelEntry): string | null {
  const { study, fitted } = input;
  if (study.outcome.type !== 'binary' || name !== 'radscore' || fitted.signature === null) return null;
  const above: string[] = [];
  const v = validated(entry, 'calibrationSlope');
  if (v !== null && v.value > 1) above.push(`${v.label} ${fmt(v.value)}`);
  const e = entry.external?.calibrationSlope?.value;
  if (e !== null && e !== undefined && e > 1) above.push(`external ${fmt(e)}`);
  if (above.length === 0) return null;
  const { alpha, lambda } = fitted.signature;
  const penalty = alpha === 1 ? `the LASSO (lambda ${fmt(lambda)})` : `the elastic net (alpha ${fmt(alpha)}, lambda ${fmt(lambda)})`;
  const how: Record<string, string> = { logistic: "the logistic model refits the signature's features without penalty", combined: "the combined model refits the Rad-score's coefficient" };
  const refits = study.models.map((m) => how[m.name]).filter((m) => m !== undefined);
  return (
    `${name}: calibration slope above 1 (${above.join('; ')}). The Rad-score is the signature's linear predictor with the coefficients of ${penalty}, which the penalty shrinks towards 0; ` +
    'its spread is therefore too narrow (predicted probabilities too close to the average), and a slope above 1 reflects that shrinkage, not a flaw of the data. ' +
    `Refitting or recalibrating the Rad-score (its coefficient estimated without penalty) would bring the slope to 1${refits.length > 0 ? ` (in this study, ${refits.join('; ')})` : ''}.`
  );
}

/** Why a signature feature was selected in no resample: what stood in for it. */
export interface SelectionNote {
  feature: string;
  /** Resample-selected features most correlated with it on the development patients (before the redundancy filter), strongest first. */
  standIns: { feature: string; correlation: number; frequency: number }[];
  explanation: string;
}

/**
 * Notes for the signature features that no resample selected: the features the resamples selected
 * in their place, by correlation with the feature on the development patients before the
 * redundancy filter (the study's correlation method; Pearson without the filter). A correlation
 * above the filter's threshold (0.8 without the filter) makes it a stand-in: the resamples' filters
 * kept it instead (or, without the filter, the elastic net chose it among the near-copies).
 */
export function selectionNotes(study: Study, fitted: FittedStudy, data: DevelopmentData, ok: readonly TaskResult[], frequency: ReadonlyMap<string, number>): SelectionNote[] {
  if (fitted.signature === null || ok.length === 0) return [];
  const unselected = fitted.signature.terms.map((t) => t.name).filter((f) => (frequency.get(f) ?? 0) === 0);
  if (unselected.length === 0) return [];
  const redundancy = study.steps.redundancy;
  const threshold = redundancy?.threshold ?? 0.8;
  // the development patients' features as the redundancy filter saw them (after every step without it)
  const context = { batch: data.batch, covariates: data.covariates, newBatch: 'error' as const };
  let X: Matrix64 = data.X;
  for (const step of fitted.steps) {
    if (step.name === 'redundancy') break;
    X = FittedStudy.applyStep(step.name, step.fitted, X, context);
  }
  const names = X.columnNames ?? [];
  const candidates = [...frequency.keys()].filter((f) => names.includes(f));
  const out: SelectionNote[] = [];
  for (const feature of unselected) {
    const j = names.indexOf(feature);
    if (j < 0) continue;
    const cols = [j, ...candidates.map((f) => names.indexOf(f))];
    const Z = unitColumns(X.selectColumns(cols), redundancy?.method === 'spearman');
    const standIns = candidates
      .map((f, k) => ({ feature: f, correlation: columnDot(Z, 0, k + 1), frequency: frequency.get(f)! / ok.length }))
      .sort((a, b) => Math.abs(b.correlation) - Math.abs(a.correlation) || b.frequency - a.frequency)
      .slice(0, 3);
    const strong = standIns.filter((s) => Math.abs(s.correlation) > threshold);
    const list = (xs: typeof standIns) => xs.map((s) => `${s.feature} (r = ${s.correlation.toFixed(2)}, selected in ${(100 * s.frequency).toFixed(0)}%)`).join(', ');
    const method = redundancy?.method === 'spearman' ? 'Spearman' : 'Pearson';
    let explanation: string;
    if (strong.length > 0 && redundancy !== undefined) {
      explanation = `selected in none of the ${ok.length} resamples: there the redundancy filter (|r| > ${threshold}, ${method}) kept a correlated feature in its place, which the signature then took: ${list(strong)}. The information it carries was selected under another name; 0% says that which of the near-copies is kept is arbitrary, not that the feature is uninformative.`;
    } else if (strong.length > 0) {
      explanation = `selected in none of the ${ok.length} resamples: the elastic net took a correlated feature in its place (|r| > ${threshold}, ${method}): ${list(strong)}. Among near-copies it keeps one, and which one varies from sample to sample; 0% says the choice is arbitrary, not that the feature is uninformative.`;
    } else {
      explanation = `selected in none of the ${ok.length} resamples, and no feature correlated with it above ${threshold} (${method}) was selected instead${standIns.length > 0 ? ` (the most correlated selected: ${list(standIns.slice(0, 1))})` : ''}: its place in the signature did not reproduce; the validated performance includes this instability.`;
    }
    out.push({ feature, standIns, explanation });
  }
  return out;
}
