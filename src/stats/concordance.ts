/**
 * Concordance of a risk score with a survival outcome: Harrell's C and Uno's C, with the
 * infinitesimal-jackknife standard error of survival::concordance.
 */
import { checkNumber, checkOneOf, resolveOptions } from '../core/checks.js';
import { DataError } from '../core/errors.js';
import { lowerBound, uniqueSorted } from './binary-search.js';
import { censoringSurvival } from './censoring-survival.js';
import type { IntervalEstimate } from './interval-estimate.js';
import { qnorm } from './normal.js';

/** Options of {@link concordanceIndex}. */
export interface ConcordanceOptions {
  /**
   * Pair weights: `'n'` (Harrell's C, every comparable pair counts once) or `'n/G2'` (Uno's C:
   * pairs weighted by 1 / G(t)^2, G the Kaplan-Meier estimate of the censoring distribution just
   * before the earlier event time t).
   * @defaultValue 'n'
   */
  timewt: 'n' | 'n/G2';
  /** Ignore pairs whose earlier event time is after tau (survival's `ymax`). @defaultValue Infinity */
  tau: number;
  /** @defaultValue 0.95 */
  level: number;
}

/** A concordance estimate with the pair counts behind it (weighted for Uno's C). */
export interface ConcordanceResult extends IntervalEstimate {
  se: number;
  concordant: number;
  discordant: number;
  tiedRisk: number;
  tiedTime: number;
}

/**
 * Concordance between a risk score (higher = earlier event) and survival, as
 * `survival::concordance(Surv(time, event) ~ score, reverse = TRUE, timewt, ymax)`: a pair is
 * comparable when the shorter time is an event (a censored time tied with it counts as longer);
 * pairs tied on the score count one half; pairs of tied event times are left out. The standard
 * error is the infinitesimal jackknife of survival (Therneau & Atkinson, "The concordance
 * statistic"), and the interval is normal. Harrell et al. 1982 (doi:10.1001/jama.1982.03320430047030);
 * Uno et al. 2011 (doi:10.1002/sim.4154).
 *
 * Pairs are counted with Fenwick trees over the score ranks (O(n log n)).
 *
 * @throws DataError for mismatched lengths, missing values, bad event codes or no comparable pairs.
 */
export function concordanceIndex(score: ArrayLike<number>, time: ArrayLike<number>, event: ArrayLike<number>, options?: Partial<ConcordanceOptions>): ConcordanceResult {
  const where = 'concordanceIndex';
  const opts = resolveOptions(where, { timewt: 'n', tau: Infinity, level: 0.95 } as ConcordanceOptions, options);
  checkOneOf(where, 'timewt', opts.timewt, ['n', 'n/G2'] as const);
  if (!(opts.tau > 0)) throw new DataError(`${where}: tau must be positive, got ${opts.tau}`, 'DATA_BAD_TIME');
  checkNumber(where, 'level', opts.level, { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
  const n = score.length;
  if (time.length !== n || event.length !== n) throw new DataError(`${where}: score, time and event must have the same length`, 'DATA_SHAPE');
  let events = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(score[i]) || !Number.isFinite(time[i])) throw new DataError(`${where}: missing or infinite score or time at ${i + 1}`, 'DATA_MISSING');
    if (event[i] !== 0 && event[i] !== 1) throw new DataError(`${where}: event must be 0 or 1, got ${event[i]} at ${i + 1}`, 'DATA_BAD_EVENT');
    events += event[i];
  }
  const G = opts.timewt === 'n' ? null : censoringSurvival(time, event);
  const weightAt = G === null ? null : (t: number) => 1 / G.before(t) ** 2;
  // per observation: weighted concordant, discordant and risk-tied pairs it belongs to, counted
  // with Fenwick trees over the score ranks in two sweeps over time (O(n log n))
  const conc = new Float64Array(n);
  const disc = new Float64Array(n);
  const tied = new Float64Array(n);
  const distinct = uniqueSorted(score);
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) rank[i] = lowerBound(distinct, score[i]);
  const K = distinct.length;
  // observations grouped by time (a stable counting sort on the time ranks): group g holds
  // order[groupStart[g] .. groupStart[g + 1]), all at time times[g], with pair weight groupWeight[g]
  const times = uniqueSorted(time);
  const G_ = times.length;
  const groupStart = new Int32Array(G_ + 1);
  const timeRank = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    timeRank[i] = lowerBound(times, time[i]);
    groupStart[timeRank[i] + 1]++;
  }
  for (let g = 0; g < G_; g++) groupStart[g + 1] += groupStart[g];
  const order = new Int32Array(n);
  const fill = groupStart.slice(0, G_);
  for (let i = 0; i < n; i++) order[fill[timeRank[i]]++] = i;
  const groupWeight = new Float64Array(G_);
  for (let g = 0; g < G_; g++) groupWeight[g] = times[g] > opts.tau ? 0 : weightAt === null ? 1 : weightAt(times[g]);
  let c = 0;
  let d = 0;
  let t = 0;
  let ty = 0;
  // sweep 1, longest times first: each event against the later (or tied censored) patients
  const later = new Fenwick(K);
  for (let g = G_ - 1; g >= 0; g--) {
    const from = groupStart[g];
    const to = groupStart[g + 1];
    const w = groupWeight[g];
    for (let q = from; q < to; q++) if (event[order[q]] === 0) later.add(rank[order[q]], 1);
    let eventsHere = 0;
    for (let q = from; q < to; q++) {
      const i = order[q];
      if (event[i] !== 1) continue;
      eventsHere++;
      if (w === 0) continue;
      const below = later.sum(rank[i]);
      const equal = later.sum(rank[i] + 1) - below;
      const above = later.total() - below - equal;
      conc[i] += w * below;
      disc[i] += w * above;
      tied[i] += w * equal;
      c += w * below;
      d += w * above;
      t += w * equal;
    }
    if (eventsHere > 1) ty += (w * eventsHere * (eventsHere - 1)) / 2;
    for (let q = from; q < to; q++) if (event[order[q]] === 1) later.add(rank[order[q]], 1);
  }
  // sweep 2, shortest times first: each patient against the earlier events it is compared with
  const earlier = new Fenwick(K);
  const query = (j: number): void => {
    const below = earlier.sum(rank[j]);
    const equal = earlier.sum(rank[j] + 1) - below;
    const above = earlier.total() - below - equal;
    // an earlier event with a higher score is concordant with j
    conc[j] += above;
    disc[j] += below;
    tied[j] += equal;
  };
  for (let g = 0; g < G_; g++) {
    const from = groupStart[g];
    const to = groupStart[g + 1];
    for (let q = from; q < to; q++) if (event[order[q]] === 1) query(order[q]);
    for (let q = from; q < to; q++) if (event[order[q]] === 1) earlier.add(rank[order[q]], groupWeight[g]);
    for (let q = from; q < to; q++) if (event[order[q]] === 0) query(order[q]);
  }
  const npair = c + d + t;
  if (npair === 0) throw new DataError(`${where}: no comparable pairs (no events before tau?)`, 'DATA_NO_EVENTS');
  const somer = (c - d) / npair;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const dfbeta = (conc[i] - disc[i]) / npair - (somer / npair) * (conc[i] + disc[i] + tied[i]);
    ss += dfbeta * dfbeta;
  }
  const estimate = (somer + 1) / 2;
  const se = Math.sqrt(ss / 4);
  const z = qnorm(1 - (1 - opts.level) / 2);
  return {
    estimate,
    lower: Math.max(0, estimate - z * se),
    upper: Math.min(1, estimate + z * se),
    se,
    method: opts.timewt === 'n' ? "Harrell's C" : "Uno's C",
    n,
    nEvents: events,
    concordant: c,
    discordant: d,
    tiedRisk: t,
    tiedTime: ty,
  };
}

/** Fenwick (binary indexed) tree of weights by rank: point add, prefix sum. */
class Fenwick {
  private readonly tree: Float64Array;
  private all = 0;

  constructor(size: number) {
    this.tree = new Float64Array(size + 1);
  }

  add(rank: number, weight: number): void {
    this.all += weight;
    for (let k = rank + 1; k < this.tree.length; k += k & -k) this.tree[k] += weight;
  }

  /** Sum of the weights of ranks < rank. */
  sum(rank: number): number {
    let s = 0;
    for (let k = rank; k > 0; k -= k & -k) s += this.tree[k];
    return s;
  }

  total(): number {
    return this.all;
  }
}
