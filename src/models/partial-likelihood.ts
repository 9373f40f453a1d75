/**
 * Cox's partial log-likelihood with its gradient and information, Efron or Breslow ties, over risk
 * sets in decreasing time (as survival's coxfit6).
 */
import { lowerBound, uniqueSorted } from '../stats/binary-search.js';
import { Matrix64 } from '../core/matrix.js';

/** Log partial likelihood, score and information of a Cox model. */
export class PartialLikelihood {
  /** Observations by decreasing time; at tied times deaths after censorings, so that the risk set sums include them first. */
  readonly order: Int32Array;
  /** The covariates in that order, row-major (one contiguous row per observation). */
  private readonly rows: Float64Array;
  private readonly dead: Uint8Array;
  /** End (exclusive) of each group of tied times, in `order` positions. */
  private readonly groupEnd: Int32Array;
  private readonly p: number;

  constructor(
    X: Matrix64,
    time: ArrayLike<number>,
    event: ArrayLike<number>,
    private readonly ties: 'efron' | 'breslow',
  ) {
    const n = X.rows;
    const p = X.cols;
    this.p = p;
    this.order = riskSetOrder(time, event);
    this.rows = new Float64Array(n * p);
    this.dead = new Uint8Array(n);
    for (let r = 0; r < n; r++) {
      const i = this.order[r];
      this.dead[r] = event[i] === 1 ? 1 : 0;
      for (let j = 0; j < p; j++) this.rows[r * p + j] = X.data[i + j * n];
    }
    const ends: number[] = [];
    for (let q = 0; q < n; ) {
      const t = time[this.order[q]];
      let end = q;
      while (end < n && time[this.order[end]] === t) end++;
      ends.push(end);
      q = end;
    }
    this.groupEnd = Int32Array.from(ends);
  }

  evaluate(beta: ArrayLike<number>): { logLik: number; score: Float64Array; information: Float64Array } {
    const { rows, dead, groupEnd, p } = this;
    const score = new Float64Array(p);
    const info = new Float64Array(p * p);
    // risk set sums, accumulated from the longest times down
    let s0 = 0;
    const s1 = new Float64Array(p);
    const s2 = new Float64Array(p * p);
    // sums over the deaths of the current tied time
    let d0 = 0;
    const d1 = new Float64Array(p);
    const d2 = new Float64Array(p * p);
    const xbar = new Float64Array(p);
    let logLik = 0;
    let q = 0;
    for (let g = 0; g < groupEnd.length; g++) {
      const end = groupEnd[g];
      let deaths = 0;
      for (let r = q; r < end; r++) deaths += dead[r];
      // the deaths' own sums enter only Efron's terms with l > 0, i.e. with tied deaths
      const tiedDeaths = this.ties === 'efron' && deaths > 1;
      if (tiedDeaths) {
        d0 = 0;
        d1.fill(0);
        d2.fill(0);
      }
      for (let r = q; r < end; r++) {
        const o = r * p;
        let eta = 0;
        for (let j = 0; j < p; j++) eta += rows[o + j] * beta[j];
        const e = Math.exp(eta);
        s0 += e;
        for (let a = 0; a < p; a++) {
          const xa = rows[o + a];
          s1[a] += e * xa;
          for (let b = 0; b <= a; b++) s2[a + b * p] += e * xa * rows[o + b];
        }
        if (dead[r] === 1) {
          logLik += eta;
          for (let a = 0; a < p; a++) score[a] += rows[o + a];
          if (tiedDeaths) {
            d0 += e;
            for (let a = 0; a < p; a++) {
              const xa = rows[o + a];
              d1[a] += e * xa;
              for (let b = 0; b <= a; b++) d2[a + b * p] += e * xa * rows[o + b];
            }
          }
        }
      }
      if (deaths > 0) {
        const terms = this.ties === 'efron' ? deaths : 1;
        const weight = this.ties === 'efron' ? 1 : deaths;
        for (let l = 0; l < terms; l++) {
          const f = this.ties === 'efron' ? l / deaths : 0;
          const denom = s0 - f * d0;
          logLik -= weight * Math.log(denom);
          for (let a = 0; a < p; a++) {
            xbar[a] = (s1[a] - f * d1[a]) / denom;
            score[a] -= weight * xbar[a];
          }
          for (let a = 0; a < p; a++) {
            for (let b = 0; b <= a; b++) {
              const v = weight * ((s2[a + b * p] - f * d2[a + b * p]) / denom - xbar[a] * xbar[b]);
              info[a + b * p] += v;
            }
          }
        }
      }
      q = end;
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) info[b + a * p] = info[a + b * p];
    return { logLik, score, information: info };
  }
}

/**
 * Observations by decreasing time, censored before deaths at tied times, then by index: one
 * native sort of integer keys (distinct-time rank, event, index) rather than a comparator sort.
 */
export function riskSetOrder(time: ArrayLike<number>, event: ArrayLike<number>): Int32Array {
  const n = time.length;
  const distinct = uniqueSorted(time);
  const m = distinct.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lo = lowerBound(distinct, time[i]);
    // larger times first: rank from the end; within a time censored (0) before deaths (1)
    keys[i] = ((m - 1 - lo) * 2 + (event[i] === 1 ? 1 : 0)) * n + i;
  }
  keys.sort();
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = keys[k] % n;
  return order;
}
