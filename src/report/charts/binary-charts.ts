/**
 * Charts of a binary outcome: ROC curves (development: held-out, averaged over resamples; external:
 * DeLong interval in the legend, Youden point), calibration (bias-corrected or out-of-fold smooth
 * curves with the apparent one as a reference, the ideal line, the distribution of predictions) and
 * decision curves (net benefit against treat-all and treat-none). Each title says which predictions
 * its curves come from.
 */
import { binaryCurvesOf } from '../results-parts.js';
import type { StudyResults } from '../../pipeline/results-schema/study-results-schema.js';
import { finite, fmt, modelColorScale, predictionsLabel, topLevel, type VegaLiteSpec } from './chart-spec.js';

type DataSet = 'development' | 'external';

/** ROC curves of every model on one data set; null when no model has one. */
export function rocChart(results: StudyResults, data: DataSet): VegaLiteSpec | null {
  const rows: Record<string, unknown>[] = [];
  const points: Record<string, unknown>[] = [];
  const labels: string[] = [];
  const heldOut = data === 'development' && Object.values(results.models).some((m) => (binaryCurvesOf(m, 'development')?.predictions?.roc ?? 'apparent') !== 'apparent');
  for (const [name, m] of Object.entries(results.models)) {
    const roc = binaryCurvesOf(m, data)?.roc;
    if (!roc || roc.fpr.length === 0) continue;
    const interval = roc.lower === null ? '' : heldOut ? ` (${fmt(roc.lower)} to ${fmt(roc.upper)})` : ` (95% CI ${fmt(roc.lower)} to ${fmt(roc.upper)})`;
    const label = `${name}: AUC ${fmt(roc.auc)}${interval}`;
    labels.push(label);
    // sorted by false-positive rate, then true-positive rate: the step curve as drawn by pROC
    const order = roc.fpr.map((_, i) => i).sort((a, b) => roc.fpr[a] - roc.fpr[b] || (roc.tpr[a] ?? 0) - (roc.tpr[b] ?? 0));
    order.forEach((i, k) => rows.push({ model: label, fpr: roc.fpr[i], tpr: roc.tpr[i], order: k }));
    if (roc.youden) points.push({ model: label, fpr: 1 - roc.youden.specificity, tpr: roc.youden.sensitivity, threshold: roc.youden.threshold });
  }
  if (rows.length === 0) return null;
  const color = { field: 'model', type: 'nominal', title: heldOut ? 'model (mean AUC over resamples; 2.5th to 97.5th percentile)' : 'model (DeLong 95% CI)', scale: { domain: labels, range: modelColorScale(Object.keys(results.models).filter((n) => binaryCurvesOf(results.models[n], data)?.roc)).range }, legend: { orient: 'bottom', direction: 'vertical', titleLimit: 480, labelLimit: 480 } };
  const x = { field: 'fpr', type: 'quantitative', title: '1 − specificity (false-positive rate)', scale: { domain: [0, 1] } };
  const y = { field: 'tpr', type: 'quantitative', title: 'sensitivity (true-positive rate)', scale: { domain: [0, 1] } };
  return topLevel(`ROC curves, ${predictionsLabel(results, data, 'roc')}`, {
    width: 380,
    height: 380,
    layer: [
      { data: { values: [{ fpr: 0, tpr: 0 }, { fpr: 1, tpr: 1 }] }, mark: { type: 'line', color: '#999', strokeDash: [4, 4] }, encoding: { x, y } },
      { data: { values: rows }, mark: { type: 'line', interpolate: 'linear', strokeWidth: 2 }, encoding: { x, y, color, order: { field: 'order', type: 'quantitative' } } },
      { data: { values: points }, mark: { type: 'point', filled: true, size: 70, stroke: 'black', strokeWidth: 1 }, encoding: { x, y, color: { ...color, legend: null }, tooltip: [{ field: 'model', type: 'nominal' }, { field: 'threshold', type: 'quantitative', format: '.3f', title: 'Youden threshold' }] } },
    ],
  }, heldOut ? 'each resample\'s ROC curve of its held-out patients, averaged at each false-positive rate' : 'filled points: the Youden-optimal threshold');
}

/**
 * Calibration of one model: the smooth (loess) observed proportion against the predicted
 * probability, apparent and bootstrap bias-corrected on the development data and on the external
 * data, the ideal line, and beneath it the histogram of the development predictions.
 */
export function calibrationChart(results: StudyResults, model: string): VegaLiteSpec | null {
  const m = results.models[model];
  const dev = binaryCurvesOf(m, 'development');
  if (!dev?.calibration || dev.calibration.grid.length < 2) return null;
  const rows: Record<string, unknown>[] = [];
  const add = (curve: string, grid: number[], values: (number | null)[] | undefined) => {
    if (!values) return;
    grid.forEach((p, g) => {
      const v = finite(values[g]);
      if (v !== null) rows.push({ curve, predicted: p, observed: Math.min(1, Math.max(0, v)) });
    });
  };
  const source = dev.predictions?.calibration ?? 'apparent';
  const validated = source === 'bootstrap' ? 'bias-corrected (bootstrap)' : source === 'cv' ? 'out-of-fold (CV)' : null;
  if (validated !== null) add(validated, dev.calibration.grid, dev.calibration.corrected);
  add('apparent (reference)', dev.calibration.grid, dev.calibration.apparent);
  const ext = binaryCurvesOf(m, 'external')?.calibration;
  if (ext) add('external', ext.grid, ext.apparent);
  if (rows.length === 0) return null;
  const curves = [...(validated !== null ? [validated] : []), 'apparent (reference)', ...(ext ? ['external'] : [])];
  const x = { field: 'predicted', type: 'quantitative', title: 'predicted probability', scale: { domain: [0, 1] } };
  const hist = (dev.histogram ?? []).map((b) => ({ from: b.from, to: b.to, count: b.count }));
  return topLevel(`Calibration, ${model} model`, {
    vconcat: [
      {
        width: 380,
        height: 320,
        layer: [
          { data: { values: [{ predicted: 0, observed: 0 }, { predicted: 1, observed: 1 }] }, mark: { type: 'line', color: '#999', strokeDash: [4, 4] }, encoding: { x, y: { field: 'observed', type: 'quantitative' } } },
          {
            data: { values: rows },
            mark: { type: 'line', strokeWidth: 2 },
            encoding: {
              x,
              y: { field: 'observed', type: 'quantitative', title: 'observed proportion', scale: { domain: [0, 1] } },
              color: { field: 'curve', type: 'nominal', title: null, scale: { domain: curves, range: [...(validated !== null ? ['#e45756'] : []), '#7aa6d6', '#54a24b'].slice(0, curves.length) }, legend: { orient: 'bottom' } },
              strokeDash: { field: 'curve', type: 'nominal', scale: { domain: curves, range: [...(validated !== null ? [[1, 0]] : []), [6, 3], [2, 2]].slice(0, curves.length) }, legend: null },
            },
          },
        ],
      },
      {
        width: 380,
        height: 70,
        data: { values: hist },
        mark: { type: 'rect', color: '#888' },
        encoding: {
          x: { field: 'from', type: 'quantitative', title: 'predicted probability (development patients)', scale: { domain: [0, 1] } },
          x2: { field: 'to' },
          y: { field: 'count', type: 'quantitative', title: 'patients' },
        },
      },
    ],
  }, 'dashed grey: ideal; loess-smoothed observed proportions');
}

/** Decision curves: net benefit of every model against treat-all and treat-none. */
export function decisionChart(results: StudyResults, data: DataSet): VegaLiteSpec | null {
  const rows: Record<string, unknown>[] = [];
  let treatAll: { threshold: number; treatAll: number | null }[] | null = null;
  const names: string[] = [];
  for (const [name, m] of Object.entries(results.models)) {
    const curve = binaryCurvesOf(m, data)?.decision;
    if (!curve) continue;
    names.push(name);
    treatAll ??= curve;
    for (const c of curve) if (finite(c.model) !== null) rows.push({ strategy: name, threshold: c.threshold, netBenefit: c.model });
  }
  if (rows.length === 0 || treatAll === null) return null;
  const reference = referenceLabels(names);
  for (const c of treatAll) if (finite(c.treatAll) !== null) rows.push({ strategy: reference.all, threshold: c.threshold, netBenefit: c.treatAll });
  for (const c of treatAll) rows.push({ strategy: reference.none, threshold: c.threshold, netBenefit: 0 });
  return decisionSpec(`Decision curves, ${predictionsLabel(results, data, 'decision')}`, rows, names, 'threshold probability', results.decisionCurves);
}

/**
 * The labels of the reference strategies, "treat all" and "treat none", made distinct from the
 * model names (a model may be called "treat all").
 */
export function referenceLabels(models: readonly string[]): { all: string; none: string } {
  const free = (label: string) => {
    let out = label;
    while (models.includes(out)) out = `${out} (reference)`;
    return out;
  };
  return { all: free('treat all'), none: free('treat none') };
}

/**
 * The layered decision-curve spec shared with the survival charts (rows: strategy, threshold,
 * netBenefit; optional horizon facet). The dash pattern follows a field of its own (model, treat
 * all, treat none), not the strategy: a legend merged from colour and dash lists the model names as
 * legend values, which Vega cannot take for names such as `constructor`.
 */
export function decisionSpec(title: string, rows: Record<string, unknown>[], models: string[], xTitle: string, range: StudyResults['decisionCurves'], facetField?: string): VegaLiteSpec {
  const to = range?.to ?? 0.99;
  const rangeNote = range?.rule.startsWith('the study') ? 'the study sets it (report.decisionCurveTo)' : '95% of the predicted risks end (report.decisionCurveTo sets it)';
  // drawn up to where the predictions end (results.json decisionCurves.to)
  rows = rows.filter((r) => (r.threshold as number) <= to + 1e-9);
  const maxNb = Math.max(0.05, ...rows.map((r) => (r.netBenefit as number) ?? 0));
  const lowest = -0.05 * Math.ceil(maxNb / 0.25);
  // below the lowest net benefit shown the lines leave the plot (clipped), as rmda and dcurves draw them
  const reference = referenceLabels(models);
  const clipped = rows.map((r) => ({ ...r, dash: r.strategy === reference.all ? 'treat all' : r.strategy === reference.none ? 'treat none' : 'model' }));
  const scale = modelColorScale(models);
  const strategies = [...models, reference.all, reference.none];
  const body: VegaLiteSpec = {
    mark: { type: 'line', strokeWidth: 2, clip: true },
    encoding: {
      x: { field: 'threshold', type: 'quantitative', title: xTitle, scale: { domain: [0, to] } },
      y: { field: 'netBenefit', type: 'quantitative', title: 'net benefit', scale: { domain: [lowest, maxNb * 1.05] } },
      color: { field: 'strategy', type: 'nominal', title: null, scale: { domain: strategies, range: [...scale.range, '#555', '#aaa'] }, legend: { orient: 'bottom', columns: 4 } },
      strokeDash: { field: 'dash', type: 'nominal', scale: { domain: ['model', 'treat all', 'treat none'], range: [[1, 0], [6, 3], [2, 2]] }, legend: null },
    },
  };
  const shown = to < 0.99 ? `thresholds up to ${to}, where ${rangeNote}` : undefined;
  if (facetField === undefined) return topLevel(title, { width: 420, height: 300, data: { values: clipped }, ...body }, shown);
  return topLevel(title, { data: { values: clipped }, facet: { column: { field: facetField, type: 'ordinal', title: 'horizon' } }, spec: { width: 260, height: 240, ...body } }, shown);
}
