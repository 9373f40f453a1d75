/**
 * Issue 24's survival chart items: the Kaplan-Meier legend sits outside the data area (below the
 * figure), censored patients are marked on the curves of real patients (not on held-out curves
 * averaged over resamples), the number-at-risk table is labelled with its times, and with
 * `outcome.timeUnit` every time axis, horizon and horizon measure names the unit; decision curves
 * end where the predictions end (or at the study's report.decisionCurveTo).
 */
import { describe, expect, it } from 'vitest';
import { readTable, resolveStudy, runStudy, type StudyResults } from '../../src/index.js';
import { kaplanMeierChart, survivalCalibrationChart, survivalDecisionChart, tdAucChart } from '../../src/report/charts/survival-charts.js';
import { quantile7 } from '../../src/stats/quantile.js';
import { cvCurveChart } from '../../src/report/charts/development-charts.js';
import { forestPlotChart, nomogramChart, nomogramTicks } from '../../src/report/charts/model-charts.js';
import { metricLabel } from '../../src/report/html-parts.js';
import { reportHtml } from '../../src/report/report-html.js';
import { coxZph } from '../../src/models/cox-zph.js';
import type { FittedCoxPH } from '../../src/models/fitted-cox-ph.js';
import { prepareStudy } from '../../src/pipeline/prepare-study.js';
import { realData } from '../helpers/tmp.js';

type Spec = Record<string, any>;

async function pbc(timeUnit?: string, validation: Record<string, unknown> = { method: 'none' }, report?: Record<string, unknown>): Promise<StudyResults> {
  return (await pbcRun(timeUnit, validation, report)).results;
}

async function pbcRun(timeUnit?: string, validation: Record<string, unknown> = { method: 'none' }, report?: Record<string, unknown>, horizons = [1825, 3650]) {
  const study = resolveStudy({
    data: { train: 'pbc.csv.gz', id: 'id', missing: 'median' },
    outcome: { type: 'survival', time: 'time', event: 'status', eventValue: 2, horizons, ...(timeUnit ? { timeUnit } : {}) },
    features: { include: ['bili', 'albumin', 'protime', 'ast', 'copper'] },
    external: { column: 'sex', batch: 'm' },
    steps: { select: { nFolds: 3, rule: 'lambdaMin' } },
    models: ['cox'],
    validation,
    ...(report ? { report } : {}),
  });
  return runStudy(study, { train: readTable(realData('pbc.csv.gz')) });
}

describe('Kaplan-Meier chart', () => {
  it('external: legend below the figure, censoring marks on each curve, the at-risk table labelled with its times', async () => {
    const r = await pbc('days');
    const spec = kaplanMeierChart(r, 'cox', 'external') as Spec;
    const [plot, table] = spec.vconcat as Spec[];
    const legend = plot.layer[0].encoding.color.legend;
    expect(legend.orient).toBe('bottom');
    // one cross per censoring time of each group, on its curve
    const marks = plot.layer.find((l: Spec) => l.mark.shape === 'cross');
    const groups = (r.models.cox.curves!.external as { riskGroups: { groups: { curve: { censored: number[] } | null }[] } }).riskGroups.groups;
    const censorings = groups.reduce((s, g) => s + (g.curve?.censored?.length ?? 0), 0);
    expect(censorings).toBeGreaterThan(10);
    expect(marks.data.values.length).toBe(censorings);
    expect(table.encoding.x.axis.labels).toBe(true);
    expect(table.encoding.x.axis.values).toEqual((r.models.cox.curves!.external as { riskGroups: { ticks: number[] } }).riskGroups.ticks);
    expect(table.encoding.x.axis.title).toBe('time (days)');
    expect(spec.subtitle ?? JSON.stringify(spec.title)).toMatch(/\+: censored/);
  }, 120_000);

  it('held out: no censoring marks (the curves are averages over resamples)', async () => {
    const r = await pbc(undefined, { method: 'bootstrap', B: 4, seed: 2 });
    const spec = kaplanMeierChart(r, 'cox', 'development') as Spec;
    expect(spec.vconcat[0].layer.some((l: Spec) => l.mark.shape === 'cross')).toBe(false);
    // without a time unit, the axes name the time column (not "time (time)")
    expect(spec.vconcat[0].layer[1].encoding.x.title).toBe('time');
  }, 120_000);
});

describe('outcome.timeUnit', () => {
  it('labels the time axes, the horizons of the calibration facets and the horizon measures', async () => {
    const r = await pbc('days');
    expect(r.outcome.timeUnit).toBe('days');
    expect((tdAucChart(r) as Spec).layer.some((l: Spec) => l.encoding?.x?.title === 'time (days)')).toBe(true);
    expect(JSON.stringify(survivalCalibrationChart(r, 'cox'))).toContain('"horizon (days)"');
    expect(metricLabel('tdAuc@1825', r.outcome.timeUnit)).toBe('time-dependent AUC at 1825 days');
    expect(metricLabel('tdAuc@1825')).toBe('time-dependent AUC at 1825');
    const html = reportHtml(r, [], { vegaRuntime: '' });
    expect(html).toContain('at horizons 1825, 3650 days');
    expect(html).toContain('horizons 1825, 3650 days (median follow-up');
    expect(JSON.stringify(nomogramChart(r, 'cox'))).toContain('"Survival at 1825 days"');
  }, 120_000);
});

describe('decision curves', () => {
  it('end where the predictions end: the 95th percentile of the development patients\' predicted risks, rounded up to 0.05', async () => {
    // (at 5 years; by 10 years the sickest patients' predicted risks reach 0.99)
    const run = await pbcRun(undefined, { method: 'none' }, undefined, [1825]);
    expect(run.results.decisionCurves!.to).toBeLessThan(0.99);
    const risks = [1825].flatMap((h) => Array.from(run.predictions.column(`cox.survival@${h}`).values as Float64Array, (s) => 1 - s));
    const q = quantile7(Float64Array.from(risks).sort(), 0.95);
    expect(run.results.decisionCurves!.to).toBe(Math.min(0.99, Math.max(0.1, Math.ceil(q * 20 - 1e-9) / 20)));
    const spec = survivalDecisionChart(run.results, 'development') as Spec;
    expect(spec.spec.encoding.x.scale.domain).toEqual([0, run.results.decisionCurves!.to]);
    expect(Math.max(...spec.data.values.map((r: Spec) => r.threshold))).toBeLessThanOrEqual(run.results.decisionCurves!.to + 1e-9);
    expect(spec.title.subtitle).toMatch(/^thresholds up to 0\.\d+, where 95% of the predicted risks end/);
  }, 120_000);

  it('or at the study\'s report.decisionCurveTo', async () => {
    const r = await pbc(undefined, { method: 'none' }, { decisionCurveTo: 0.4 });
    expect(r.decisionCurves).toEqual({ to: 0.4, rule: "the study's report.decisionCurveTo" });
    expect((survivalDecisionChart(r, 'external') as Spec).spec.encoding.x.scale.domain).toEqual([0, 0.4]);
  }, 120_000);
});

describe('nomogram axes', () => {
  const width = (label: string) => (label.length * 6.2) / 520;
  const overlaps = (ticks: { labelX: number; label: string }[]) => {
    const shown = ticks.filter((t) => t.label !== '').sort((a, b) => a.labelX - b.labelX);
    return shown.some((t, k) => k > 0 && t.labelX - shown[k - 1].labelX < (width(t.label) + width(shown[k - 1].label)) / 2);
  };

  it('label what fits without overlap, always the end of the axis, and no label above the line (on the next row)', () => {
    const axis = Array.from({ length: 9 }, (_, k) => ({ x: 0.03 * k, label: String(1000 * k) }));
    const ticks = nomogramTicks(axis);
    expect(overlaps(ticks)).toBe(false);
    expect(ticks[0].label).toBe('0');
    expect(ticks[ticks.length - 1].label).toBe('8000');
    expect(ticks.filter((t) => t.label !== '').length).toBeLessThan(axis.length);
  });

  it('give an axis too short for two labels its range as one label, and draw no solid block of ticks', () => {
    const axis = Array.from({ length: 12 }, (_, k) => ({ x: 0.0015 * k, label: String(22 - 2 * k) }));
    const ticks = nomogramTicks(axis);
    expect(ticks.filter((t) => t.label !== '').map((t) => t.label)).toEqual(['22 – 0']);
    expect(ticks.filter((t) => t.tick).length).toBe(2);
  });

  it('list names too long for the row labels in full beneath the title', async () => {
    const r = await pbc();
    const nomo = r.models.cox.nomogram!;
    const long = { ...r, models: { ...r.models, cox: { ...r.models.cox, nomogram: { ...nomo, axes: nomo.axes.map((a, k) => (k === 0 ? { ...a, name: 'log-sigma-3-0-mm-3D_glszm_LargeAreaLowGrayLevelEmphasis' } : a)) } } } } as StudyResults;
    const spec = nomogramChart(long, 'cox') as Spec;
    expect(spec.title.subtitle).toContain('1. log-sigma-3-0-mm-3D_glszm_LargeAreaLowGrayLevelEmphasis');
    expect((nomogramChart(r, 'cox') as Spec).title.subtitle.length).toBe(1);
  }, 120_000);
});

describe('forest plot', () => {
  it('shows continuous inputs per SD (a feature on a large scale no longer reads 1.00), binary ones per unit, with room beyond the widest interval', async () => {
    const r = await pbc();
    const m = r.models.cox;
    const spec = forestPlotChart(r, 'cox') as Spec;
    const rows = spec.data.values as { term: string; ratio: number; lower: number; upper: number }[];
    expect(rows.length).toBe(m.coefficients!.length);
    m.coefficients!.forEach((c, k) => {
      const s = m.ranges!.find((x) => x.feature === c.term)!;
      expect(s.binary).toBe(false);
      expect(rows[k].term).toBe(`${k + 1}. ${c.term}, per SD (${Number(s.sd!.toPrecision(3))})`);
      expect(rows[k].ratio).toBeCloseTo(Math.exp(c.estimate! * s.sd!), 12);
      expect(rows[k].lower).toBeCloseTo(Math.exp(c.lower! * s.sd!), 12);
    });
    // copper: 1.00 per mg/day, a visible ratio per SD
    const copper = rows.find((x) => x.term.includes('copper'));
    if (copper) expect(Math.abs(Math.log(copper.ratio))).toBeGreaterThan(0.05);
    const domain = spec.layer[1].encoding.x.scale.domain as [number, number];
    expect(domain[1]).toBeGreaterThan(Math.max(...rows.map((x) => x.upper)));
    expect(domain[0]).toBeLessThan(Math.min(...rows.map((x) => x.lower)));
  }, 120_000);
});

describe('elastic-net cross-validation chart', () => {
  it('as plot.cv.glmnet: log(lambda) increasing to the right, the nonzero counts along the top', async () => {
    const r = await pbc();
    const spec = cvCurveChart(r) as Spec;
    const points = spec.layer[0].layer[1];
    expect(points.encoding.x.scale.reverse).toBeUndefined();
    const counts = spec.layer.find((l: Spec) => l.mark?.type === 'text');
    expect(counts.encoding.text.field).toBe('nzero');
    expect(counts.encoding.y).toEqual({ value: -4 });
    const cv = r.steps.select!.cv;
    expect(counts.data.values.length).toBeLessThanOrEqual(13);
    expect(counts.data.values[0]).toMatchObject({ logLambda: Math.log(cv.lambda[0]), nzero: cv.nzero[0] });
    expect(spec.title.subtitle).toContain('along the top: the number of nonzero coefficients');
  }, 120_000);
});

describe('Cox model checks', () => {
  it('results.json holds cox.zph of each Cox model on its development patients, and the report shows it', async () => {
    const run = await pbcRun();
    const r = run.results;
    const zph = r.models.cox.fit!.zph!;
    const m = run.fitted.models.find((x) => x.name === 'cox')!.model as FittedCoxPH;
    const prepared = prepareStudy(run.fitted.study, { train: readTable(realData('pbc.csv.gz')) });
    const X = run.fitted.modelInputs(run.fitted.filter(prepared.input.data.X, { batch: null, covariates: prepared.input.data.covariates, newBatch: 'error' }), prepared.input.data.covariates, prepared.input.data.X.rows).of('cox');
    const direct = coxZph(m, X, prepared.input.data.response as { time: Float64Array; event: Float64Array });
    expect(zph.transform).toBe('km');
    expect(zph.terms.map((t) => t.term)).toEqual(m.featureNames);
    zph.terms.forEach((t, k) => expect(t.chisq).toBeCloseTo(direct.terms[k].chisq, 12));
    expect(zph.global.p).toBeCloseTo(direct.global.p, 12);
    const html = reportHtml(r, [], { vegaRuntime: '' });
    expect(html).toContain('Proportional hazards (<code>survival::cox.zph</code>');
  }, 120_000);
});
