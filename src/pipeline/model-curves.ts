/**
 * The curves of the report's charts for one model: ROC, calibration (apparent and bias-corrected),
 * decision curves, histograms, survival calibration, td-AUC over time and Kaplan-Meier risk groups.
 */
import { kaplanMeier } from '../stats/kaplan-meier.js';
import { logRankTest } from '../stats/log-rank.js';
import { pretty } from '../stats/pretty.js';
import { quantile7 } from '../stats/quantile.js';
import { aucDeLong, netBenefit, rocCurve, youdenThreshold } from '../validate/binary-metrics.js';
import { survivalCalibration } from '../validate/survival-calibration.js';
import { assignRiskGroups, riskGroupCutoffs, survivalNetBenefit } from '../validate/survival-utility.js';
import { timeDependentAuc } from '../validate/time-dependent.js';
import type { StudyPrediction } from './fitted-study.js';
import { evaluationTimes, followUp, type StudyOutcome } from './performance.js';
import type { Study } from './study.js';
import { smoothAt, type TaskResult } from './validation.js';

import { finiteOrNull, mean } from './summary-numbers.js';

/** 50 points spanning the 1st to 99th percentile of the apparent predictions. */
export function calibrationGrid(p: number[]): number[] {
  const sorted = Float64Array.from(p).sort();
  const lo = quantile7(sorted, 0.01);
  const hi = quantile7(sorted, 0.99);
  if (!(hi > lo)) return [lo];
  return Array.from({ length: 50 }, (_, k) => lo + ((hi - lo) * k) / 49);
}

const THRESHOLDS = Array.from({ length: 99 }, (_, k) => (k + 1) / 100);

/** The curves of the report's charts for one model. */
export function modelCurves(
  study: Study,
  name: string,
  apparent: StudyPrediction,
  outcome: StudyOutcome,
  external: StudyPrediction | null,
  externalOutcome: StudyOutcome | null,
  ok: TaskResult[],
  grid: number[],
): Record<string, unknown> {
  if (apparent.family === 'binary') {
    const y = (outcome as { y: ArrayLike<number> }).y;
    const binaryCurves = (p: Float64Array, yy: ArrayLike<number>) => {
      const out: Record<string, unknown> = {};
      try {
        const roc = rocCurve(p, yy);
        const auc = aucDeLong(p, yy);
        const youden = youdenThreshold(p, yy);
        out.roc = { fpr: Array.from(roc.specificity, (s) => 1 - s), tpr: Array.from(roc.sensitivity), auc: auc.estimate, lower: auc.lower, upper: auc.upper, youden };
      } catch {
        out.roc = null;
      }
      try {
        out.decision = netBenefit(p, yy, THRESHOLDS);
      } catch {
        out.decision = null;
      }
      out.histogram = histogram(p);
      return out;
    };
    const dev = binaryCurves(apparent.probability, y);
    const apparentCurve = grid.length > 1 ? smoothAt(apparent.probability, y, grid) : [];
    const optimism = grid.map((_, g) => mean(ok.flatMap((t) => {
      const c = t.calibration[name];
      if (!c) return [];
      const a = c.train[g];
      const b = c.test[g];
      return a !== null && b !== null ? [a - b] : [];
    })));
    dev.calibration = {
      grid,
      apparent: apparentCurve,
      corrected: apparentCurve.map((v, g) => (v === null || optimism[g] === null ? null : v - optimism[g]!)),
      resamples: ok.filter((t) => t.calibration[name]).length,
    };
    const out: Record<string, unknown> = { development: dev };
    if (external !== null && external.family === 'binary') {
      const ext = binaryCurves(external.probability, (externalOutcome as { y: ArrayLike<number> }).y);
      const ey = (externalOutcome as { y: ArrayLike<number> }).y;
      const g = calibrationGrid(Array.from(external.probability));
      ext.calibration = { grid: g, apparent: g.length > 1 ? smoothAt(external.probability, ey, g) : [] };
      out.external = ext;
    }
    return out;
  }
  const times = evaluationTimes(study);
  const horizons = (study.outcome as { horizons: number[] }).horizons;
  const cutoffs = riskGroupCutoffs(apparent.risk, 'median');
  const survivalCurves = (p: Extract<StudyPrediction, { family: 'survival' }>, o: { time: ArrayLike<number>; event: ArrayLike<number> }) => {
    const out: Record<string, unknown> = {};
    const { lastFollowUp } = followUp(o.time, o.event);
    const beyond = (h: number) => `horizon ${h} is at or beyond the last follow-up (${lastFollowUp})`;
    out.riskGroups = riskGroupCurves(p.risk, o, cutoffs, horizons);
    out.tdAuc = times.map((t) => {
      try {
        return { time: t, auc: finiteOrNull(timeDependentAuc(p.risk, o.time, o.event, t)) };
      } catch {
        return { time: t, auc: null };
      }
    });
    out.calibration = horizons.map((h) => {
      const k = times.indexOf(h);
      if (h >= lastFollowUp) return { horizon: h, groups: null, reason: beyond(h) };
      try {
        return { horizon: h, groups: survivalCalibration(p.survival.column(k), o.time, o.event, h, 5) };
      } catch (error) {
        return { horizon: h, groups: null, reason: (error as Error).message };
      }
    });
    out.decision = horizons.map((h) => {
      const k = times.indexOf(h);
      if (h >= lastFollowUp) return { horizon: h, curve: null, reason: beyond(h) };
      try {
        return { horizon: h, curve: survivalNetBenefit(p.survival.column(k).map((s) => 1 - s), o.time, o.event, h, THRESHOLDS) };
      } catch (error) {
        return { horizon: h, curve: null, reason: (error as Error).message };
      }
    });
    return out;
  };
  const out: Record<string, unknown> = { cutoffs, development: survivalCurves(apparent, outcome as { time: ArrayLike<number>; event: ArrayLike<number> }) };
  if (external !== null && external.family === 'survival') out.external = survivalCurves(external, externalOutcome as { time: ArrayLike<number>; event: ArrayLike<number> });
  return out;
}

function histogram(p: ArrayLike<number>): { from: number; to: number; count: number }[] {
  const bins = Array.from({ length: 20 }, (_, k) => ({ from: k / 20, to: (k + 1) / 20, count: 0 }));
  for (let i = 0; i < p.length; i++) bins[Math.min(19, Math.floor(p[i] * 20))].count++;
  return bins;
}

/** Kaplan-Meier curves of the risk groups with their bands and the numbers at risk at pretty times. */
function riskGroupCurves(risk: ArrayLike<number>, o: { time: ArrayLike<number>; event: ArrayLike<number> }, cutoffs: number[], horizons: number[]): Record<string, unknown> {
  const groups = assignRiskGroups(risk, cutoffs);
  let maxTime = 0;
  for (let i = 0; i < o.time.length; i++) maxTime = Math.max(maxTime, o.time[i]);
  const ticks = pretty(0, Math.max(maxTime, ...horizons), 6).filter((t) => t <= maxTime);
  const labels = cutoffs.length === 1 ? ['low risk', 'high risk'] : cutoffs.length === 2 ? ['low risk', 'intermediate risk', 'high risk'] : Array.from({ length: cutoffs.length + 1 }, (_, k) => `group ${k + 1}`);
  const curves = labels.map((label, g) => {
    const rows: number[] = [];
    for (let i = 0; i < groups.length; i++) if (groups[i] === g) rows.push(i);
    if (rows.length === 0) return { group: label, n: 0, events: 0, curve: null, atRisk: [] };
    const km = kaplanMeier(rows.map((i) => o.time[i]), rows.map((i) => o.event[i]));
    const atRisk = ticks.map((t) => ({ time: t, n: rows.filter((i) => o.time[i] >= t).length }));
    return {
      group: label,
      n: rows.length,
      events: km.events,
      curve: { time: Array.from(km.times), survival: Array.from(km.survival), lower: Array.from(km.lower, finiteOrNull), upper: Array.from(km.upper, finiteOrNull) },
      median: finiteOrNull(km.median),
      atRisk,
    };
  });
  let logRank: unknown = null;
  try {
    const present = new Set(groups);
    if (present.size > 1) {
      const lr = logRankTest(o.time, o.event, Array.from(groups));
      logRank = { chisq: lr.chisq, df: lr.df, p: finiteOrNull(lr.p) };
    }
  } catch {
    logRank = null;
  }
  return { labels, ticks, groups: curves, logRank };
}
