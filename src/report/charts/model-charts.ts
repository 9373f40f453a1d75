/**
 * Charts of the fitted models: forest plots of odds or hazard ratios with their 95% intervals,
 * the nomogram (points, total points and risk or survival axes), the random survival forest's
 * variable importance, and apparent against optimism-corrected against external performance.
 */
import type { Nomogram, StudyResults } from '../../pipeline/results-schema/study-results-schema.js';
import { byIndex, finite, shorten, topLevel, type VegaLiteSpec } from './chart-spec.js';

/**
 * Forest plot of one model's odds or hazard ratios with 95% intervals (log scale): per SD of each
 * continuous input (its development SD, so that a feature on a large scale does not read 1.00), per
 * unit of a binary or dummy-coded one; each row says which, and its numbers.
 */
export function forestPlotChart(results: StudyResults, model: string): VegaLiteSpec | null {
  const m = results.models[model];
  const spread = new Map((m?.ranges ?? []).map((r) => [r.feature, r]));
  const rows = (m?.coefficients ?? [])
    .filter((r) => r.term !== '(Intercept)' && finite(r.estimate) !== null && finite(r.ratio) !== null && r.ratio! > 0)
    .map((r, k) => {
      const s = spread.get(r.term);
      const perSd = s !== undefined && s.binary === false && s.sd !== undefined && s.sd > 0;
      const scale = perSd ? s.sd! : 1;
      // (a ratio beyond double precision, as separation gives, is left out; an interval end so, drawn at the ratio)
      const at = (v: number | null) => {
        const e = v === null ? NaN : Math.exp(v * scale);
        return Number.isFinite(e) && e > 0 ? e : null;
      };
      const ratio = at(r.estimate);
      const lower = at(finite(r.lower)) ?? ratio;
      const upper = at(finite(r.upper)) ?? ratio;
      const per = perSd ? `per SD (${sig3(scale)})` : 'per unit';
      return ratio === null ? null : { term: `${k + 1}. ${shorten(r.term, 48)}, ${per}`, order: k, ratio, lower: lower!, upper: upper!, p: finite(r.p), text: `${sig3(ratio)} (${sig3(lower!)} to ${sig3(upper!)})` };
    })
    .filter((r) => r !== null);
  if (rows.length === 0) return null;
  const ratio = results.outcome.type === 'binary' ? 'odds ratio' : 'hazard ratio';
  // room beyond the widest interval, so that its ends show
  const clampLo = Math.min(...rows.map((r) => r.lower), 0.5) / 1.3;
  const clampHi = Math.max(...rows.map((r) => r.upper), 2) * 1.3;
  const x = { type: 'quantitative', scale: { type: 'log', domain: [clampLo, clampHi], nice: false } };
  const y = { field: 'term', type: 'nominal', title: null, sort: byIndex('order'), axis: { labelLimit: 420 } };
  return topLevel(`${ratio[0].toUpperCase()}${ratio.slice(1)}s, ${model} model`, {
    width: 360,
    height: { step: 26 },
    data: { values: rows },
    layer: [
      { mark: { type: 'rule', color: '#999', strokeDash: [4, 4] }, encoding: { x: { datum: 1, ...x } } },
      { mark: { type: 'rule', strokeWidth: 2, color: '#4c78a8' }, encoding: { y, x: { field: 'lower', ...x, title: `${ratio} (95% CI, log scale)` }, x2: { field: 'upper' } } },
      { mark: { type: 'square', size: 80, color: '#4c78a8', filled: true }, encoding: { y, x: { field: 'ratio', ...x }, tooltip: [{ field: 'term', type: 'nominal' }, { field: 'ratio', type: 'quantitative', format: '.3g' }, { field: 'p', type: 'quantitative', format: '.3g' }] } },
      // the numbers, right of the plot
      { mark: { type: 'text', align: 'left', dx: 8, fontSize: 11 }, encoding: { y, x: { datum: clampHi, ...x }, text: { field: 'text', type: 'nominal' } } },
    ],
  }, ['continuous inputs per SD (development SD in brackets),', `binary ones per unit; ${ratio} (95% CI) at the right`]);
}

/** Three significant digits, as a forest plot's numbers read. */
function sig3(v: number): string {
  if (!Number.isFinite(v)) return 'NA';
  return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : String(Number(v.toPrecision(3)));
}

/**
 * The nomogram of one model: a points scale, one axis per predictor, the total points and the
 * risk (binary) or survival at each horizon. Every tick is a data row (text from the data shown
 * as text), positioned on a common 0-1 scale: predictor axes by their points (0-100), the total
 * points and function axes by total points relative to the largest total.
 */
export function nomogramChart(results: StudyResults, model: string, options: { patientLayer?: boolean } = {}): VegaLiteSpec | null {
  const nomo = results.models[model]?.nomogram;
  if (!nomo || nomo.axes.length === 0 || nomo.totalPoints.length < 2) return null;
  const layout = nomogramLayout(nomo, results.outcome.timeUnit);
  const ticks: Record<string, unknown>[] = [];
  const lines: Record<string, unknown>[] = [];
  // order: the row's place (its index in nomogramRowOrder), by which the rows are sorted
  const addRow = (row: string, order: number, values: { x: number; label: string }[]) => {
    const inside = values.filter((v) => v.x >= -1e-9 && v.x <= 1 + 1e-9);
    if (inside.length === 0) return;
    const sorted = [...inside].sort((a, b) => a.x - b.x);
    for (const t of nomogramTicks(sorted)) ticks.push({ row, order, ...t });
    lines.push({ row, order, x: sorted[0].x, x2: sorted[sorted.length - 1].x });
  };
  const pointTicks = Array.from({ length: 11 }, (_, k) => (k * layout.maxPoints) / 10);
  const order = nomogramRowOrder(nomo);
  addRow('Points', order.points, pointTicks.map((p) => ({ x: p / layout.maxPoints, label: String(Math.round(p)) })));
  nomo.axes.forEach((a, k) => addRow(layout.axisRows[k], order.axis(k), a.points.map((p, i) => ({ x: p / layout.maxPoints, label: a.labels[i] ?? String(a.values[i]) }))));
  addRow(layout.totalRow, order.total, nomo.totalPoints.map((t, i) => ({ x: t / layout.maxTotal, label: nomo.totalPointsLabels?.[i] ?? String(t) })));
  nomo.functionAxes.forEach((f, k) => addRow(layout.functionRows[k], order.functionAxis(k), f.points.map((p, i) => ({ x: p / layout.maxTotal, label: f.labels[i] ?? String(f.values[i]) }))));
  const y = { field: 'row', type: 'nominal', title: null, sort: byIndex('order'), axis: { domain: false, ticks: false, grid: false, labelLimit: 0, labelFontWeight: 'bold' } };
  const x = { field: 'x', type: 'quantitative', scale: { domain: [0, 1] }, axis: null };
  const layers: VegaLiteSpec[] = [
    { data: { values: lines }, mark: { type: 'rule', color: '#333' }, encoding: { y, x, x2: { field: 'x2' } } },
    { data: { values: ticks }, transform: [{ filter: 'datum.tick' }], mark: { type: 'tick', color: '#333', thickness: 1, size: 8 }, encoding: { y, x } },
    { data: { values: ticks }, transform: [{ filter: "datum.label != ''" }], mark: { type: 'text', fontSize: 10, dy: 11, baseline: 'top' }, encoding: { y, x: { ...x, field: 'labelX' }, text: { field: 'label', type: 'nominal' } } },
  ];
  if (options.patientLayer) {
    layers.push({ data: { name: 'patient' }, mark: { type: 'point', shape: 'triangle-down', filled: true, color: '#d62728', size: 140, dy: -1 }, encoding: { y, x: { ...x, scale: { domain: [0, 1], clamp: true } } } });
  }
  // names too long for the row labels are given in full beneath the subtitle
  const key = nomo.axes.flatMap((a, k) => (layout.axisRows[k] === `${k + 1}. ${a.name}` ? [] : [`${k + 1}. ${a.name}`]));
  return topLevel(`Nomogram, ${model} model`, { width: NOMOGRAM_WIDTH, height: { step: 38 }, view: { stroke: null }, layer: layers }, ["read each predictor's points on the top scale, add them, and read the prediction below the total", ...key]);
}

const NOMOGRAM_WIDTH = 520;

/**
 * The ticks of one nomogram axis (sorted by position on the 0-1 width) and which carry a label:
 * labels that would overlap (10 px DejaVu Sans, about 6.2 px a character) are left out from the
 * left, the axis's end is always labelled, and an axis too short for two labels gets one, its range
 * ("1 – 22") at its middle; a tick closer than 5 px to the one drawn before it is not drawn.
 */
export function nomogramTicks(sorted: { x: number; label: string }[]): { x: number; label: string; labelX: number; tick: boolean }[] {
  const half = (label: string) => (label.length * 6.2) / NOMOGRAM_WIDTH / 2;
  const gap = 5 / NOMOGRAM_WIDTH;
  const fits = (a: { x: number; label: string }, b: { x: number; label: string }) => b.x - a.x >= half(a.label) + half(b.label) + gap;
  const n = sorted.length;
  const kept = [0];
  for (let k = 1; k < n; k++) if (fits(sorted[kept[kept.length - 1]], sorted[k])) kept.push(k);
  let range = false;
  if (n > 1 && kept[kept.length - 1] !== n - 1) {
    // the end of the axis is labelled, in place of the labels before it that it would overlap
    while (kept.length > 1 && !fits(sorted[kept[kept.length - 1]], sorted[n - 1])) kept.pop();
    if (fits(sorted[kept[kept.length - 1]], sorted[n - 1])) kept.push(n - 1);
    else range = true;
  }
  if (range) {
    const middle = (sorted[0].x + sorted[n - 1].x) / 2;
    return sorted.map((v, k) => ({ x: v.x, label: k === 0 ? `${sorted[0].label} – ${sorted[n - 1].label}` : '', labelX: middle, tick: k === 0 || k === n - 1 }));
  }
  const labelled = new Set(kept);
  let drawn = -Infinity;
  return sorted.map((v, k) => {
    const tick = labelled.has(k) || (v.x - drawn >= gap && (k === n - 1 || sorted[k + 1].x - v.x >= gap));
    if (tick) drawn = v.x;
    return { x: v.x, label: labelled.has(k) ? v.label : '', labelX: v.x, tick };
  });
}

/**
 * The order field of each nomogram row (Points, the predictors, Total points, the function axes):
 * the calculator page gives its patient marks the same field.
 */
export function nomogramRowOrder(nomo: Nomogram): { points: number; axis: (k: number) => number; total: number; functionAxis: (k: number) => number } {
  const n = nomo.axes.length;
  return { points: 0, axis: (k) => k + 1, total: n + 1, functionAxis: (k) => n + 2 + k };
}

/** Where the rows of a nomogram sit: row labels and the points that map to the full width. */
export interface NomogramLayout {
  maxPoints: number;
  maxTotal: number;
  axisRows: string[];
  totalRow: string;
  functionRows: string[];
}

/**
 * The layout of {@link nomogramChart}: predictor rows scaled by points, total and function rows by
 * total points; a survival axis names the study's time unit ("Survival at 12 months").
 */
export function nomogramLayout(nomo: Nomogram, timeUnit?: string): NomogramLayout {
  return {
    maxPoints: Math.max(100, ...nomo.axes.flatMap((a) => a.points)),
    maxTotal: nomo.totalPoints[nomo.totalPoints.length - 1],
    axisRows: nomo.axes.map((a, k) => `${k + 1}. ${shorten(a.name, 44)}`),
    totalRow: 'Total points',
    functionRows: nomo.functionAxes.map((f) => shorten(timeUnit !== undefined && /^Survival at \S+$/.test(f.name) ? `${f.name} ${timeUnit}` : f.name, 40)),
  };
}

/** Variable importance of the random survival forest (permutation importance, when computed). */
export function importanceChart(results: StudyResults): VegaLiteSpec | null {
  const forest = results.models.rsf?.forest;
  const rows = (forest?.importance ?? []).filter((r) => finite(r.importance) !== null).sort((a, b) => b.importance! - a.importance!).slice(0, 25).map((r, k) => ({ feature: `${k + 1}. ${shorten(r.feature, 60)}`, order: k, importance: r.importance }));
  if (rows.length === 0) return null;
  return topLevel('Random survival forest: variable importance', {
    width: 300,
    height: { step: 14 },
    data: { values: rows },
    mark: { type: 'bar', color: '#b279a2' },
    encoding: { y: { field: 'feature', type: 'nominal', title: null, sort: byIndex('order'), axis: { labelLimit: 420 } }, x: { field: 'importance', type: 'quantitative', title: 'permutation importance (decrease in C)' } },
  });
}

const METRIC_LABEL: Record<string, string> = { auc: 'AUC', cIndex: "Harrell's C", unoC: "Uno's C", calibrationSlope: 'calibration slope', calibrationIntercept: 'calibration intercept', brier: 'Brier score', ipa: 'IPA (scaled Brier)', ibs: 'integrated Brier score' };

/** Apparent, optimism-corrected (or cross-validated) and external performance of every model, side by side. */
export function performanceChart(results: StudyResults): VegaLiteSpec | null {
  const metrics = results.outcome.type === 'binary' ? ['auc', 'calibrationSlope', 'brier'] : ['cIndex', ...(results.outcome.horizons ?? []).map((h) => `tdAuc@${h}`)];
  const rows: Record<string, unknown>[] = [];
  const names = Object.keys(results.models);
  const validated = results.validation.method === 'cv' ? 'cross-validated' : 'validated (bootstrap)';
  // a forest's apparent value is resubstitution: its development value is its out-of-bag one, and its validated discrimination the out-of-bag bootstrap's
  const forests = names.some((n) => results.models[n].outOfBag !== undefined);
  const apparentLabel = forests ? 'apparent (forest: out of bag)' : 'apparent';
  names.forEach((name, modelOrder) => {
    const m = results.models[name];
    metrics.forEach((metric, metricOrder) => {
      const label = Object.hasOwn(METRIC_LABEL, metric) ? METRIC_LABEL[metric] : metric.replace('tdAuc@', 'AUC at t = ');
      const push = (row: Record<string, unknown>) => rows.push({ model: name, modelOrder, metric: label, metricOrder, ...row });
      const a = finite(m.outOfBag !== undefined ? m.outOfBag[metric] : m.apparent[metric]);
      if (a !== null) push({ estimate: apparentLabel, value: a, lower: a, upper: a });
      const v = m.validation?.metrics[metric];
      const c = v === undefined ? null : 'corrected' in v ? finite(v.corrected) : finite(v.mean);
      if (c !== null) push({ estimate: validated, value: c, lower: c, upper: c });
      const e = m.external?.[metric];
      if (e && finite(e.value) !== null) push({ estimate: 'external', value: e.value, lower: finite(e.lower) ?? e.value, upper: finite(e.upper) ?? e.value });
    });
  });
  if (rows.length === 0) return null;
  const estimates = [apparentLabel, validated, ...(rows.some((r) => r.estimate === 'external') ? ['external'] : [])];
  const x = { field: 'model', type: 'nominal', title: null, sort: byIndex('modelOrder'), axis: { labelAngle: -30 } };
  const color = { field: 'estimate', type: 'nominal', title: null, sort: estimates, scale: { domain: estimates, range: ['#9ecae9', '#4c78a8', '#e45756'] }, legend: { orient: 'bottom' } };
  return topLevel('Performance: apparent, validated and external', {
    data: { values: rows },
    facet: { column: { field: 'metric', type: 'nominal', title: null, sort: byIndex('metricOrder') } },
    spec: {
      width: 230,
      height: 220,
      layer: [
        { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, xOffset: { field: 'estimate', type: 'nominal', sort: estimates }, y: { field: 'lower', type: 'quantitative', scale: { zero: false } }, y2: { field: 'upper' }, color } },
        { mark: { type: 'point', filled: true, size: 50 }, encoding: { x, xOffset: { field: 'estimate', type: 'nominal', sort: estimates }, y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } }, color, tooltip: [{ field: 'model', type: 'nominal' }, { field: 'estimate', type: 'nominal' }, { field: 'value', type: 'quantitative', format: '.3f' }] } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  }, `${validated}: ${results.validation.method === 'cv' ? 'mean over folds' : `bootstrap of the whole process (.632+ for AUC and C, Harrell's optimism correction otherwise${forests ? '; a forest: out-of-bag bootstrap' : ''})`}${estimates.includes('external') ? '; external: bars show the 95% CI' : ''}`);
}
