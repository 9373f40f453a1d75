/**
 * Charts of a time-to-event outcome: Kaplan-Meier curves by risk group with confidence bands and
 * the number at risk beneath, time-dependent AUC over time, calibration at each horizon, and
 * decision curves at each horizon.
 */
import { survivalCurvesOf } from '../results-parts.js';
import type { StudyResults } from '../../pipeline/results-schema/study-results-schema.js';
import { decisionSpec, referenceLabels } from './binary-charts.js';
import { byIndex, finite, fmt, modelColorScale, predictionsLabel, timeTitle, topLevel, type VegaLiteSpec } from './chart-spec.js';

type DataSet = 'development' | 'external';

const GROUP_COLORS = ['#4c78a8', '#f58518', '#e45756', '#54a24b', '#b279a2'];

/** Kaplan-Meier curves of one model's risk groups on one data set, with the numbers at risk. */
export function kaplanMeierChart(results: StudyResults, model: string, data: DataSet): VegaLiteSpec | null {
  const rg = survivalCurvesOf(results.models[model], data)?.riskGroups;
  if (!rg) return null;
  const steps: Record<string, unknown>[] = [];
  const bands: Record<string, unknown>[] = [];
  const censored: Record<string, unknown>[] = [];
  const labels: string[] = [];
  const groups = rg.groups.filter((g) => g.curve !== null && g.n !== null && g.n > 0);
  if (groups.length === 0) return null;
  for (const g of groups) {
    // held-out groups: sizes and events are means over resamples
    const label = Number.isInteger(g.n) && Number.isInteger(g.events) ? `${g.group} (n = ${g.n}, ${g.events} events)` : `${g.group} (n ≈ ${Math.round(g.n!)}, ${Math.round(g.events ?? 0)} events per resample)`;
    labels.push(label);
    const c = g.curve!;
    // a step function: start at 1, drop at each time
    let s = 1;
    let lo: number | null = 1;
    let hi: number | null = 1;
    steps.push({ group: label, time: 0, survival: 1 });
    bands.push({ group: label, time: 0, lower: 1, upper: 1 });
    for (let i = 0; i < c.time.length; i++) {
      steps.push({ group: label, time: c.time[i], survival: s });
      if (lo !== null && hi !== null) bands.push({ group: label, time: c.time[i], lower: lo, upper: hi });
      s = finite(c.survival[i]) ?? s;
      lo = finite(c.lower[i]);
      hi = finite(c.upper[i]);
      steps.push({ group: label, time: c.time[i], survival: s });
      if (lo !== null && hi !== null) bands.push({ group: label, time: c.time[i], lower: lo, upper: hi });
    }
    // a censoring mark on the curve at each censoring time (its survival after any event at that time)
    const at = new Map(c.time.map((t, i) => [t, i]));
    for (const t of c.censored ?? []) {
      const i = at.get(t);
      const v = i === undefined ? null : finite(c.survival[i]);
      if (v !== null) censored.push({ group: label, time: t, survival: v });
    }
  }
  const maxTime = Math.max(...rg.ticks, ...groups.map((g) => g.curve!.time[g.curve!.time.length - 1] ?? 0));
  const colorScale = { domain: labels, range: GROUP_COLORS.slice(0, labels.length) };
  const x = { field: 'time', type: 'quantitative', title: timeTitle(results), scale: { domain: [0, maxTime], nice: false } };
  const atRisk = groups.flatMap((g, k) => g.atRisk.map((a) => ({ group: labels[k], row: g.group, order: k, time: a.time, n: a.n })));
  const p = rg.logRank?.p;
  const source = predictionsLabel(results, data, 'riskGroups');
  const heldOut = data === 'development' && (survivalCurvesOf(results.models[model], 'development')?.predictions?.riskGroups ?? 'apparent') !== 'apparent';
  const subtitle = heldOut
    ? [source, `each patient grouped at the median risk learned without them${results.validation.method === 'bootstrap' ? "; counts: means per resample of its out-of-bag patients" : '; counts: means over repeats'}`, `${rg.band ? `shaded: ${rg.band}` : 'no band (fewer than 20 resamples)'}; no log-rank p-value (resamples overlap)`]
    : `${source}; shaded: 95% CI; +: censored; log-rank p ${p === null || p === undefined ? 'NA' : p < 0.001 ? '< 0.001' : fmt(p)}`;
  return topLevel(`Kaplan-Meier by risk group, ${model} model`, {
    vconcat: [
      {
        width: 440,
        height: 300,
        layer: [
          { data: { values: bands }, mark: { type: 'area', opacity: 0.15, interpolate: 'linear' }, encoding: { x, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' }, color: { field: 'group', type: 'nominal', title: 'risk group', scale: colorScale, legend: { orient: 'bottom', direction: 'vertical', symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1, labelLimit: 440 } } } },
          {
            data: { values: steps },
            mark: { type: 'line', strokeWidth: 2 },
            encoding: {
              x,
              y: { field: 'survival', type: 'quantitative', title: 'survival probability', scale: { domain: [0, 1] } },
              color: { field: 'group', type: 'nominal', title: 'risk group', scale: colorScale },
              order: { field: 'time', type: 'quantitative' },
            },
          },
          ...(censored.length > 0
            ? [{ data: { values: censored }, mark: { type: 'point', shape: 'cross', size: 36, filled: true, strokeWidth: 0 }, encoding: { x, y: { field: 'survival', type: 'quantitative' }, color: { field: 'group', type: 'nominal', title: 'risk group', scale: colorScale } } }]
            : []),
        ],
      },
      {
        width: 440,
        height: 22 * groups.length,
        title: { text: 'number at risk', fontSize: 11, fontWeight: 'normal', anchor: 'start' },
        data: { values: atRisk },
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          // the times of the counts, as under the curves
          x: { ...x, axis: { grid: false, title: timeTitle(results), labels: true, ticks: true, domain: false, values: rg.ticks, labelFontSize: 10 } },
          y: { field: 'row', type: 'nominal', title: null, sort: byIndex('order'), axis: { grid: false, ticks: false, domain: false, labelPadding: 18 } },
          // held-out numbers at risk are means over resamples
          text: { field: 'n', type: 'quantitative', format: ',.0f' },
          color: { field: 'group', type: 'nominal', scale: colorScale, legend: null },
        },
      },
    ],
  }, subtitle);
}

/** Time-dependent AUC (cumulative/dynamic) over time of every model, development and external. */
export function tdAucChart(results: StudyResults): VegaLiteSpec | null {
  const rows: Record<string, unknown>[] = [];
  const names: string[] = [];
  for (const [name, m] of Object.entries(results.models)) {
    let any = false;
    for (const data of ['development', 'external'] as const) {
      for (const r of survivalCurvesOf(m, data)?.tdAuc ?? []) {
        if (finite(r.auc) === null) continue;
        rows.push({ model: name, data, time: r.time, auc: r.auc });
        any = true;
      }
    }
    if (any) names.push(name);
  }
  if (rows.length === 0) return null;
  const hasExternal = rows.some((r) => r.data === 'external');
  const horizons = results.outcome.horizons ?? [];
  return topLevel('Time-dependent AUC', {
    width: 440,
    height: 300,
    layer: [
      { data: { values: horizons.map((h) => ({ time: h })) }, mark: { type: 'rule', color: '#bbb', strokeDash: [2, 2] }, encoding: { x: { field: 'time', type: 'quantitative' } } },
      { data: { values: [{ auc: 0.5 }] }, mark: { type: 'rule', color: '#999', strokeDash: [4, 4] }, encoding: { y: { field: 'auc', type: 'quantitative' } } },
      {
        data: { values: rows },
        mark: { type: 'line', strokeWidth: 2, point: { size: 18 } },
        encoding: {
          x: { field: 'time', type: 'quantitative', title: timeTitle(results) },
          y: { field: 'auc', type: 'quantitative', title: 'AUC(t), cumulative/dynamic', scale: { domain: [0.4, 1] } },
          color: { field: 'model', type: 'nominal', scale: modelColorScale(names), legend: { orient: 'bottom' } },
          strokeDash: { field: 'data', type: 'nominal', title: null, scale: { domain: ['development', 'external'], range: [[1, 0], [6, 3]] }, legend: null },
          detail: { field: 'data', type: 'nominal' },
        },
      },
    ],
  }, `${hasExternal ? 'solid: ' : ''}${predictionsLabel(results, 'development', 'tdAuc')}${hasExternal ? '; dashed: external validation' : ''}; dotted vertical lines: the horizons`);
}

/** Calibration of one model at each horizon: observed (Kaplan-Meier) against predicted survival in risk groups. */
export function survivalCalibrationChart(results: StudyResults, model: string): VegaLiteSpec | null {
  const rows: Record<string, unknown>[] = [];
  const horizons = results.outcome.horizons ?? [];
  const source = survivalCurvesOf(results.models[model], 'development')?.predictions?.calibration ?? 'apparent';
  // bias-corrected as rms::calibrate, or (a forest) held-out fifths of each resample's out-of-bag patients
  const rms = (survivalCurvesOf(results.models[model], 'development')?.calibration ?? []).some((h) => h.method !== undefined);
  const development = rms ? 'development, bias-corrected (bootstrap)' : source === 'bootstrap' ? 'development, out-of-bag (bootstrap)' : source === 'cv' ? 'development, out-of-fold (CV)' : 'development (apparent)';
  const label = { development, external: 'external' };
  for (const data of ['development', 'external'] as const) {
    for (const h of survivalCurvesOf(results.models[model], data)?.calibration ?? []) {
      for (const g of h.groups ?? []) {
        const obs = finite(g.observed);
        if (obs === null || finite(g.predicted) === null) continue;
        const order = horizons.indexOf(h.horizon);
        rows.push({ horizon: `${h.horizon}`, horizonOrder: order < 0 ? horizons.length : order, data: label[data], predicted: g.predicted, observed: obs, lower: finite(g.lower) ?? obs, upper: finite(g.upper) ?? obs, n: g.n });
      }
    }
  }
  if (rows.length === 0) return null;
  const x = { field: 'predicted', type: 'quantitative', title: 'predicted survival', scale: { domain: [0, 1] } };
  const color = { field: 'data', type: 'nominal', title: null, scale: { domain: [label.development, label.external], range: ['#4c78a8', '#e45756'] }, legend: { orient: 'bottom', labelLimit: 400 } };
  return topLevel(`Calibration at each horizon, ${model} model`, {
    data: { values: rows },
    facet: { column: { field: 'horizon', type: 'ordinal', title: timeTitle(results, 'horizon'), sort: byIndex('horizonOrder') } },
    spec: {
      width: 200,
      height: 200,
      layer: [
        { mark: { type: 'rule', color: '#999', strokeDash: [4, 4] }, encoding: { x: { datum: 0, type: 'quantitative', scale: { domain: [0, 1] } }, y: { datum: 0, type: 'quantitative' }, x2: { datum: 1 }, y2: { datum: 1 } } },
        { mark: { type: 'rule' }, encoding: { x, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' }, color } },
        { mark: { type: 'line', point: { filled: true, size: 40 } }, encoding: { x, y: { field: 'observed', type: 'quantitative', title: 'observed survival (Kaplan-Meier)', scale: { domain: [0, 1] } }, color } },
      ],
    },
  }, `${rms ? 'fifths of predicted survival; development: Kaplan-Meier less its bootstrap optimism, as rms::calibrate' : source === 'bootstrap' ? "fifths of each resample's out-of-bag predictions, averaged" : source === 'cv' ? "fifths of each repeat's out-of-fold predictions, averaged" : 'fifths of predicted survival; bars: 95% CI of the Kaplan-Meier estimate'}${source !== 'apparent' && rows.some((r) => r.data === 'external') ? '; bars: 95% CI (external)' : ''}; dashed: ideal`);
}

/** Decision curves at each horizon (net benefit of treating by predicted risk of an event by then). */
export function survivalDecisionChart(results: StudyResults, data: DataSet): VegaLiteSpec | null {
  const rows: Record<string, unknown>[] = [];
  const names: string[] = [];
  const treatAll = new Map<number, { threshold: number; treatAll: number | null }[]>();
  for (const [name, m] of Object.entries(results.models)) {
    const curves = survivalCurvesOf(m, data)?.decision;
    if (!curves) continue;
    let any = false;
    for (const h of curves) {
      if (!h.curve) continue;
      any = true;
      if (!treatAll.has(h.horizon)) treatAll.set(h.horizon, h.curve);
      for (const c of h.curve) if (finite(c.model) !== null) rows.push({ horizon: h.horizon, strategy: name, threshold: c.threshold, netBenefit: c.model });
    }
    if (any) names.push(name);
  }
  if (rows.length === 0) return null;
  const reference = referenceLabels(names);
  for (const [horizon, curve] of treatAll) {
    for (const c of curve) {
      if (finite(c.treatAll) !== null) rows.push({ horizon, strategy: reference.all, threshold: c.threshold, netBenefit: c.treatAll });
      rows.push({ horizon, strategy: reference.none, threshold: c.threshold, netBenefit: 0 });
    }
  }
  return decisionSpec(`Decision curves at each horizon, ${predictionsLabel(results, data, 'decision')}`, rows, names, 'threshold risk of an event by the horizon', results.decisionCurves, 'horizon');
}
