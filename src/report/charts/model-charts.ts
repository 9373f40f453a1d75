/**
 * Charts of the fitted models: forest plots of odds or hazard ratios with their 95% intervals,
 * the nomogram (points, total points and risk or survival axes), the random survival forest's
 * variable importance, and apparent against optimism-corrected against external performance.
 */
import type { Nomogram, StudyResults } from '../../pipeline/results-schema/study-results-schema.js';
import { byIndex, finite, shorten, topLevel, type VegaLiteSpec } from './chart-spec.js';

/** Forest plot of one model's odds or hazard ratios with 95% intervals (log scale). */
export function forestPlotChart(results: StudyResults, model: string): VegaLiteSpec | null {
  const rows = (results.models[model]?.coefficients ?? [])
    .filter((r) => r.term !== '(Intercept)' && finite(r.ratio) !== null && r.ratio! > 0)
    .map((r, k) => ({ term: `${k + 1}. ${shorten(r.term, 60)}`, order: k, ratio: r.ratio, lower: finite(r.ratioLower) ?? r.ratio, upper: finite(r.ratioUpper) ?? r.ratio, p: finite(r.p) }));
  if (rows.length === 0) return null;
  const ratio = results.outcome.type === 'binary' ? 'odds ratio' : 'hazard ratio';
  const clampLo = Math.min(...rows.map((r) => r.lower as number), 0.5);
  const clampHi = Math.max(...rows.map((r) => r.upper as number), 2);
  const x = { type: 'quantitative', scale: { type: 'log', domain: [clampLo, clampHi] } };
  const y = { field: 'term', type: 'nominal', title: null, sort: byIndex('order'), axis: { labelLimit: 420 } };
  return topLevel(`${ratio[0].toUpperCase()}${ratio.slice(1)}s, ${model} model`, {
    width: 360,
    height: { step: 26 },
    data: { values: rows },
    layer: [
      { mark: { type: 'rule', color: '#999', strokeDash: [4, 4] }, encoding: { x: { datum: 1, ...x } } },
      { mark: { type: 'rule', strokeWidth: 2, color: '#4c78a8' }, encoding: { y, x: { field: 'lower', ...x, title: `${ratio} (95% CI, log scale)` }, x2: { field: 'upper' } } },
      { mark: { type: 'square', size: 80, color: '#4c78a8', filled: true }, encoding: { y, x: { field: 'ratio', ...x }, tooltip: [{ field: 'term', type: 'nominal' }, { field: 'ratio', type: 'quantitative', format: '.3g' }, { field: 'p', type: 'quantitative', format: '.3g' }] } },
    ],
  }, 'per unit of each predictor (Rad-score: per unit of the score)');
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
  const layout = nomogramLayout(nomo);
  const ticks: Record<string, unknown>[] = [];
  const lines: Record<string, unknown>[] = [];
  // order: the row's place (its index in nomogramRowOrder), by which the rows are sorted
  const addRow = (row: string, order: number, values: { x: number; label: string }[]) => {
    const inside = values.filter((v) => v.x >= -1e-9 && v.x <= 1 + 1e-9);
    if (inside.length === 0) return;
    // every tick is drawn; a label only where it does not crowd the previous one
    // (the last tick is always labelled: above the line when it would crowd the one before)
    const sorted = [...inside].sort((a, b) => a.x - b.x);
    let last = -Infinity;
    sorted.forEach((v, k) => {
      const isLast = k === sorted.length - 1 && k > 0;
      const labelled = v.x - last >= 0.04 || isLast;
      const above = isLast && v.x - last < 0.04 ? 1 : 0;
      if (labelled) last = v.x;
      ticks.push({ row, order, x: v.x, label: labelled ? v.label : '', above });
    });
    lines.push({ row, order, x: Math.min(...inside.map((v) => v.x)), x2: Math.max(...inside.map((v) => v.x)) });
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
    { data: { values: ticks }, mark: { type: 'tick', color: '#333', thickness: 1, size: 8 }, encoding: { y, x } },
    { data: { values: ticks }, transform: [{ filter: 'datum.above == 0' }], mark: { type: 'text', fontSize: 10, dy: 11, baseline: 'top' }, encoding: { y, x, text: { field: 'label', type: 'nominal' } } },
    { data: { values: ticks }, transform: [{ filter: 'datum.above == 1' }], mark: { type: 'text', fontSize: 10, dy: -8, baseline: 'bottom' }, encoding: { y, x, text: { field: 'label', type: 'nominal' } } },
  ];
  if (options.patientLayer) {
    layers.push({ data: { name: 'patient' }, mark: { type: 'point', shape: 'triangle-down', filled: true, color: '#d62728', size: 140, dy: -1 }, encoding: { y, x: { ...x, scale: { domain: [0, 1], clamp: true } } } });
  }
  return topLevel(`Nomogram, ${model} model`, { width: 520, height: { step: 38 }, view: { stroke: null }, layer: layers }, "read each predictor's points on the top scale, add them, and read the prediction below the total");
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

/** The layout of {@link nomogramChart}: predictor rows scaled by points, total and function rows by total points. */
export function nomogramLayout(nomo: Nomogram): NomogramLayout {
  return {
    maxPoints: Math.max(100, ...nomo.axes.flatMap((a) => a.points)),
    maxTotal: nomo.totalPoints[nomo.totalPoints.length - 1],
    axisRows: nomo.axes.map((a, k) => `${k + 1}. ${shorten(a.name, 44)}`),
    totalRow: 'Total points',
    functionRows: nomo.functionAxes.map((f) => shorten(f.name, 40)),
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
