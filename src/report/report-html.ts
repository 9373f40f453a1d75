/**
 * The HTML report of a study run: one self-contained file (the Vega runtime and every chart inlined,
 * nothing fetched), with a table of contents, a print stylesheet, sections following TRIPOD+AI, the
 * TRIPOD+AI checklist and the Radiomics Quality Score. A pure function of results.json and the
 * compiled charts; every string from the user's data is escaped.
 */
import { escapeHtml as esc } from './plain-report.js';
import { radiomicsQualityScore, tripodChecklist } from './reporting-checklists.js';
import { sampleSizeCheck } from './sample-size-check.js';
import type { ChartSection } from './charts/report-charts.js';
import type { ModelResult, StudyResults } from '../pipeline/results-schema/study-results-schema.js';
import { nameList, num, pValue, pct, settings, sig, table } from './html-parts.js';
import { comparisonsSection, performanceSection, summarySection } from './performance-sections.js';

/** A chart ready for the page: its Vega (not Vega-Lite) spec. */
export interface CompiledChart {
  name: string;
  section: ChartSection;
  caption: string;
  vega: Record<string, unknown>;
}

/** Options of {@link reportHtml}. */
export interface ReportHtmlOptions {
  /** The Vega runtime (build/vega.min.js), inlined so the page works offline. */
  vegaRuntime: string;
  /** Where the figure files are, relative to the page (shown in the outputs section); null when none are written. @defaultValue 'figures' */
  figuresFolder?: string | null;
}

/** The HTML report of a run. */
export function reportHtml(results: StudyResults, charts: readonly CompiledChart[], options: ReportHtmlOptions): string {
  const binary = results.outcome.type === 'binary';
  const title = results.study.title ?? `radsig study (${results.outcome.type} outcome)`;
  const bySection = (section: ChartSection) => charts.filter((c) => c.section === section);
  const figure = (c: CompiledChart) => `<figure class="chart" id="fig-${c.name}"><div class="vega" data-chart="${c.name}" role="img" aria-label="${esc(c.caption)}"></div><figcaption><strong>${esc(c.name)}.</strong> ${esc(c.caption)}</figcaption></figure>`;
  const figures = (list: CompiledChart[]) => (list.length === 0 ? '' : `<div class="figures">${list.map(figure).join('\n')}</div>`);
  const used = new Set<string>();
  const take = (pred: (c: CompiledChart) => boolean) => {
    const list = charts.filter((c) => !used.has(c.name) && pred(c));
    list.forEach((c) => used.add(c.name));
    return figures(list);
  };

  const sections: { id: string; title: string; body: string; sub?: { id: string; title: string }[] }[] = [];
  sections.push({ id: 'summary', title: 'Summary', body: summarySection(results) });
  sections.push({ id: 'data-source', title: 'Data source', body: dataSourceSection(results) });
  sections.push({ id: 'participants', title: 'Participants and outcome', body: participantsSection(results) });
  sections.push({ id: 'predictors', title: 'Predictors', body: predictorsSection(results) });
  sections.push({ id: 'sample-size', title: 'Sample size', body: sampleSizeSection(results) });
  sections.push({ id: 'missing-data', title: 'Missing data', body: missingSection(results) });
  const steps = developmentSteps(results, take);
  sections.push({ id: 'development', title: 'Development steps', body: steps.body, sub: steps.sub });
  sections.push({ id: 'models', title: 'Model specification', body: modelsSection(results) + take((c) => c.section === 'model') });
  sections.push({ id: 'performance', title: 'Performance', body: performanceSection(results) + take((c) => c.section === 'performance') });
  sections.push({ id: 'comparisons', title: 'Model comparisons', body: comparisonsSection(results) });
  sections.push({ id: 'warnings', title: 'Warnings', body: warningsSection(results) });
  sections.push({ id: 'outputs', title: 'Outputs and reproducibility', body: outputsSection(results, charts, options.figuresFolder === undefined ? 'figures' : options.figuresFolder) });
  sections.push({ id: 'tripod', title: 'TRIPOD+AI checklist', body: tripodSection(results) });
  sections.push({ id: 'rqs', title: 'Radiomics Quality Score', body: rqsSection(results) });
  // anything not placed (should not happen) goes at the end of its section's neighbour
  const rest = charts.filter((c) => !used.has(c.name));
  if (rest.length > 0) sections[sections.length - 3].body += figures(rest);
  void bySection;

  const toc = sections.map((s) => `<li><a href="#${s.id}">${esc(s.title)}</a>${s.sub ? `<ol>${s.sub.map((x) => `<li><a href="#${x.id}">${esc(x.title)}</a></li>`).join('')}</ol>` : ''}</li>`).join('\n');
  const specs: Record<string, unknown> = {};
  for (const c of charts) specs[c.name] = c.vega;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head><body>
<header id="top"><h1>${esc(title)}</h1>
<p class="meta">${binary ? 'Binary outcome' : 'Time-to-event outcome'} &middot; ${num(results.n)} development patients &middot; radsig ${esc(results.radsigVersion)} &middot; seed ${num(results.seed)}</p>
${results.study.description ? `<p>${esc(results.study.description)}</p>` : ''}</header>
<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>${toc}</ol></nav>
<main>
${sections.map((s) => `<section id="${s.id}"><h2>${esc(s.title)}</h2>\n${s.body}\n</section>`).join('\n')}
</main>
<footer><p>Written by radsig ${esc(results.radsigVersion)} from results.json. Charts: Vega.</p></footer>
<script type="application/json" id="radsig-charts">${jsonForScript(specs)}</script>
<script>${scriptText(options.vegaRuntime)}</script>
<script>${LOADER}</script>
</body></html>
`;
}

/** JSON safe inside a script element (no "</script", no HTML comment openers). */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Script text safe inside a script element. */
export function scriptText(code: string): string {
  return code.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');
}

function dataSourceSection(r: StudyResults): string {
  const d = r.study.data;
  const rows = [['development', `<code>${esc(d.train)}</code>`, num(r.data.train.n)]];
  if (r.data.external) rows.push(['external validation', r.study.external ? `held-out centre: <code>${esc(r.data.external.description ?? '')}</code> of <code>${esc(d.train)}</code>` : `<code>${esc(d.external ?? r.data.external.source)}</code>`, num(r.data.external.n)]);
  if (d.repeats) rows.push(['repeat segmentations (ICC)', `<code>${esc(d.repeats)}</code>`, r.steps.reproducibility ? `${num(r.steps.reproducibility.subjects)} patients × ${num(r.steps.reproducibility.raters)} readers` : '&ndash;']);
  return `${table(['data set', 'source', 'patients'], rows)}<p class="author">Author: the study design (cohort, trial, registry), the dates of accrual and follow-up, and the rationale and representativeness of these data (TRIPOD+AI 5).</p>`;
}

function participantsSection(r: StudyResults): string {
  const binary = r.outcome.type === 'binary';
  const head = ['data set', 'centre', 'patients', binary ? 'positive (%)' : 'events (%)', ...(binary ? [] : ['median follow-up', 'person-time'])];
  const rows: string[][] = [];
  for (const [label, d] of [['development', r.data.train], ['external', r.data.external]] as const) {
    if (!d) continue;
    const outcome = binary ? d.nPositive ?? 0 : d.nEvents ?? 0;
    for (const b of d.batches ?? []) {
      const o = binary ? b.nPositive ?? 0 : b.nEvents ?? 0;
      rows.push([esc(label), `<code>${esc(b.level)}</code>`, num(b.n), `${num(o)} (${pct(o, b.n)})`, ...(binary ? [] : ['', ''])]);
    }
    rows.push([`<strong>${esc(label)}</strong>`, '<strong>all</strong>', `<strong>${num(d.n)}</strong>`, `<strong>${num(outcome)} (${pct(outcome, d.n)})</strong>`, ...(binary ? [] : [num(d.medianFollowUp, 1), num(d.personTime, 1)])]);
  }
  const outcome = binary
    ? `<p>Outcome: <code>${esc(r.outcome.column)}</code>, positive value <code>${esc(r.outcome.positive)}</code>.</p>`
    : `<p>Outcome: time <code>${esc(r.outcome.time)}</code>, event <code>${esc(r.outcome.event)}</code> = <code>${esc(r.outcome.eventValue ?? 1)}</code>; horizons ${(r.outcome.horizons ?? []).map((h) => esc(h)).join(', ')}${r.outcome.timeUnit ? ` ${r.outcome.timeUnit}` : ''} (median follow-up by the reverse Kaplan-Meier method).</p>`;
  const dropped = r.data.train.droppedRows + (r.data.external?.droppedRows ?? 0);
  return `${outcome}${table(head, rows)}${dropped > 0 ? `<p>${num(dropped)} rows were dropped for missing values (see <a href="#missing-data">missing data</a>).</p>` : ''}<p class="author">Author: eligibility criteria, the flow of patients, treatments, and how the outcome was assessed (TRIPOD+AI 6b, 6c, 8, 20a).</p>`;
}

function predictorsSection(r: StudyResults): string {
  const f = r.data.features;
  const types = Object.entries(f.imageTypes).map(([k, v]) => [`<code>${esc(k)}</code>`, num(v)]);
  return `<p>${num(f.candidates)} candidate radiomic features${f.clinical.length > 0 ? ` and ${f.clinical.length} clinical predictors (${nameList(f.clinical)})` : ''}.</p>
${table(['image type', 'features'], types)}
<p class="author">Author: imaging protocol, segmentation, feature extraction settings (PyRadiomics version and parameter file) and the timing of predictor measurement (TRIPOD+AI 9b).</p>`;
}

function sampleSizeSection(r: StudyResults): string {
  const s = sampleSizeCheck(r);
  const binary = r.outcome.type === 'binary';
  let body = `<p>${num(s.n)} development patients with ${num(s.events)} ${binary ? 'patients in the smaller outcome class' : 'events'} for ${num(s.candidates)} candidate parameters (every candidate feature and clinical predictor): <strong>${num(s.eventsPerCandidate, 2)} events per candidate parameter</strong>.</p>`;
  if (s.minimum) {
    const m = s.minimum;
    body += `<p>Riley et al.'s minimum sample size (pmsampsize criteria; BMJ 2020;368:m441) for ${num(s.candidates)} candidate parameters, ${binary ? `outcome proportion ${num(s.inputs.prevalence)}` : `event rate ${sig(s.inputs.rate)} per unit of time, horizon ${num(s.inputs.timepoint)} and mean follow-up ${num(s.inputs.meanfup, 1)}`}, and the Cox-Snell R² the ${esc(s.model)} model achieved (${sig(s.r2cs)}, from its likelihood-ratio chi-square ${num(s.lrChiSquare, 2)}; an apparent value, larger than a model would achieve in new patients):</p>
${table(['criterion', 'patients', 'events', 'events per parameter', 'shrinkage'], m.criteria.map((c) => [esc(c.name), num(c.n), num(c.events, 1), num(c.epp, 2), num(c.shrinkage)]))}
<p>Minimum: <strong>${num(m.n)} patients</strong> (${num(m.eventsRounded)} events). This study has ${num(s.n)}: ${s.n >= m.n ? 'enough by these criteria' : '<strong>fewer than the minimum</strong>; expect overfitting, which the internal validation below estimates'}.</p>`;
  } else {
    body += `<p>Riley's minimum sample size was not computed: ${esc(s.reason)}.</p>`;
  }
  return body;
}

function missingSection(r: StudyResults): string {
  const policy = r.data.missing ?? r.study.data.missing ?? 'error';
  const text: Record<string, string> = { error: 'Missing values were not allowed: the run stops on any missing value, so the data had none.', drop: 'Rows with a missing value were dropped (complete-case analysis).', allow: 'Missing values were allowed and filled by the imputation step, fitted on the development data inside each resample.' };
  const imp = r.steps.imputation;
  return `<p>${esc(text[policy] ?? `policy: ${policy}`)}</p>${table(['data set', 'rows dropped'], [['development', num(r.data.train.droppedRows)], ...(r.data.external ? [['external', num(r.data.external.droppedRows)]] : [])])}${imp && imp.filled.length > 0 ? `<p>Imputation (${esc(imp.strategy)}) filled values in ${imp.filled.length} columns.</p>` : ''}<p class="author">Author: reasons for missing data (TRIPOD+AI 11).</p>`;
}

function developmentSteps(r: StudyResults, take: (pred: (c: { section: ChartSection }) => boolean) => string): { body: string; sub: { id: string; title: string }[] } {
  const s = r.steps;
  const parts: string[] = [];
  const sub: { id: string; title: string }[] = [];
  const add = (id: string, t: string, html: string) => {
    sub.push({ id, title: t });
    parts.push(`<section id="${id}" class="step"><h3>${esc(t)}</h3>${html}</section>`);
  };
  parts.push(`<p>Every step learns from the development patients only and is refitted inside each ${r.validation.method === 'cv' ? 'fold' : r.validation.method === 'both' ? 'bootstrap resample and each fold' : 'bootstrap resample'} of the internal validation, so the validation includes the whole process.</p>`);
  if (s.imputation) add('step-imputation', 'Imputation', `<p>Strategy: ${esc(s.imputation.strategy)}; ${s.imputation.filled.length} columns had missing values in the development data.</p>`);
  if (s.harmonize) {
    const h = s.harmonize;
    add('step-harmonize', 'Harmonization (ComBat)', `${settings(h.settings)}<p>Batches: ${h.batches.map((b) => `<code>${esc(b.level)}</code> (${num(b.n)})`).join(', ')}. Features with a batch difference (ANOVA p &lt; 0.05): ${num((h.shareSignificantBefore.anova ?? NaN) * 100, 1)}% before, ${num((h.shareSignificantAfter.anova ?? NaN) * 100, 1)}% after; Kruskal-Wallis ${num((h.shareSignificantBefore.kruskal ?? NaN) * 100, 1)}% before, ${num((h.shareSignificantAfter.kruskal ?? NaN) * 100, 1)}% after.${h.unadjusted && h.unadjusted.length > 0 ? ` Not adjusted (constant within a batch): ${nameList(h.unadjusted)}.` : ''}</p>
${table(['most affected feature', 'ANOVA p before', 'ANOVA p after'], h.mostAffected.map((f) => [`<code>${esc(f.feature)}</code>`, sig(f.anovaPBefore), sig(f.anovaPAfter)]))}${take((c) => c.section === 'harmonize')}`);
  }
  if (s.variance) add('step-variance', 'Variance filter', `${settings(s.variance.settings)}<p>Kept ${num(s.variance.kept.length)}, dropped ${num(s.variance.dropped.length)} near-constant features${s.variance.dropped.length > 0 ? `: ${nameList(s.variance.dropped, 15)}` : ''}.</p>`);
  if (s.reproducibility) {
    const rep = s.reproducibility;
    add('step-reproducibility', 'Reproducibility filter (ICC)', `${settings(rep.settings)}<p>${num(rep.subjects)} patients segmented by ${num(rep.raters)} readers. Kept ${num(rep.kept.length)}, dropped ${num(rep.dropped.length)} features.</p>${take((c) => c.section === 'reproducibility')}`);
  }
  if (s.redundancy) {
    const red = s.redundancy;
    add('step-redundancy', 'Redundancy filter', `${settings(red.settings)}<p>Kept ${num(red.kept.length)}, dropped ${num(red.dropped.length)} features.</p>${red.representedBy.length > 0 ? table(['dropped', 'represented by', 'correlation'], red.representedBy.slice(0, 40).map((x) => [`<code>${esc(x.feature)}</code>`, `<code>${esc(x.representedBy)}</code>`, num(x.correlation)])) + (red.representedBy.length > 40 ? `<p>and ${red.representedBy.length - 40} more (results.json).</p>` : '') : ''}`);
  }
  if (s.select) {
    const sel = s.select;
    add('step-select', 'Signature (elastic net)', `${settings(sel.settings)}<p>Cross-validated ${esc(sel.cv.measure)}: lambda.min = ${sig(sel.cv.lambdaMin, 4)}, lambda.1se = ${sig(sel.cv.lambda1se, 4)}; chosen by the ${esc(sel.rule)} rule: lambda = ${sig(sel.lambda, 4)}, ${sel.features.length} features.</p>
${table(['feature', 'coefficient', 'selected in resamples'], sel.features.map((f) => [`<code>${esc(f.name)}</code>`, sig(f.coef, 4), selectedIn(sel, f.name)]))}
<p class="formula"><code>${formulaLines(sel.formula)}</code></p>${take((c) => c.section === 'select')}`);
  }
  return { body: parts.join('\n'), sub };
}

/** A signature feature's selection frequency, with the explanation when no resample selected it. */
function selectedIn(sel: NonNullable<StudyResults['steps']['select']>, feature: string): string {
  const note = sel.selectionNotes?.find((n) => n.feature === feature);
  if (note !== undefined) return `0% <span class="small">${esc(note.explanation)}</span>`;
  return sel.selectionFrequency[feature] === undefined ? '&ndash;' : pct(sel.selectionFrequency[feature], 1);
}

/** The Rad-score formula with one term a line (escaped). */
function formulaLines(formula: string): string {
  return esc(formula.replace(/ ([+-]) (?=[0-9.]+(e[+-]?[0-9]+)? x )/g, '\n    $1 '));
}

function modelsSection(r: StudyResults): string {
  const parts: string[] = [];
  const ratio = r.outcome.type === 'binary' ? 'OR' : 'HR';
  for (const [name, m] of Object.entries(r.models)) {
    parts.push(`<h3 id="model-${esc(name)}">${esc(name)}</h3>${modelDescription(r, name, m)}`);
    if (m.coefficients) {
      parts.push(table(['term', 'coefficient', 'SE', '95% CI', ratio, `${ratio} 95% CI`, 'p'], m.coefficients.map((c) => [`<code>${esc(c.term)}</code>`, sig(c.estimate, 4), sig(c.se), `${sig(c.lower)} to ${sig(c.upper)}`, c.term === '(Intercept)' ? '&ndash;' : sig(c.ratio), c.term === '(Intercept)' ? '&ndash;' : `${sig(c.ratioLower)} to ${sig(c.ratioUpper)}`, pValue(c.p)])));
      const fit = m.fit;
      const lr = fit?.lrTest ?? fit?.tests?.likelihoodRatio;
      if (fit) parts.push(`<p>${num(fit.n)} patients, ${num(fit.nEvents)} ${r.outcome.type === 'binary' ? 'positive' : 'events'}${lr ? `; likelihood-ratio chi-square ${num(lr.chisq, 2)} on ${num(lr.df)} df, p ${pValue(lr.p)}` : ''}.</p>`);
      const zph = fit?.zph;
      if (zph) {
        parts.push(`<p>Proportional hazards (<code>survival::cox.zph</code>, ${esc(zph.transform)} transform of time; a small p says that a hazard ratio changes over time):</p>`);
        parts.push(table(['term', 'chi-square', 'df', 'p'], [...zph.terms.map((t) => [`<code>${esc(t.term)}</code>`, num(t.chisq, 2), num(t.df), pValue(t.p)]), ['<strong>global</strong>', num(zph.global.chisq, 2), num(zph.global.df), pValue(zph.global.p)]]));
      }
      if (m.ranges) parts.push(`<p class="small">Development range of the inputs: ${m.ranges.map((x) => `<code>${esc(x.feature)}</code> ${sig(x.min)} to ${sig(x.max)}`).join('; ')}.</p>`);
    }
    if (m.forest) parts.push(`<p>Random survival forest: ${num(m.forest.trees)} trees; out-of-bag C ${num(m.forest.oobCIndex)}.</p>${settings(m.forest.options)}`);
  }
  parts.push(`<p>No class-imbalance methods and no recalibration were applied; the models are evaluated as developed.</p>`);
  return parts.join('\n');
}

function modelDescription(r: StudyResults, name: string, m: ModelResult): string {
  const binary = r.outcome.type === 'binary';
  const link = binary ? 'logistic' : 'Cox proportional hazards';
  switch (name) {
    case 'radscore':
      return `<p>The Rad-score alone: the elastic-net signature's linear predictor${binary ? ' (its probability by the logistic link with the fitted intercept)' : ' as the risk score, with the Breslow baseline hazard'}.</p>${r.steps.select ? `<p class="formula"><code>${formulaLines(r.steps.select.formula)}</code></p>` : ''}`;
    case 'logistic':
    case 'cox':
      return `<p>Unpenalized ${link} model refitted on the signature's ${m.featureNames?.length ?? ''} features.</p>`;
    case 'clinical':
      return `<p>${link} model of the clinical predictors only.</p>`;
    case 'combined':
      return `<p>${link} model of the Rad-score and the clinical predictors.</p>`;
    case 'rsf':
      return '<p>Random survival forest on the filtered features.</p>';
    default:
      return '';
  }
}

function warningsSection(r: StudyResults): string {
  const warnings = r.warnings.length === 0 ? '<p>None.</p>' : `<ul>${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`;
  const notes = r.notes ?? [];
  return notes.length === 0 ? warnings : `${warnings}\n<p>Notes: numbers that look wrong but are as they should be, explained.</p><ul class="notes">${notes.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`;
}

function outputsSection(r: StudyResults, charts: readonly CompiledChart[], folder: string | null): string {
  return `<p>Every number of this report is in <code>results.json</code>; the frozen pipeline (imputation, ComBat estimates, kept features, signature and models) is <code>model.json</code>, applied to new patients with <code>radsig apply model.json TABLE --out predictions.csv</code> or the bedside page of <code>radsig calculator model.json</code>. Seed ${num(r.seed)}, radsig ${esc(r.radsigVersion)}.</p>
${folder === null ? '' : `<p>Figures (${charts.length}): <code>${esc(folder)}/NAME.svg</code>, <code>.png</code> and the Vega-Lite spec <code>.vl.json</code> for ${charts.map((c) => `<a href="#fig-${c.name}">${esc(c.name)}</a>`).join(', ')}.</p>`}`;
}

function tripodSection(r: StudyResults): string {
  const items = tripodChecklist(r);
  const done = items.filter((i) => i.answeredIn.length > 0).length;
  const rows = items.map((i) => [esc(i.item), esc(i.topic), esc(i.text), i.answeredIn.length > 0 ? i.answeredIn.map((id) => `<a href="#${id}">${esc(id)}</a>`).join(', ') : '<span class="needs">author</span>', esc(i.note)]);
  return `<p>TRIPOD+AI (Collins et al., BMJ 2024;385:e078378). This report answers ${done} of ${items.length} items at least in part; the others need the author's input.</p>${table(['item', 'topic', 'checklist item', 'where', 'note'], rows, 'checklist')}`;
}

function rqsSection(r: StudyResults): string {
  const items = radiomicsQualityScore(r);
  const total = items.reduce((s, i) => s + (i.points ?? 0), 0);
  const rows = items.map((i) => [num(i.item), esc(i.criterion), esc(i.possible), i.points === null ? '<span class="needs">author</span>' : `<strong>${i.points > 0 ? '+' : ''}${i.points}</strong>`, esc(i.evidence) + (i.answeredIn.length > 0 ? ` (${i.answeredIn.map((id) => `<a href="#${id}">${esc(id)}</a>`).join(', ')})` : '')]);
  return `<p>Radiomics Quality Score (Lambin et al., Nat Rev Clin Oncol 2017;14:749). Points this run evidences: <strong>${total} of 36</strong>; items marked "author" can add points only the author can claim.</p>${table(['item', 'criterion', 'possible', 'points', 'evidence'], rows, 'checklist')}`;
}

const STYLE = `
:root{--ink:#222;--muted:#666;--line:#ddd;--accent:#2c5d8f}
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Arial,sans-serif;color:var(--ink);max-width:72rem;margin:0 auto;padding:1.5rem 2rem 4rem;line-height:1.45;font-size:15px}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.3rem;border-bottom:2px solid var(--accent);padding-bottom:.2rem;margin-top:2.2rem}h3{font-size:1.1rem;margin-top:1.6rem}
a{color:var(--accent)}
.meta{color:var(--muted)}
.toc{background:#f6f8fa;border:1px solid var(--line);padding:.6rem 1.2rem;border-radius:4px}
.toc h2{border:none;margin:.2rem 0;font-size:1.1rem}.toc ol{margin:.2rem 0;padding-left:1.4rem}.toc ol ol{font-size:.92em}
.table-wrap{overflow-x:auto;margin:.6rem 0}
table{border-collapse:collapse;font-size:.9rem}
th,td{border-bottom:1px solid var(--line);padding:.25rem .6rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}
table.perf td:nth-child(n+3){text-align:right;white-space:nowrap}
table.checklist td:nth-child(3){max-width:32rem}
code{font-family:"DejaVu Sans Mono",monospace;font-size:.86em;word-break:break-all;background:#f3f3f3;padding:0 .2em;border-radius:2px}
.formula code{display:block;padding:.5rem;white-space:pre-wrap;word-break:normal;overflow-wrap:anywhere}
dl.settings{display:grid;grid-template-columns:max-content auto;gap:.1rem 1rem;font-size:.88rem;background:#fafafa;border-left:3px solid var(--line);padding:.4rem .8rem}
dl.settings dt{color:var(--muted)}dl.settings dd{margin:0;word-break:break-all}
.author{color:#7a4b00;background:#fff8e6;border-left:3px solid #e0a800;padding:.3rem .7rem;font-size:.9rem}
.needs{color:#7a4b00;font-weight:bold}
.small{font-size:.85rem;color:var(--muted)}
.figures{display:flex;flex-wrap:wrap;gap:1.2rem;align-items:flex-start}
figure.chart{display:table;margin:.8rem 0;break-inside:avoid;page-break-inside:avoid}
figure.chart figcaption{display:table-caption;caption-side:bottom;font-size:.85rem;color:var(--muted)}
.vega svg{display:block}
.vega-error{color:#b00;font-weight:bold}
footer{margin-top:3rem;color:var(--muted);font-size:.85rem}
@media print{
  body{max-width:none;padding:0;font-size:11pt}
  .toc{break-after:page}
  h2,h3{break-after:avoid}
  section{break-inside:auto}
  figure.chart,table,dl.settings{break-inside:avoid;page-break-inside:avoid}
  figure.chart{display:block;max-width:100%}
  figure.chart figcaption{display:block}
  .vega svg{max-width:100%;height:auto}
  .table-wrap{overflow:visible}
  a{color:inherit;text-decoration:none}
}
@page{margin:1.5cm}
`;

/** Renders every chart with the inlined Vega runtime (SVG renderer). */
const LOADER = `
(function(){
  var specs = JSON.parse(document.getElementById('radsig-charts').textContent);
  var nodes = document.querySelectorAll('.vega[data-chart]');
  var pending = [];
  for (var i = 0; i < nodes.length; i++) (function(el){
    var spec = specs[el.getAttribute('data-chart')];
    if (!spec) { el.setAttribute('data-rendered', 'missing'); return; }
    try {
      var view = new vega.View(vega.parse(spec), { renderer: 'svg', container: el, hover: true, logLevel: vega.Warn });
      pending.push(view.runAsync().then(function(){ el.setAttribute('data-rendered', 'ok'); }, function(e){ fail(el, e); }));
    } catch (e) { fail(el, e); }
  })(nodes[i]);
  function fail(el, e){ el.setAttribute('data-rendered', 'error'); var p = document.createElement('p'); p.className = 'vega-error'; p.textContent = 'chart failed: ' + (e && e.message); el.appendChild(p); console.error(e); }
  Promise.all(pending).then(function(){ document.documentElement.setAttribute('data-charts', 'done'); });
})();
`;
