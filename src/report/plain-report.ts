/**
 * A plain HTML summary of a study run (the tables of results.json, no charts), self-contained and
 * with every string from the user's data escaped.
 */
import type { StudyResults } from '../pipeline/results-schema/study-results-schema.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function format(v: unknown): string {
  if (v === null || v === undefined) return '&ndash;';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(3);
  return escapeHtml(v);
}

/** The summary page of a run's results.json. */
export function plainReport(results: StudyResults): string {
  const { study, models } = results;
  const title = study.title ?? `radsig study (${study.outcome.type} outcome)`;
  const rows: string[] = [];
  for (const [name, m] of Object.entries(models)) {
    for (const [metric, value] of Object.entries(m.apparent)) {
      const validation = m.validation;
      const corrected = validation === undefined ? null : validation.method === 'bootstrap' ? (validation.metrics[metric]?.corrected ?? null) : (validation.metrics[metric]?.mean ?? null);
      const e = m.external?.[metric];
      const ext = e === undefined || e.value === null ? '&ndash;' : `${format(e.value)}${e.lower !== null ? ` (${format(e.lower)} to ${format(e.upper)})` : ''}`;
      rows.push(`<tr><td>${escapeHtml(name)}</td><td>${escapeHtml(metric)}</td><td>${format(value)}</td><td>${format(corrected)}</td><td>${ext}</td></tr>`);
    }
  }
  const select = results.steps.select;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:60rem;margin:2rem auto;color:#222}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:right}td:first-child,td:nth-child(2),th:first-child,th:nth-child(2){text-align:left}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
<p>${format(results.n)} development patients, radsig ${escapeHtml(results.radsigVersion)}, seed ${format(results.seed)}.</p>
${select ? `<p><code>${escapeHtml(select.formula)}</code></p>` : ''}
<table><thead><tr><th>model</th><th>measure</th><th>apparent</th><th>validated</th><th>external (95% CI)</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
</body></html>
`;
}
