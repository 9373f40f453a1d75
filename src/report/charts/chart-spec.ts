/**
 * What every chart of the report shares: the Vega-Lite spec type, the configuration (an explicit
 * font, sizes, colours) and small helpers. Charts are pure functions of results.json: strings from
 * the user's data (column names, batch labels, titles) enter a spec only as data values or title
 * text, never as field names or expressions, so Vega shows them as text and evaluates nothing.
 */
import { validationDesign } from '../results-parts.js';
import type { StudyResults } from '../../pipeline/results-schema/study-results-schema.js';

/** A Vega-Lite spec as plain JSON. */
export type VegaLiteSpec = Record<string, unknown>;

/** The font of every chart (Debian's fonts-dejavu-core, also what the PNG renderer loads). */
export const CHART_FONT = 'DejaVu Sans';

/** The Vega-Lite schema every spec names. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Colours of the models, fixed so a model has the same colour in every chart. */
export const MODEL_COLORS: Record<string, string> = {
  radscore: '#4c78a8',
  logistic: '#f58518',
  cox: '#f58518',
  clinical: '#54a24b',
  combined: '#e45756',
  rsf: '#b279a2',
};

/** Shared Vega-Lite configuration. */
export const CHART_CONFIG = {
  font: CHART_FONT,
  // no generated ARIA descriptions: Vega-Lite builds them as expressions that quote the axis titles,
  // which hold text from the data (a time column holding U+2028 broke the chart); the report's
  // figures carry an aria-label and a caption instead
  aria: false,
  background: 'white',
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', grid: true, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 320 },
  title: { fontSize: 13, anchor: 'start', fontWeight: 'bold', subtitleFontSize: 11, subtitleColor: '#555' },
  header: { labelFontSize: 11, titleFontSize: 12 },
} as const;

/** Wraps a chart body into a top-level spec with the schema, title and configuration. */
export function topLevel(title: string, body: VegaLiteSpec, subtitle?: string | string[]): VegaLiteSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: subtitle === undefined ? { text: title } : { text: title, subtitle },
    ...body,
    config: CHART_CONFIG,
  };
}

/** A colour scale for the models present, in their order. */
export function modelColorScale(models: readonly string[]): { domain: string[]; range: string[] } {
  const fallback = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#b279a2', '#72b7b2', '#eeca3b'];
  return { domain: [...models], range: models.map((m, k) => (Object.hasOwn(MODEL_COLORS, m) ? MODEL_COLORS[m] : fallback[k % fallback.length])) };
}

/**
 * The sort of a nominal channel by a numeric index field of its rows (the smallest index of each
 * value first): the order of names without putting the names into an expression.
 */
export function byIndex(field: string): { field: string; op: 'min' } {
  return { field, op: 'min' };
}

/** A finite number or null. */
export function finite(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A number with `digits` decimals, or "NA". */
export function fmt(v: unknown, digits = 3): string {
  const x = finite(v);
  return x === null ? 'NA' : x.toFixed(digits);
}

/**
 * Text cut to `max` characters with an ellipsis in the middle, so that both the image type at the
 * start of a PyRadiomics name and the feature at its end stay readable.
 */
export function shorten(text: string, max = 48): string {
  if (text.length <= max) return text;
  const tail = Math.floor((max - 1) / 2);
  return `${text.slice(0, max - 1 - tail)}…${text.slice(text.length - tail)}`;
}

/** The title of a time axis: "time (months)" with the study's `outcome.timeUnit`, else the time column's name. */
export function timeTitle(results: StudyResults, what = 'time'): string {
  const unit = results.outcome.timeUnit ?? (results.outcome.time !== undefined && results.outcome.time !== what ? results.outcome.time : null);
  return unit === null ? what : `${what} (${unit})`;
}

/**
 * Where a chart's curves come from, for its title: the predictions the first model with the curve
 * records (`curves.<data>.predictions.<curve>`), in words.
 */
export function predictionsLabel(results: StudyResults, data: 'development' | 'external', curve: string): string {
  if (data === 'external') return 'external validation';
  const source = Object.values(results.models).map((m) => m.curves?.development?.predictions?.[curve]).find((s) => s !== undefined) ?? 'apparent';
  const first = validationDesign(Object.values(results.models)[0]?.validation);
  switch (source) {
    case 'bootstrap':
      return `development data, out of sample (out-of-bag patients of ${first?.succeeded ?? first?.B ?? results.validation.tasks} bootstrap resamples)`;
    case 'cv':
      return `development data, out of sample (out-of-fold, ${first?.folds ?? ''}-fold CV × ${first?.repeats ?? 1})`;
    case 'oob':
      return 'development data, out of bag';
    default:
      return 'development data (apparent)';
  }
}
