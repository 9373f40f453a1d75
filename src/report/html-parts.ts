/**
 * Small HTML pieces every section of the report shares: numbers, p-values, percentages, tables,
 * settings lists, name lists and the measures' labels. Every string from the user's data is escaped.
 */
import { escapeHtml as esc } from './plain-report.js';

const METRIC_LABEL: Record<string, string> = { auc: 'AUC', calibrationSlope: 'calibration slope', calibrationIntercept: 'calibration intercept (calibration-in-the-large)', brier: 'Brier score', ipa: 'IPA (scaled Brier)', cIndex: "Harrell's C", unoC: "Uno's C", ibs: 'integrated Brier score' };

/** A measure's label; at a horizon with the study's time unit ("time-dependent AUC at 24 months"). */
export function metricLabel(metric: string, timeUnit?: string): string {
  const m = /^(tdAuc|brier|ipa)@(.+)$/.exec(metric);
  if (m) return `${m[1] === 'tdAuc' ? 'time-dependent AUC' : m[1] === 'brier' ? 'Brier score' : 'IPA (scaled Brier)'} at ${m[2]}${timeUnit !== undefined ? ` ${timeUnit}` : ''}`;
  return METRIC_LABEL[metric] ?? metric;
}

export function num(v: unknown, digits = 3): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '&ndash;';
  if (Number.isInteger(v)) return String(v);
  return v.toFixed(digits);
}

export function sig(v: unknown, digits = 3): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '&ndash;';
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toString();
}

export function pValue(p: unknown): string {
  if (typeof p !== 'number' || !Number.isFinite(p)) return '&ndash;';
  return p < 0.001 ? '&lt; 0.001' : p.toFixed(3);
}

export function pct(a: number, b: number): string {
  return b > 0 ? `${((100 * a) / b).toFixed(1)}%` : '&ndash;';
}

export function table(head: string[], rows: string[][], cls = ''): string {
  return `<div class="table-wrap"><table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n')}</tbody></table></div>`;
}

/** Settings as a definition list (keys are radsig's option names; values escaped). */
export function settings(obj: Record<string, unknown> | undefined): string {
  if (!obj) return '';
  const items = Object.entries(obj).filter(([, v]) => v !== undefined);
  if (items.length === 0) return '';
  return `<dl class="settings">${items.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(typeof v === 'object' ? JSON.stringify(v) : String(v))}</dd>`).join('')}</dl>`;
}

export function nameList(names: readonly string[], max = 30): string {
  if (names.length === 0) return '<em>none</em>';
  const shown = names.slice(0, max).map((n) => `<code>${esc(n)}</code>`).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

