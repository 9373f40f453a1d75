/**
 * Display helpers shared by the notebooks: prose generated from the numbers (Markdown), HTML tables
 * and Vega-Lite charts, through tslab's display API. Nothing here computes a statistic.
 */
import * as tslab from 'tslab';
import { escapeHtml } from 'radsig';

/** Shows Markdown (the notebooks print every sentence that quotes a result through this). */
export function say(markdown: string): void {
  tslab.display.markdown(markdown);
}

/** A number for prose and tables: `digits` decimals (no "-0.000"); null, undefined or NaN as "n/a". */
export function fmt(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || Number.isNaN(x)) return 'n/a';
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : '-Inf';
  const s = x.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** A p-value: three decimals, or "< 0.001". */
export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return 'n/a';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** A p-value in a sentence: "p = 0.048" or "p < 0.001". */
export function pText(p: number | null | undefined): string {
  const v = pValue(p);
  return v.startsWith('<') ? `p ${v}` : `p = ${v}`;
}

/**
 * A small relative difference as its order of magnitude, "< 1e-14" (0 as "0"): the notebooks quote
 * the agreement with R this way, so that the last bits of a floating-point sum do not change the text.
 */
export function below(d: number): string {
  if (d === 0) return '0';
  return `< 1e${Math.floor(Math.log10(d)) + 1}`;
}

/** A share as a percentage with `digits` decimals. */
export function pct(x: number, digits = 0): string {
  return `${(100 * x).toFixed(digits)}%`;
}

/** Relative difference |a - b| / max(|b|, 1e-300), for the agreement with R. */
export function relDiff(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

/** Cell text: numbers with `digits` decimals (integers as they are), strings escaped. */
function cell(value: unknown, digits: number): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : fmt(value, digits);
  if (value === null || value === undefined) return '';
  return escapeHtml(value);
}

/** Shows rows of data as an HTML table (columns: the keys of the first row). */
export function table(rows: readonly Record<string, unknown>[], options: { caption?: string; digits?: number } = {}): void {
  const digits = options.digits ?? 3;
  const columns = rows.length > 0 ? Object.keys(rows[0]) : [];
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${columns.map((c) => `<td style="text-align:${typeof r[c] === 'number' ? 'right' : 'left'}">${cell(r[c], digits)}</td>`).join('')}</tr>`)
    .join('\n');
  const caption = options.caption ? `<caption style="caption-side:top;text-align:left"><b>${escapeHtml(options.caption)}</b></caption>` : '';
  tslab.display.html(`<table>${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`);
}

/** Rounds every number in a chart's data to 6 significant digits (smaller notebooks, stable outputs). */
function round(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? Number(value.toPrecision(6)) : null;
  if (Array.isArray(value)) return value.map(round);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, round(v)]));
  return value;
}

/**
 * Shows a Vega-Lite chart inline (MIME type application/vnd.vegalite.v5+json, rendered by
 * JupyterLab and VS Code). tslab's `display.raw` is typed for strings but passes the object through,
 * which is what the MIME bundle needs: a JSON object, not a string.
 */
export function chart(spec: Record<string, unknown>): void {
  const full = { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', ...(round(spec) as Record<string, unknown>) };
  tslab.display.raw('application/vnd.vegalite.v5+json', full as unknown as string);
}
