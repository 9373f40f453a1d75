/**
 * Risk groups with cut-offs fixed on training data, and decision curves at a horizon for survival
 * predictions.
 */
import { DataError, ParameterError } from '../core/errors.js';
import { stepIndex } from '../stats/binary-search.js';
import { kaplanMeier, type KaplanMeierCurve } from '../stats/kaplan-meier.js';
import { logRankTest, type LogRankResult } from '../stats/log-rank.js';
import { quantile7 } from '../stats/quantile.js';

/** How cut-offs are chosen on the training scores. */
export type RiskGroupMethod = 'median' | 'tertiles' | 'quartiles' | { cutoffs: readonly number[] };

/**
 * Cut-offs of a risk score, learned on training scores: the median (2 groups), tertiles or
 * quartiles (R's default quantile, type 7), or given values. Apply them to any patients with
 * {@link assignRiskGroups}; fixing them on training data keeps validation honest.
 */
export function riskGroupCutoffs(trainingScore: ArrayLike<number>, method: RiskGroupMethod = 'median'): number[] {
  if (typeof method === 'object') {
    const c = [...method.cutoffs];
    if (c.length === 0 || c.some((x) => !Number.isFinite(x))) throw new ParameterError('riskGroupCutoffs: cutoffs must be finite numbers');
    return c.sort((a, b) => a - b);
  }
  const probs = method === 'median' ? [0.5] : method === 'tertiles' ? [1 / 3, 2 / 3] : method === 'quartiles' ? [0.25, 0.5, 0.75] : null;
  if (probs === null) throw new ParameterError(`riskGroupCutoffs: method must be median, tertiles, quartiles or { cutoffs }, got ${String(method)}`);
  const sorted = Float64Array.from(trainingScore).sort();
  if (sorted.length < 2) throw new DataError('riskGroupCutoffs: needs at least two training scores', 'DATA_SHAPE');
  return probs.map((q) => quantile7(sorted, q));
}

/** Group index of each score: 0 below the first cut-off, ... (a score equal to a cut-off goes to the lower group). */
export function assignRiskGroups(score: ArrayLike<number>, cutoffs: ArrayLike<number>): Int32Array {
  return Int32Array.from(score as ArrayLike<number>, (s) => {
    let k = 0;
    while (k < cutoffs.length && s > cutoffs[k]) k++;
    return k;
  });
}

/** Kaplan-Meier curves of the risk groups and their log-rank test. */
export function riskGroupSurvival(score: ArrayLike<number>, time: ArrayLike<number>, event: ArrayLike<number>, cutoffs: ArrayLike<number>): { cutoffs: number[]; groups: { group: number; n: number; events: number; curve: KaplanMeierCurve }[]; logRank: LogRankResult | null } {
  const groupOf = assignRiskGroups(score, cutoffs);
  const groups = [];
  for (let k = 0; k <= cutoffs.length; k++) {
    const rows: number[] = [];
    for (let i = 0; i < groupOf.length; i++) if (groupOf[i] === k) rows.push(i);
    if (rows.length === 0) continue;
    const curve = kaplanMeier(rows.map((i) => time[i]), rows.map((i) => event[i]));
    groups.push({ group: k, n: rows.length, events: curve.events, curve });
  }
  const logRank = groups.length > 1 ? logRankTest(time, event, Array.from(groupOf)) : null;
  return { cutoffs: Array.from(cutoffs), groups, logRank };
}

/**
 * Net benefit at horizon t of treating patients whose predicted risk by t is at least each
 * threshold pt, with the Kaplan-Meier risk of the treated (Vickers et al. 2008,
 * doi:10.1186/1472-6947-8-53): NB = F(t | treated) P(treated) - (1 - F(t | treated)) P(treated) pt / (1 - pt);
 * treat-all uses the Kaplan-Meier risk of everyone.
 */
export function survivalNetBenefit(risk: ArrayLike<number>, time: ArrayLike<number>, event: ArrayLike<number>, t: number, thresholds: ArrayLike<number>): { threshold: number; model: number; treatAll: number }[] {
  const n = risk.length;
  if (time.length !== n || event.length !== n) throw new DataError('survivalNetBenefit: risk, time and event must have the same length', 'DATA_SHAPE');
  const riskBy = (rows: number[]) => {
    if (rows.length === 0) return 0;
    const km = kaplanMeier(rows.map((i) => time[i]), rows.map((i) => event[i]), { confType: 'none' });
    const k = stepIndex(km.times, t);
    return 1 - (k < 0 ? 1 : km.survival[k]);
  };
  const all = Array.from({ length: n }, (_, i) => i);
  const overall = riskBy(all);
  return Array.from(thresholds, (pt) => {
    if (!(pt > 0 && pt < 1)) throw new DataError(`survivalNetBenefit: thresholds must be strictly between 0 and 1, got ${pt}`, 'DATA_BAD_THRESHOLD');
    const treated = all.filter((i) => risk[i] >= pt);
    const share = treated.length / n;
    const f = riskBy(treated);
    const odds = pt / (1 - pt);
    return { threshold: pt, model: f * share - (1 - f) * share * odds, treatAll: overall - (1 - overall) * odds };
  });
}
