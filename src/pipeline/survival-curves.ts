/**
 * The survival curves of the report's charts: Kaplan-Meier risk groups, td-AUC over time,
 * calibration and decision curves at the horizons, of one set of predictions (apparent or external)
 * or averaged over held-out splits, and the bootstrap bias-corrected calibration of rms::calibrate.
 */
import { stepIndex } from '../stats/binary-search.js';
import { kaplanMeier } from '../stats/kaplan-meier.js';
import { logRankTest } from '../stats/log-rank.js';
import { pretty } from '../stats/pretty.js';
import { groupKaplanMeier, survivalCalibration } from '../validate/survival-calibration.js';
import { assignRiskGroups, survivalNetBenefit } from '../validate/survival-utility.js';
import { timeDependentAuc } from '../validate/time-dependent.js';
import { DECISION_THRESHOLDS } from './binary-curves.js';
import type { HeldOutSplits } from './held-out.js';
import { evaluationTimes, eventRisk, followUp } from './performance.js';
import type { StudyPrediction } from './study-prediction.js';
import type { Study } from './study.js';
import type { TaskResult } from './validation.js';
import type { RiskGroups, SurvivalCurves } from './results-schema/study-results-schema.js';

import { finiteOrNull, mean, resampleSpread, sd } from './summary-numbers.js';

/** Why a measure or curve at a horizon is null: nobody is at risk after the last follow-up. */
function beyondFollowUp(h: number, lastFollowUp: number): string {
  return `horizon ${h} is at or beyond the last follow-up (${lastFollowUp})`;
}

export type SurvivalOutcome = { time: ArrayLike<number>; event: ArrayLike<number> };
type SurvivalPrediction = Extract<StudyPrediction, { family: 'survival' }>;

/** Risk groups, td-AUC over time, calibration and decision curves at the horizons of one set of predictions. */
export function survivalCurves(study: Study, p: SurvivalPrediction, o: SurvivalOutcome, cutoffs: number[]): SurvivalCurves {
  const times = evaluationTimes(study);
  const horizons = (study.outcome as { horizons: number[] }).horizons;
  const out: SurvivalCurves = {};
  const { lastFollowUp } = followUp(o.time, o.event);
  const beyond = (h: number) => beyondFollowUp(h, lastFollowUp);
  out.riskGroups = riskGroupCurves(assignRiskGroups(p.risk, cutoffs), o, cutoffs.length, horizons);
  out.tdAuc = times.map((t) => ({ time: t, auc: tdAucOrNull(p.risk, o, t) }));
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
      return { horizon: h, curve: survivalNetBenefit(p.survival.column(k).map((s) => 1 - s), o.time, o.event, h, DECISION_THRESHOLDS) };
    } catch (error) {
      return { horizon: h, curve: null, reason: (error as Error).message };
    }
  });
  return out;
}

function tdAucOrNull(risk: ArrayLike<number>, o: SurvivalOutcome, t: number): number | null {
  try {
    return finiteOrNull(timeDependentAuc(risk, o.time, o.event, t));
  } catch {
    return null;
  }
}

/**
 * Held-out survival curves: per split, the Kaplan-Meier curves of the risk groups (each patient
 * grouped by the cut-off of the model that predicted them, learned on its own training patients),
 * td-AUC over time, calibration in fifths of predicted survival, observed against expected risk and
 * net benefit at each horizon; each averaged over splits.
 */
export function heldOutSurvivalCurves(study: Study, name: string, held: HeldOutSplits, o: SurvivalOutcome): SurvivalCurves {
  const times = evaluationTimes(study);
  const horizons = (study.outcome as { horizons: number[] }).horizons;
  const { lastFollowUp } = followUp(o.time, o.event);
  const splits = held.splits.map((s) => ({ p: s.predictions.get(name) as SurvivalPrediction, o: s.outcome as SurvivalOutcome, groups: s.riskGroups.get(name)! }));
  const out: SurvivalCurves = {};
  out.riskGroups = heldOutRiskGroups(splits, o, horizons);
  // a CV repeat's pooled folds come from different fits: ranked on the predicted risk by t, which they share
  const riskAt = (p: SurvivalPrediction, t: number) => (held.source === 'cv' ? eventRisk(study, p, t) : p.risk);
  out.tdAuc = times.map((t) => ({ time: t, auc: mean(splits.map((s) => tdAucOrNull(riskAt(s.p, t), s.o, t)).filter((v): v is number => v !== null)) }));
  const beyond = (h: number) => beyondFollowUp(h, lastFollowUp);
  out.calibration = horizons.map((h) => {
    if (h >= lastFollowUp) return { horizon: h, groups: null, reason: beyond(h) };
    const k = times.indexOf(h);
    const tables = splits.flatMap((s) => {
      try {
        const t = survivalCalibration(s.p.survival.column(k), s.o.time, s.o.event, h, 5);
        return t.length === 5 ? [t] : [];
      } catch {
        return [];
      }
    });
    if (tables.length === 0) return { horizon: h, groups: null, reason: 'no split had five groups of predicted survival' };
    const groups = Array.from({ length: 5 }, (_, g) => ({
      group: g + 1,
      n: mean(tables.map((t) => t[g].n)),
      events: mean(tables.map((t) => t[g].events)),
      predicted: mean(tables.map((t) => t[g].predicted)),
      observed: mean(tables.map((t) => t[g].observed)),
      lower: null,
      upper: null,
    }));
    return { horizon: h, groups, splits: tables.length };
  });
  out.observedExpected = horizons.map((h) => {
    if (h >= lastFollowUp) return { horizon: h, observed: null, expected: null, ratio: null, reason: beyond(h) };
    const k = times.indexOf(h);
    const rows = splits.flatMap((s) => {
      const km = kaplanMeier(s.o.time, s.o.event, { confType: 'none' });
      const at = stepIndex(km.times, h);
      const observed = 1 - (at < 0 ? 1 : km.survival[at]);
      const surv = s.p.survival.column(k);
      let expected = 0;
      for (let i = 0; i < surv.length; i++) expected += 1 - surv[i];
      expected /= surv.length;
      return expected > 0 ? [{ observed, expected }] : [];
    });
    return { horizon: h, observed: mean(rows.map((r) => r.observed)), expected: mean(rows.map((r) => r.expected)), ratio: mean(rows.map((r) => r.observed / r.expected)), splits: rows.length };
  });
  out.decision = horizons.map((h) => {
    if (h >= lastFollowUp) return { horizon: h, curve: null, reason: beyond(h) };
    const k = times.indexOf(h);
    const curves = splits.flatMap((s) => {
      try {
        return [survivalNetBenefit(s.p.survival.column(k).map((v) => 1 - v), s.o.time, s.o.event, h, DECISION_THRESHOLDS)];
      } catch {
        return [];
      }
    });
    if (curves.length === 0) return { horizon: h, curve: null, reason: 'no split had a decision curve at this horizon' };
    return { horizon: h, curve: DECISION_THRESHOLDS.map((threshold, j) => ({ threshold, model: mean(curves.map((c) => c[j].model))!, treatAll: mean(curves.map((c) => c[j].treatAll))! })), splits: curves.length };
  });
  return out;
}

/**
 * Bias-corrected calibration at each horizon as `rms::calibrate(cph, cmethod = "KM", u = h, B)`:
 * fixed groups of the development fit's predicted survival; observed (Kaplan-Meier) minus predicted
 * on the development patients, less the mean optimism over resamples (the resample's fit on its
 * sample minus on the original patients). `observed` is the corrected Kaplan-Meier survival,
 * `apparent` the uncorrected one.
 */
export function correctedSurvivalCalibration(study: Study, name: string, apparent: SurvivalPrediction, o: SurvivalOutcome, ok: TaskResult[], cuts: number[][]): NonNullable<SurvivalCurves['calibration']> {
  const times = evaluationTimes(study);
  const horizons = (study.outcome as { horizons: number[] }).horizons;
  const { lastFollowUp } = followUp(o.time, o.event);
  return horizons.map((h, k) => {
    if (h >= lastFollowUp) return { horizon: h, groups: null, reason: beyondFollowUp(h, lastFollowUp) };
    const groups = groupKaplanMeier(apparent.survival.column(times.indexOf(h)), o.time, o.event, h, cuts[k]);
    const rows = groups.map((g, j) => {
      const diffs = ok.flatMap((t) => {
        const d = t.survivalCalibration[name]?.[k];
        const a = d?.train[j];
        const b = d?.test[j];
        return a !== null && a !== undefined && b !== null && b !== undefined ? [a - b] : [];
      });
      const optimism = mean(diffs);
      const spread = sd(diffs);
      return {
        group: j + 1,
        n: g.n,
        events: g.events,
        predicted: g.predicted,
        apparent: g.observed,
        optimism,
        // the Monte Carlo standard error of the mean optimism
        optimismSe: spread === null ? null : spread / Math.sqrt(diffs.length),
        observed: g.observed === null || optimism === null ? null : g.observed - optimism,
        lower: null,
        upper: null,
        resamples: diffs.length,
      };
    });
    return { horizon: h, groups: rows, cuts: cuts[k], method: "rms::calibrate(cmethod = 'KM')" };
  });
}


function groupLabels(cutoffs: number): string[] {
  return cutoffs === 1 ? ['low risk', 'high risk'] : cutoffs === 2 ? ['low risk', 'intermediate risk', 'high risk'] : Array.from({ length: cutoffs + 1 }, (_, k) => `group ${k + 1}`);
}

function atRiskTicks(o: SurvivalOutcome, horizons: number[]): number[] {
  let maxTime = 0;
  for (let i = 0; i < o.time.length; i++) maxTime = Math.max(maxTime, o.time[i]);
  return pretty(0, Math.max(maxTime, ...horizons), 6).filter((t) => t <= maxTime);
}

/** Kaplan-Meier curves of the risk groups with their bands, the numbers at risk at pretty times and the log-rank test. */
function riskGroupCurves(groups: Int32Array, o: SurvivalOutcome, cutoffs: number, horizons: number[]): RiskGroups {
  const ticks = atRiskTicks(o, horizons);
  const labels = groupLabels(cutoffs);
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
      curve: { time: Array.from(km.times), survival: Array.from(km.survival), lower: Array.from(km.lower, finiteOrNull), upper: Array.from(km.upper, finiteOrNull), censored: Array.from(km.times).filter((_, k) => km.nCensor[k] > 0) },
      median: finiteOrNull(km.median),
      atRisk,
    };
  });
  let logRank: RiskGroups['logRank'] = null;
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

/**
 * Held-out Kaplan-Meier curves of the risk groups (Simon et al. 2011's cross-validated survival risk
 * groups): per split, each group's Kaplan-Meier curve of its held-out patients, read on a common time
 * grid (null after the group's last follow-up) and averaged over splits; one split keeps the curve's
 * own pointwise interval, 20 or more give the 2.5th and 97.5th percentiles of the splits' curves.
 * Group sizes, events and numbers at risk are means over splits. No log-rank p-value: the held-out
 * groups of different splits are not independent samples (a valid p-value needs a permutation of the
 * whole development).
 */
function heldOutRiskGroups(splits: { o: SurvivalOutcome; groups: Int32Array }[], o: SurvivalOutcome, horizons: number[]): RiskGroups {
  const ticks = atRiskTicks(o, horizons);
  let maxTime = 0;
  for (let i = 0; i < o.time.length; i++) maxTime = Math.max(maxTime, o.time[i]);
  const grid = [...new Set([...Array.from({ length: 201 }, (_, k) => (maxTime * k) / 200), ...ticks])].sort((a, b) => a - b);
  const labels = groupLabels(Math.max(1, ...splits.map((s) => Math.max(...s.groups))));
  const curves = labels.map((label, g) => {
    const perSplit = splits.flatMap((s) => {
      const rows: number[] = [];
      for (let i = 0; i < s.groups.length; i++) if (s.groups[i] === g) rows.push(i);
      if (rows.length === 0) return [];
      const km = kaplanMeier(rows.map((i) => s.o.time[i]), rows.map((i) => s.o.event[i]));
      const last = km.times[km.times.length - 1];
      const read = (values: Float64Array) => grid.map((t) => {
        if (t > last) return null;
        const k = stepIndex(km.times, t);
        return k < 0 ? 1 : values[k];
      });
      return [{ n: rows.length, events: km.events, survival: read(km.survival), lower: read(km.lower), upper: read(km.upper), atRisk: ticks.map((t) => rows.filter((i) => s.o.time[i] >= t).length) }];
    });
    if (perSplit.length === 0) return { group: label, n: 0, events: 0, curve: null, atRisk: [] };
    // each grid time's values over the splits whose group is still followed there
    const values = grid.map((_, k) => perSplit.map((c) => c.survival[k]).filter((v): v is number => v !== null));
    const complete = values.map((v) => v.length === perSplit.length);
    const survival = values.map((v, k) => (complete[k] ? mean(v) : null));
    const spread = values.map((v, k) => (perSplit.length > 1 && complete[k] ? resampleSpread(v) : null));
    const band = (side: 0 | 1) => grid.map((_, k) => (perSplit.length === 1 ? finiteOrNull((side === 0 ? perSplit[0].lower : perSplit[0].upper)[k] ?? NaN) : spread[k]?.[side] ?? null));
    const keep = survival.map((v) => v !== null);
    const firstBelow = grid.findIndex((_, k) => survival[k] !== null && survival[k]! <= 0.5);
    return {
      group: label,
      n: mean(perSplit.map((c) => c.n)),
      events: mean(perSplit.map((c) => c.events)),
      curve: { time: grid.filter((_, k) => keep[k]), survival: survival.filter((_, k) => keep[k]), lower: band(0).filter((_, k) => keep[k]), upper: band(1).filter((_, k) => keep[k]) },
      median: firstBelow < 0 ? null : grid[firstBelow],
      atRisk: ticks.map((t, k) => ({ time: t, n: mean(perSplit.map((c) => c.atRisk[k])) })),
      splits: perSplit.length,
    };
  });
  return {
    labels,
    ticks,
    groups: curves,
    logRank: null,
    band: splits.length === 1 ? "the Kaplan-Meier curve's 95% pointwise interval" : splits.length >= 20 ? "2.5th to 97.5th percentile of the resamples' curves (a spread, not a CI)" : null,
    note: 'each patient is grouped by the cut-off (median risk) that the model predicting them learned on its own training patients; no log-rank p-value, which would need a permutation of the whole development (Simon et al. 2011)',
  };
}
