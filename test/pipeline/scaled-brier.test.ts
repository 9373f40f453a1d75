/**
 * The index of prediction accuracy (IPA, scaled Brier score) of the study measures agrees with
 * riskRegression::Score(summary = "ipa", null.model = TRUE) on HCC-TACE-Seg (logistic) and PBC (Cox
 * at three horizons); golden values from test/reference/scaled-brier.R.
 */
import { describe, expect, it } from 'vitest';
import { Matrix64 } from '../../src/core/matrix.js';
import { evaluationTimes, metricNames, modelMetrics, nonInformativeBrier } from '../../src/pipeline/performance.js';
import { resolveStudy } from '../../src/pipeline/study.js';
import { expectClose, golden } from '../helpers/golden.js';

const ref = golden('scaled-brier.json');

describe('IPA (scaled Brier) agrees with riskRegression::Score (rtol 1e-6)', () => {
  it('binary: a logistic model on HCC-TACE-Seg; the null model predicts the prevalence', () => {
    const study = resolveStudy({ data: { train: 'hcc.csv' }, outcome: { type: 'binary', column: 'Target' }, steps: { select: {} }, models: ['radscore'] });
    const g = ref.binary;
    const p = Float64Array.from(g.p as number[]);
    const m = modelMetrics(study, { family: 'binary', probability: p, linearPredictor: p.map((v) => Math.log(v / (1 - v))) }, { y: g.y });
    expect(metricNames(study)).toContain('ipa');
    expectClose([m.brier!], g.brier, 1e-6, 0, 'brier');
    expectClose([m.ipa!], g.ipa, 1e-6, 0, 'ipa');
    expectClose([nonInformativeBrier(study, { y: g.y }).brier!], g.null_brier, 1e-6, 0, 'null brier');
  });

  it('survival: a Cox model on PBC at 1000, 2000 and 3000 days; the null model is the Kaplan-Meier estimate', () => {
    const g = ref.survival;
    const study = resolveStudy({ data: { train: 'pbc.csv' }, outcome: { type: 'survival', time: 'time', event: 'status', horizons: g.times }, steps: { select: {} }, models: ['radscore'] });
    const times = evaluationTimes(study);
    const n = g.time.length;
    // survival at the evaluation times: R's predictions at the horizons (the grid in between is not scored here)
    const columns = times.map((t) => {
      const k = (g.times as number[]).indexOf(t);
      return k >= 0 ? Float64Array.from(g.risk[k] as number[], (r) => 1 - r) : new Float64Array(n).fill(0.5);
    });
    const prediction = { family: 'survival' as const, risk: Float64Array.from(g.risk[2] as number[]), survival: Matrix64.fromColumns(columns) };
    const m = modelMetrics(study, prediction, { time: g.time, event: g.event });
    const null0 = nonInformativeBrier(study, { time: g.time, event: g.event });
    expectClose(g.times.map((h: number) => m[`brier@${h}`]), g.brier, 1e-6, 0, 'brier');
    expectClose(g.times.map((h: number) => null0[`brier@${h}`]), g.null_brier, 1e-6, 0, 'null brier');
    expectClose(g.times.map((h: number) => m[`ipa@${h}`]), g.ipa, 1e-6, 0, 'ipa');
    expect(metricNames(study).filter((k) => k.startsWith('ipa@'))).toEqual(['ipa@1000', 'ipa@2000', 'ipa@3000']);
  });

  it('is null when the non-informative model has nothing to improve on (no event by the horizon) and below 0 for a model worse than it', () => {
    const study = resolveStudy({ data: { train: 'x.csv' }, outcome: { type: 'survival', time: 'time', event: 'status', horizons: [1, 5] }, steps: { select: {} }, models: ['radscore'] });
    const times = evaluationTimes(study);
    const time = [2, 3, 4, 6, 7, 8];
    const event = [1, 0, 1, 1, 0, 1];
    // a model that predicts survival backwards: the surest survivors are given the highest risk
    const survival = Matrix64.fromColumns(times.map(() => Float64Array.from(time, (t) => 1 - t / 10)));
    const m = modelMetrics(study, { family: 'survival', risk: Float64Array.from(time, (t) => t), survival }, { time, event });
    expect(m['brier@1']).toBeGreaterThan(0);
    expect(m['ipa@1']).toBeNull();
    expect(m['ipa@5']).toBeLessThan(0);
    const y = [0, 1, 0, 1];
    const b = modelMetrics(resolveStudy({ data: { train: 'x.csv' }, outcome: { type: 'binary', column: 'y' }, steps: { select: {} }, models: ['radscore'] }), { family: 'binary', probability: Float64Array.of(0.9, 0.1, 0.9, 0.1), linearPredictor: new Float64Array(4) }, { y });
    expect(b.ipa).toBeCloseTo(1 - 0.81 / 0.25, 12);
  });
});
