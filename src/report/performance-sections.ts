/**
 * The report's sections on performance: the summary (the headline estimate, named, with how it was
 * obtained), the performance table (apparent as a reference, validated, external) with observed
 * against expected risk, and the model comparisons (validated contrasts on held-out patients, paired
 * tests on external ones).
 */
import { escapeHtml as esc } from './plain-report.js';
import { metricLabel, num, pValue, table } from './html-parts.js';
import { survivalCurvesOf, validationDesign } from './results-parts.js';
import type { BootstrapMeasure, CrossValidatedMeasure, StudyResults } from '../pipeline/results-schema/study-results-schema.js';

export function summarySection(r: StudyResults): string {
  const binary = r.outcome.type === 'binary';
  const key = binary ? 'auc' : 'cIndex';
  const measure = binary ? 'AUC' : "Harrell's C";
  const cv = r.validation.method === 'cv';
  const both = r.validation.method === 'both';
  const rows = Object.entries(r.models).map(([name, m]) => {
    const v = m.validation?.metrics[key];
    const c = m.crossValidation?.metrics[key];
    const e = m.external?.[key];
    const apparent = m.outOfBag ? `${num(m.outOfBag[key])} <span class="small">(out of bag; in bag ${num(m.apparent[key])})</span>` : num(m.apparent[key]);
    const validated = v === undefined ? '&ndash;' : 'corrected' in v ? num(v.corrected) + bootstrapNote(v, measure) : `${num(v.mean)} ± ${num(v.sd)}`;
    return [`<strong>${esc(name)}</strong>`, esc(m.kind ?? ''), validated, ...(cv ? [v !== undefined && !('corrected' in v) ? pooledValue(v) : '&ndash;'] : []), ...(both ? [c ? `${num(c.mean)} ± ${num(c.sd)} <span class="small">(pooled ${pooledValue(c)})</span>` : '&ndash;'] : []), apparent, e ? `${num(e.value)} (${num(e.lower)} to ${num(e.upper)})` : '&ndash;'];
  });
  const select = r.steps.select;
  const first = validationDesign(Object.values(r.models)[0]?.validation);
  const how =
    r.validation.method === 'bootstrap' || both
      ? `The validated ${measure} is the bootstrap .632+ estimate (Efron &amp; Tibshirani 1997): ${num(first?.B ?? r.validation.tasks)} resamples each repeated the whole development (every step and the signature) and scored its model on the patients it left out, and the estimate weighs that out-of-bag value against the apparent one. Harrell's optimism-corrected value is in the performance table.${both ? ` Beside it, repeated cross-validation of the whole development (${num(Object.values(r.models)[0]?.crossValidation?.folds)} folds × ${num(Object.values(r.models)[0]?.crossValidation?.repeats)} repeats): the mean ± SD over folds, and the pooled out-of-fold value. The two answer the same question differently; in radsig's simulation experiment (README, "Which estimate to believe") .632+ erred less, and cross-validation was pessimistic by 0.03 on average.` : ''}`
      : cv
        ? `The validated ${measure} is the mean ± SD over the folds of cross-validation of the whole development (${num(first?.folds)} folds × ${num(first?.repeats)} repeats), each fold's model scored on the patients it left out; beside it, each repeat's out-of-fold predictions pooled into one ${measure} (mean over repeats, with the 95% interval of the pooled predictions). Both are somewhat pessimistic (each fold's model learns from fewer patients); in radsig's simulation experiment the fold mean of repeated CV erred less than the pooled value (bench/README.md).`
        : `The study was not validated internally: the apparent ${measure} of the development patients is optimistic.`;
  return `<p>${binary ? `Prediction of <code>${esc(r.outcome.column)}</code> = <code>${esc(r.outcome.positive)}</code>` : `Prediction of <code>${esc(r.outcome.event)}</code> over <code>${esc(r.outcome.time)}</code> at horizons ${(r.outcome.horizons ?? []).map((h) => esc(h)).join(', ')}${r.outcome.timeUnit ? ` ${r.outcome.timeUnit}` : ''}`} from ${num(r.data.features.candidates)} candidate features${r.data.features.clinical.length > 0 ? ` and ${r.data.features.clinical.length} clinical predictors` : ''}, developed on ${num(r.n)} patients (${binary ? `${num(r.nPositive)} positive` : `${num(r.nEvents)} events`})${r.data.external ? ` and validated externally on ${num(r.data.external.n)} patients (${esc(r.data.external.description ?? r.data.external.source)})` : ''}.${select ? ` The signature has ${select.features.length} features.` : ''}</p>
<p>${how} The apparent value (the development patients scoring their own model) is shown only as a reference.${Object.values(r.models).some((m) => m.outOfBag) ? ' A forest scores its own training patients far better than it will score new ones (in bag, resubstitution): its development value is the out-of-bag one, as ranger reports it, and its validated values are the out-of-bag bootstrap estimates.' : ''}</p>
${table(['model', 'kind', `${measure} ${validatedLabel(r)}`, ...(cv ? ['pooled out-of-fold (95% interval as if one model)'] : []), ...(both ? [`${measure} cross-validated (fold mean ± SD)`] : []), `${measure} apparent (reference)`, 'external (95% CI)'], rows)}`;
}

/**
 * What a bootstrap headline needs said beside it: a forest's estimate is the out-of-bag bootstrap
 * (its .632+ from the in-bag value for reference); a .632+ estimate at the no-information value 0.5
 * was truncated there, with the out-of-bag value below chance given.
 */
function bootstrapNote(v: BootstrapMeasure, measure: string): string {
  if (v.method === 'out-of-bag bootstrap') return ` <span class="small">(out-of-bag bootstrap; .632+ from the in-bag value ${num(v.plus632 ?? null)})</span>`;
  if (v.method === '.632+' && v.oob !== undefined && v.oob !== null && v.oob < 0.5) return ` <span class="small">(.632+ stops at the no-information value 0.5; the out-of-bag ${esc(measure)} is ${num(v.oob)}, below chance: the development process predicts new patients no better than a coin)</span>`;
  return '';
}

/** The heading of the validated column: the estimate and how it was obtained. */
function validatedLabel(r: StudyResults): string {
  return r.validation.method === 'bootstrap' || r.validation.method === 'both' ? 'validated (bootstrap .632+)' : r.validation.method === 'cv' ? 'validated (CV, fold mean ± SD)' : 'validated (none)';
}

function pooledValue(v: CrossValidatedMeasure): string {
  const p = v.pooled;
  if (p === undefined) return `${num(v.mean)} ± ${num(v.sd)}`;
  return `${num(p.estimate)}${p.lower !== null ? ` (${num(p.lower)} to ${num(p.upper)})` : ''}`;
}

function validatedValue(v: BootstrapMeasure | CrossValidatedMeasure | undefined): string {
  if (v === undefined) return '&ndash;';
  if ('corrected' in v) return num(v.corrected);
  return v.pooled === undefined ? `${num(v.mean)} ± ${num(v.sd)}` : `${num(v.mean)} ± ${num(v.sd)} <span class="small">(pooled ${pooledValue(v)})</span>`;
}

export function performanceSection(r: StudyResults): string {
  const cv = r.validation.method === 'cv';
  const validated = cv ? 'cross-validated: fold mean ± SD (pooled out-of-fold)' : 'validated (bootstrap)';
  const rows: string[][] = [];
  for (const [name, m] of Object.entries(r.models)) {
    for (const [metric, value] of Object.entries(m.apparent)) {
      const v = m.validation?.metrics[metric];
      const e = m.external?.[metric];
      // a measure undefined everywhere (e.g. the IBS without a common time grid) is left out
      if (value === null && (v === undefined || ('corrected' in v ? v.corrected : v.mean) === null) && (e === undefined || e.value === null)) continue;
      const optimism = v && 'optimism' in v ? num(v.optimism) : '&ndash;';
      const note = v && 'method' in v && v.method === '.632+' && v.harrell ? ` <span class="small">(.632+; Harrell ${num(v.harrell.corrected)})</span>` : v && 'method' in v && v.method === 'out-of-bag bootstrap' ? ' <span class="small">(out-of-bag bootstrap)</span>' : v && 'method' in v && v.method === 'from the corrected Brier score' ? ' <span class="small">(from the corrected Brier score)</span>' : '';
      const apparent = m.outOfBag ? `${num(m.outOfBag[metric] ?? null)} <span class="small">(out of bag; in bag ${num(value)})</span>` : num(value);
      const cross = m.crossValidation?.metrics[metric];
      rows.push([esc(name), esc(metricLabel(metric, r.outcome.timeUnit)), apparent, ...(cv ? [] : [optimism]), validatedValue(v) + note, ...(r.validation.method === 'both' ? [validatedValue(cross)] : []), e ? `${num(e.value)}${e.lower !== null ? ` (${num(e.lower)} to ${num(e.upper)})` : ''}` : '&ndash;']);
    }
  }
  const val = r.validation;
  const first = validationDesign(Object.values(r.models)[0]?.validation);
  const how = val.method === 'bootstrap' ? `${num(first?.B ?? val.tasks)} bootstrap resamples of the whole process (${num(val.tasks - val.failed)} succeeded); Harrell's optimism correction, with Efron and Tibshirani's .632+ estimate for the discrimination measures` : val.method === 'cv' ? `repeated cross-validation of the whole process (${num(first?.folds)} folds × ${num(first?.repeats)} repeats)` : 'none';
  return `<p>Internal validation: ${how}.${val.failures.length > 0 ? ` Failed resamples: ${val.failures.map((f) => `${esc(f.reason)} (${num(f.count)})`).join('; ')}.` : ''}${r.data.external ? ` External validation on ${num(r.data.external.n)} patients; 95% intervals by DeLong (AUC), the concordance standard error (C) or a percentile bootstrap.` : ''}</p>
${table(['model', 'measure', 'apparent (reference)', ...(cv ? [] : ['optimism']), validated, ...(r.validation.method === 'both' ? ['cross-validated: fold mean ± SD (pooled out-of-fold)'] : []), 'external (95% CI)'], rows, 'perf')}${observedExpectedTable(r)}${Object.values(r.models).some((m) => m.outOfBag) ? `<p class="small">A forest's apparent column is its out-of-bag value (each patient predicted by the trees that did not see them, as ranger reports it); its in-bag value is resubstitution.${r.validation.method === 'bootstrap' ? " Its validated column is the out-of-bag bootstrap estimate (each resample's forest on the patients it left out) for every measure: corrections that start from the in-bag value stay optimistic." : ''}</p>` : ''}`;
}

/** Survival: observed against expected risk at each horizon on held-out patients (mean over resamples). */
function observedExpectedTable(r: StudyResults): string {
  const rows = Object.entries(r.models).flatMap(([name, m]) => (survivalCurvesOf(m, 'development')?.observedExpected ?? []).map((o) => [esc(name), num(o.horizon), num(o.observed), num(o.expected), num(o.ratio), o.reason ? esc(o.reason) : `${num(o.splits)} ${r.validation.method === 'cv' ? 'repeats' : 'resamples'}`]));
  if (rows.length === 0) return '';
  return `<p>Observed (Kaplan-Meier) against expected (mean predicted) risk of an event by each horizon, on patients each model was not developed on (${r.validation.method === 'cv' ? "each repeat's out-of-fold predictions" : "each resample's out-of-bag patients"}), mean over ${r.validation.method === 'cv' ? 'repeats' : 'resamples'}: O/E above 1, the models under-predict risk.</p>
${table(['model', 'horizon', 'observed risk', 'expected risk', 'O/E', 'from'], rows)}`;
}

export function comparisonsSection(r: StudyResults): string {
  if (r.comparisons.length === 0) return '<p>No comparisons.</p>';
  const out: string[] = [];
  const validated = r.comparisons.filter((c) => c.contrasts !== undefined);
  if (validated.length > 0) {
    const source = validated[0].predictions === 'cv' ? "each cross-validation repeat's pooled out-of-fold predictions (mean over repeats)" : "each bootstrap resample's out-of-bag patients, scored by the model developed on that resample (mean over resamples)";
    // one row per pair of models, one column per measure: the mean difference, its spread and how often the first model did better
    const metrics = validated[0].contrasts!.map((d) => d.metric);
    const rows = validated.map((c) => [
      `${esc(c.models[0])} &minus; ${esc(c.models[1])}`,
      ...metrics.map((metric) => {
        const d = c.contrasts!.find((x) => x.metric === metric);
        if (d === undefined || d.estimate === null) return '&ndash;';
        const spread = d.lower !== null ? `${num(d.lower)} to ${num(d.upper)}; ` : '';
        const better = d.firstBetter === null ? '&ndash;' : d.splits >= 20 ? `${num(Math.round(d.firstBetter * 100))}%` : `${num(Math.round(d.firstBetter * d.splits))} of ${num(d.splits)}`;
        return `${num(d.estimate)}<br><span class="small">${spread}better in ${better}</span>`;
      }),
    ]);
    out.push(`<p>Development patients, out of sample: differences between models (first minus second) on ${source}, as riskRegression's <code>Score</code> cross-validates them. Beneath each difference: the 2.5th to 97.5th percentile of the differences over ${num(validated[0].contrasts![0]?.splits)} ${validated[0].predictions === 'cv' ? 'repeats' : 'resamples'} (shown from 20; ${validated[0].predictions === 'cv' ? 'repeats share their patients' : 'resamples overlap'}, so this spread is not a confidence interval and no p-value is given), and the share of them in which the first model did better (higher AUC or C, lower Brier score).</p>
${table(['models', ...metrics.map((m) => esc(metricLabel(m, r.outcome.timeUnit)))], rows)}`);
  }
  const paired = r.comparisons.filter((c) => c.contrasts === undefined);
  if (paired.length > 0) {
    const rows = paired.map((c) => [esc(c.predictions === 'apparent' ? 'development (apparent)' : c.data), `${esc(c.models[0])} &minus; ${esc(c.models[1])}`, esc(c.method), num(c.estimate ?? null), c.lower !== undefined ? `${num(c.lower ?? null)} to ${num(c.upper ?? null)}` : '&ndash;', pValue(c.p)]);
    out.push(`${paired.some((c) => c.predictions === 'apparent') ? '<p>Without internal validation the development comparison is apparent: each model scores the patients it was developed on, which favours the most flexible model.</p>' : ''}${paired.some((c) => c.predictions === 'external') ? '<p>External patients, whom no model learned from: paired tests with 95% confidence intervals.</p>' : ''}${table(['data', 'models', 'test', 'difference', '95% CI', 'p'], rows)}`);
  }
  return out.join('\n');
}

