/**
 * Charts of the development steps: the elastic-net coefficient path and its cross-validation curve
 * (lambdaMin and lambda1se marked), the ICC distribution with the threshold, ComBat before and
 * after (per-batch distributions of the most batch-affected features and the share of features
 * with a batch difference), and how often each feature was selected across resamples.
 */
import type { StudyResults } from '../../pipeline/results-schema/study-results-schema.js';
import { byIndex, finite, shorten, topLevel, type VegaLiteSpec } from './chart-spec.js';

const LAMBDA_RULES = (lambdaMin: number, lambda1se: number) => [
  { rule: 'lambda.min', logLambda: Math.log(lambdaMin) },
  { rule: 'lambda.1se', logLambda: Math.log(lambda1se) },
];

function ruleLayer(lambdaMin: number, lambda1se: number): VegaLiteSpec {
  return {
    data: { values: LAMBDA_RULES(lambdaMin, lambda1se) },
    layer: [
      { mark: { type: 'rule', strokeDash: [4, 3] }, encoding: { x: { field: 'logLambda', type: 'quantitative' }, color: { field: 'rule', type: 'nominal', title: null, scale: { domain: ['lambda.min', 'lambda.1se'], range: ['#e45756', '#333'] }, legend: { orient: 'bottom' } } } },
    ],
  };
}

/** The elastic-net coefficient path against log(lambda); the signature's features coloured. */
export function coefficientPathChart(results: StudyResults): VegaLiteSpec | null {
  const select = results.steps.select;
  if (!select || select.path.features.length === 0) return null;
  const chosen = new Set(select.features.map((f) => f.name));
  const rows: Record<string, unknown>[] = [];
  for (const f of select.path.features) {
    select.path.lambda.forEach((l, k) => {
      const c = finite(f.coef[k]);
      if (c !== null && l > 0) rows.push({ feature: f.name, inSignature: chosen.has(f.name) ? 'in the signature' : 'not selected', logLambda: Math.log(l), coef: c });
    });
  }
  return topLevel('Elastic-net coefficient path', {
    width: 440,
    height: 300,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: { field: 'logLambda', type: 'quantitative', title: 'log(lambda)', scale: { zero: false } },
          y: { field: 'coef', type: 'quantitative', title: 'coefficient' },
          detail: { field: 'feature', type: 'nominal' },
          color: { field: 'inSignature', type: 'nominal', title: null, scale: { domain: ['in the signature', 'not selected'], range: ['#4c78a8', '#ccc'] }, legend: { orient: 'bottom' } },
          tooltip: [{ field: 'feature', type: 'nominal' }],
        },
      },
      ruleLayer(select.cv.lambdaMin, select.cv.lambda1se),
    ],
    resolve: { scale: { color: 'independent' } },
  }, `${chosen.size} features at the chosen lambda (${select.rule})`);
}

/**
 * The cross-validation curve as glmnet's plot.cv.glmnet draws it: mean ± 1 SE of the CV measure
 * against log(lambda), increasing to the right, the number of nonzero coefficients along the top,
 * and lambda.min and lambda.1se marked.
 */
export function cvCurveChart(results: StudyResults): VegaLiteSpec | null {
  const select = results.steps.select;
  if (!select || select.cv.lambda.length === 0) return null;
  const rows: Record<string, unknown>[] = [];
  select.cv.lambda.forEach((l, k) => {
    const m = finite(select.cv.cvm[k]);
    const s = finite(select.cv.cvsd[k]) ?? 0;
    if (m !== null && l > 0) rows.push({ logLambda: Math.log(l), cvm: m, lower: m - s, upper: m + s, nzero: select.cv.nzero[k] });
  });
  const x = { field: 'logLambda', type: 'quantitative', title: 'log(lambda)', scale: { zero: false } };
  // the nonzero counts along the top, at about a dozen lambdas
  const every = Math.max(1, Math.ceil(rows.length / 12));
  const counts = rows.filter((_, k) => k % every === 0);
  return topLevel('Cross-validation of the elastic net', {
    width: 440,
    height: 300,
    layer: [
      {
        data: { values: rows },
        layer: [
          { mark: { type: 'rule', color: '#aaa' }, encoding: { x, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' } } },
          { mark: { type: 'point', filled: true, color: '#c0392b', size: 30 }, encoding: { x, y: { field: 'cvm', type: 'quantitative', title: `CV ${select.cv.measure}`, scale: { zero: false } }, tooltip: [{ field: 'nzero', type: 'quantitative', title: 'features' }] } },
        ],
      },
      { data: { values: counts }, mark: { type: 'text', fontSize: 10, color: '#555', baseline: 'bottom' }, encoding: { x, y: { value: -4 }, text: { field: 'nzero', type: 'quantitative' } } },
      ruleLayer(select.cv.lambdaMin, select.cv.lambda1se),
    ],
  }, [`mean ± 1 SE over ${String(select.settings?.nFolds ?? '')} folds`.replace(' over  folds', ''), 'along the top: the number of nonzero coefficients']);
}

/** Distribution of the features' ICCs with the threshold of the reproducibility filter. */
export function iccChart(results: StudyResults): VegaLiteSpec | null {
  const rep = results.steps.reproducibility;
  if (!rep || rep.icc.length === 0) return null;
  const rows = rep.icc.flatMap((r) => (finite(r.icc) === null ? [] : [{ icc: Math.max(-0.2, r.icc as number), kept: r.kept ? 'kept' : 'dropped' }]));
  const threshold = finite(rep.settings?.threshold);
  const form = String(rep.settings?.form ?? 'ICC');
  return topLevel(`Reproducibility: ${form} of ${rep.icc.length} features`, {
    width: 440,
    height: 260,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'icc', type: 'quantitative', bin: { step: 0.05, extent: [-0.2, 1] }, title: `${form} (${rep.subjects} subjects, ${rep.raters} readers)` },
          y: { aggregate: 'count', type: 'quantitative', title: 'features' },
          color: { field: 'kept', type: 'nominal', title: null, scale: { domain: ['kept', 'dropped'], range: ['#4c78a8', '#ccc'] }, legend: { orient: 'bottom' } },
        },
      },
      ...(threshold === null ? [] : [{ data: { values: [{ threshold }] }, mark: { type: 'rule', color: '#e45756', strokeWidth: 2 }, encoding: { x: { field: 'threshold', type: 'quantitative' } } }]),
    ],
  }, threshold === null ? undefined : `threshold ${threshold}: ${rep.kept.length} kept, ${rep.dropped.length} dropped`);
}

/** Quartiles (R's type 7) and range of some values. */
function boxStats(values: readonly (number | null)[]): { min: number; q1: number; median: number; q3: number; max: number } | null {
  const v = values.filter((x): x is number => finite(x) !== null).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const q = (p: number) => {
    const h = (v.length - 1) * p;
    const lo = Math.floor(h);
    return v[lo] + (h - lo) * ((v[Math.min(lo + 1, v.length - 1)] ?? v[lo]) - v[lo]);
  };
  return { min: v[0], q1: q(0.25), median: q(0.5), q3: q(0.75), max: v[v.length - 1] };
}

/** ComBat before and after: box plots per batch (quartiles, whiskers to the range) of the most batch-affected features. */
export function combatChart(results: StudyResults): VegaLiteSpec | null {
  const h = results.steps.harmonize;
  if (!h || h.mostAffected.length === 0) return null;
  const rows: Record<string, unknown>[] = [];
  h.mostAffected.forEach((f, k) => {
    const feature = `${k + 1}. ${shorten(f.feature, 60)}`;
    for (const b of f.values) {
      for (const [stage, values] of [['before ComBat', b.before], ['after ComBat', b.after]] as const) {
        const st = boxStats(values);
        if (st !== null) rows.push({ feature, stage, batch: b.batch, ...st });
        // position: the batches side by side within each stage, a gap between the stages
      }
    }
  });
  if (rows.length === 0) return null;
  const batches = h.batches.map((b) => b.level);
  const nb = batches.length;
  for (const r of rows) {
    r.batchOrder = Math.max(0, batches.indexOf(r.batch as string));
    r.position = (r.stage === 'before ComBat' ? 0 : nb + 1) + (r.batchOrder as number);
  }
  const centre = (nb - 1) / 2;
  const x = {
    field: 'position',
    type: 'quantitative',
    title: null,
    scale: { domain: [-0.8, 2 * nb + 0.8] },
    axis: { values: [centre, nb + 1 + centre], labelExpr: `datum.value < ${nb} ? 'before ComBat' : 'after ComBat'`, grid: false, ticks: false },
  };
  const color = { field: 'batch', type: 'nominal', title: 'batch', sort: byIndex('batchOrder'), legend: { orient: 'bottom' } };
  return topLevel('ComBat harmonization: the most batch-affected features', {
    data: { values: rows },
    facet: { row: { field: 'feature', type: 'nominal', title: null, header: { labelAngle: 0, labelOrient: 'top', labelAnchor: 'start', labelFontWeight: 'bold', labelLimit: 0 } } },
    spec: {
      width: 360,
      height: 120,
      layer: [
        { mark: { type: 'rule', color: '#333' }, encoding: { x, y: { field: 'min', type: 'quantitative', title: 'value', scale: { zero: false } }, y2: { field: 'max' } } },
        { mark: { type: 'bar', width: Math.max(8, Math.min(30, 160 / nb)), stroke: '#333', strokeWidth: 0.5 }, encoding: { x, y: { field: 'q1', type: 'quantitative' }, y2: { field: 'q3' }, color } },
        { mark: { type: 'tick', orient: 'horizontal', color: 'white', thickness: 2, size: Math.max(8, Math.min(30, 160 / nb)) }, encoding: { x, y: { field: 'median', type: 'quantitative' } } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  }, 'the four features with the smallest ANOVA p-value for batch before harmonization; boxes: quartiles, whiskers: range');
}

/** Share of features whose distribution differs between batches (p < 0.05), before and after ComBat. */
export function batchShareChart(results: StudyResults): VegaLiteSpec | null {
  const h = results.steps.harmonize;
  if (!h) return null;
  const rows: Record<string, unknown>[] = [];
  for (const [test, label] of [['anova', 'ANOVA'], ['kruskal', 'Kruskal-Wallis']] as const) {
    const b = finite(h.shareSignificantBefore[test]);
    const a = finite(h.shareSignificantAfter[test]);
    if (b !== null) rows.push({ test: label, stage: 'before ComBat', share: b });
    if (a !== null) rows.push({ test: label, stage: 'after ComBat', share: a });
  }
  if (rows.length === 0) return null;
  return topLevel('Features with a batch difference (p < 0.05)', {
    width: 300,
    height: 160,
    data: { values: rows },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'test', type: 'nominal', title: null },
      yOffset: { field: 'stage', type: 'nominal', sort: ['before ComBat', 'after ComBat'] },
      x: { field: 'share', type: 'quantitative', title: 'share of features', axis: { format: '%' }, scale: { domain: [0, 1] } },
      color: { field: 'stage', type: 'nominal', title: null, sort: ['before ComBat', 'after ComBat'], scale: { range: ['#e45756', '#4c78a8'] }, legend: { orient: 'bottom' } },
    },
  });
}

/** How often each feature was selected when the whole process was refitted in each resample. */
export function selectionFrequencyChart(results: StudyResults, top = 25): VegaLiteSpec | null {
  const select = results.steps.select;
  if (!select) return null;
  const chosen = new Set(select.features.map((f) => f.name));
  const entries = Object.entries(select.selectionFrequency).sort((a, b) => b[1] - a[1]).slice(0, top);
  if (entries.length === 0) return null;
  const rows = entries.map(([feature, frequency], order) => ({ feature: shorten(feature, 60), order, frequency, inSignature: chosen.has(feature) ? 'in the signature' : 'not in the signature' }));
  return topLevel('Selection frequency across resamples', {
    width: 300,
    height: { step: 14 },
    data: { values: rows },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'feature', type: 'nominal', title: null, sort: byIndex('order'), axis: { labelLimit: 420 } },
      x: { field: 'frequency', type: 'quantitative', title: `share of ${select.resamples} resamples`, scale: { domain: [0, 1] }, axis: { format: '%' } },
      color: { field: 'inSignature', type: 'nominal', title: null, scale: { domain: ['in the signature', 'not in the signature'], range: ['#4c78a8', '#bbb'] }, legend: { orient: 'bottom' } },
    },
  }, `the ${rows.length} most often selected features`);
}
