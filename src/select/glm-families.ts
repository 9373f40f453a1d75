import { softplus } from '../stats/logistic.js';
import { singletonOrder } from './singleton-sort.js';

/**
 * Loss functions of the penalized models, in the form coordinate descent needs: for a linear
 * predictor eta, the loss (negative log-likelihood with weights normalized to sum to one, as
 * glmnet), its gradient residuals r_i = -dLoss/d eta_i and the diagonal of its Hessian v_i.
 */

/** A loss for coordinate descent. */
export interface GlmFamily {
  readonly n: number;
  /** Whether the model has an unpenalized intercept. */
  readonly intercept: boolean;
  /** Loss at eta; fills r (negative gradient) and v (Hessian diagonal). */
  evaluate(eta: Float64Array, r: Float64Array, v: Float64Array): number;
  /** Loss at eta only. */
  loss(eta: Float64Array): number;
  /** Loss of the saturated model (0 for binary outcomes; -sum D log D for Cox). */
  readonly saturatedLoss: number;
  /** The intercept-only (or eta = 0) fit: intercept value and loss. */
  nullModel(): { intercept: number; loss: number };
}

const PMIN = 1e-9;
const FMAX = Math.log(1 / PMIN - 1);

/** Binomial deviance/2 with normalized weights: -sum w_i [y_i eta_i - log(1 + exp(eta_i))]. */
export class BinomialFamily implements GlmFamily {
  readonly intercept = true;
  readonly saturatedLoss = 0;
  readonly n: number;

  constructor(
    private readonly y: Float64Array,
    private readonly w: Float64Array,
  ) {
    this.n = y.length;
  }

  evaluate(eta: Float64Array, r: Float64Array, v: Float64Array): number {
    const { y, w, n } = this;
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const f = eta[i];
      // glmnet sets the probability to 0 or 1 beyond +-log(1/pmin - 1) so that coefficients do not wander off
      // one exponential serves both the probability and log(1 + exp(f)) when f > 0
      const e = f > 0 ? Math.exp(-f) : 0;
      const q = f < -FMAX ? 0 : f > FMAX ? 1 : 1 / (1 + (f > 0 ? e : Math.exp(-f)));
      v[i] = w[i] * q * (1 - q);
      r[i] = w[i] * (y[i] - q);
      loss += w[i] * ((f > 0 ? f + Math.log1p(e) : Math.log1p(Math.exp(f))) - y[i] * f);
    }
    return loss;
  }

  loss(eta: Float64Array): number {
    let loss = 0;
    for (let i = 0; i < this.n; i++) loss += this.w[i] * (softplus(eta[i]) - this.y[i] * eta[i]);
    return loss;
  }

  nullModel(): { intercept: number; loss: number } {
    let q0 = 0;
    for (let i = 0; i < this.n; i++) q0 += this.w[i] * this.y[i];
    const b = Math.log(q0 / (1 - q0));
    return { intercept: b, loss: -(b * q0 + Math.log(1 - q0)) };
  }
}

/**
 * Cox partial likelihood (Breslow or Efron ties) with normalized weights, as glmnet's coxnet:
 * loss = -sum over death times k of [sum_{i in D_k} w_i eta_i - (Breslow) D_k log S_k], with
 * D_k the summed weight of the deaths and S_k = sum over the risk set of w_j exp(eta_j).
 * Efron replaces D_k log S_k by wbar_k sum_{l < m_k} log(S_k - (l / m_k) E_k), where E_k is the
 * deaths' share of S_k and wbar_k their mean weight (as survival::coxph).
 */
export class CoxFamily implements GlmFamily {
  readonly intercept = false;
  readonly n: number;
  readonly saturatedLoss: number;
  /** Observation indices sorted by time (ascending). */
  private readonly order: Int32Array;
  /** For each death time k: first position (in `order`) of its risk set, and its deaths (deaths[deathOffsets[k] .. deathOffsets[k+1]]). */
  private readonly riskStart: Int32Array;
  private readonly deathOffsets: Int32Array;
  private readonly deaths: Int32Array;
  private readonly cumA: Float64Array;
  private readonly cumC: Float64Array;
  /** Number of death times at or before each observation's time. */
  private readonly deathsUpTo: Int32Array;
  /** Death time index of each observation that died (-1 otherwise). */
  private readonly deathTimeOf: Int32Array;
  private readonly D: Float64Array;
  private readonly e: Float64Array;
  private readonly S: Float64Array;
  private readonly A: Float64Array;
  private readonly B: Float64Array;
  private readonly C: Float64Array;
  private readonly Cd: Float64Array;
  private readonly Ce: Float64Array;

  constructor(
    time: Float64Array,
    event: Float64Array,
    private readonly w: Float64Array,
    private readonly ties: 'breslow' | 'efron',
  ) {
    const n = time.length;
    this.n = n;
    let order: Int32Array;
    let key: Float64Array;
    if (ties === 'breslow') {
      // glmnet 4.1: censored times are nudged by 100 machine epsilons (which vanishes for times above
      // about 256) and sorted by Singleton's quicksort, whose order of ties decides whether a censored
      // observation tied with a death is in that death's risk set
      key = Float64Array.from(time, (t, i) => t + (1 - event[i]) * 100 * 2.220446049250313e-16);
      order = singletonOrder(key);
    } else {
      // survival::coxph: at a tied time, deaths come first and censored observations are at risk
      key = time;
      order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a] - time[b] || event[b] - event[a] || a - b);
    }
    this.order = order;
    // death times: each starts at the first death (in sorted order) later than the previous death time;
    // its risk set is every position from there on
    const riskStart: number[] = [];
    const deathOffsets: number[] = [0];
    const deaths: number[] = [];
    const D: number[] = [];
    let lastDeathTime = -Infinity;
    for (let q = 0; q < n; q++) {
      const i = order[q];
      if (!(event[i] > 0) || !(w[i] > 0)) continue;
      if (key[i] > lastDeathTime) {
        if (riskStart.length > 0) deathOffsets.push(deaths.length);
        riskStart.push(q);
        D.push(0);
        lastDeathTime = key[i];
      }
      deaths.push(i);
      D[D.length - 1] += w[i];
    }
    deathOffsets.push(deaths.length);
    if (riskStart.length === 0) deathOffsets.length = 1;
    this.riskStart = Int32Array.from(riskStart);
    this.deathOffsets = Int32Array.from(deathOffsets);
    this.deaths = Int32Array.from(deaths);
    this.D = Float64Array.from(D);
    const K = D.length;
    this.deathsUpTo = new Int32Array(n);
    this.deathTimeOf = new Int32Array(n).fill(-1);
    let k = 0;
    for (let q = 0; q < n; q++) {
      while (k < K && riskStart[k] <= q) k++;
      this.deathsUpTo[order[q]] = k;
    }
    for (let kk = 0; kk < K; kk++) for (let d = this.deathOffsets[kk]; d < this.deathOffsets[kk + 1]; d++) this.deathTimeOf[this.deaths[d]] = kk;
    let sat = 0;
    for (let kk = 0; kk < K; kk++) sat -= this.D[kk] * Math.log(this.D[kk]);
    // saturated log-likelihood -sum D log D; its loss is the negative
    this.saturatedLoss = -sat;
    this.e = new Float64Array(n);
    this.S = new Float64Array(K);
    this.A = new Float64Array(K);
    this.B = new Float64Array(K);
    this.C = new Float64Array(K);
    this.Cd = new Float64Array(K);
    this.Ce = new Float64Array(K);
    this.cumA = new Float64Array(K + 1);
    this.cumC = new Float64Array(K + 1);
  }

  /** Number of distinct death times. */
  get deathTimes(): number {
    return this.D.length;
  }

  private riskSums(eta: Float64Array): number {
    const { n, order, e, S, riskStart, w } = this;
    const fmax = Math.log(Number.MAX_VALUE * 0.1);
    for (let i = 0; i < n; i++) e[i] = w[i] * Math.exp(Math.min(eta[i], fmax));
    // suffix sums over sorted positions
    let k = S.length - 1;
    let acc = 0;
    for (let q = n - 1; q >= 0 && k >= 0; q--) {
      acc += e[order[q]];
      while (k >= 0 && riskStart[k] === q) {
        S[k] = acc;
        k--;
      }
    }
    // log-likelihood
    let ll = 0;
    for (let kk = 0; kk < S.length; kk++) {
      let dEta = 0;
      let E = 0;
      for (let d = this.deathOffsets[kk]; d < this.deathOffsets[kk + 1]; d++) {
        const i = this.deaths[d];
        dEta += w[i] * eta[i];
        E += e[i];
      }
      ll += dEta;
      if (this.ties === 'breslow') ll -= this.D[kk] * Math.log(S[kk]);
      else {
        const m = this.deathOffsets[kk + 1] - this.deathOffsets[kk];
        const wbar = this.D[kk] / m;
        for (let l = 0; l < m; l++) ll -= wbar * Math.log(S[kk] - (l / m) * E);
      }
    }
    return -ll;
  }

  loss(eta: Float64Array): number {
    return this.riskSums(eta);
  }

  evaluate(eta: Float64Array, r: Float64Array, v: Float64Array): number {
    const loss = this.riskSums(eta);
    const { n, e, S, A, B, C, Cd, Ce, D, w } = this;
    // per death time: A = sum_l wbar / S_l, B = sum_l wbar f_l / S_l, C = sum_l wbar / S_l^2, ... (Breslow: one term)
    const K = S.length;
    for (let k = 0; k < K; k++) {
      if (this.ties === 'breslow') {
        A[k] = D[k] / S[k];
        C[k] = D[k] / (S[k] * S[k]);
        B[k] = 0;
        Cd[k] = 0;
        Ce[k] = 0;
      } else {
        const m = this.deathOffsets[k + 1] - this.deathOffsets[k];
        const wbar = D[k] / m;
        let E = 0;
        for (let d = this.deathOffsets[k]; d < this.deathOffsets[k + 1]; d++) E += e[this.deaths[d]];
        let a = 0;
        let b = 0;
        let c = 0;
        let cd = 0;
        let ce = 0;
        for (let l = 0; l < m; l++) {
          const f = l / m;
          const s = S[k] - f * E;
          a += wbar / s;
          b += (wbar * f) / s;
          c += wbar / (s * s);
          cd += (wbar * f) / (s * s);
          ce += (wbar * f * f) / (s * s);
        }
        A[k] = a;
        B[k] = b;
        C[k] = c;
        Cd[k] = cd;
        Ce[k] = ce;
      }
    }
    // cumulative sums over death times
    const cumAUpTo = this.cumA;
    const cumCUpTo = this.cumC;
    for (let k = 0; k < K; k++) {
      cumAUpTo[k + 1] = cumAUpTo[k] + A[k];
      cumCUpTo[k + 1] = cumCUpTo[k] + C[k];
    }
    for (let i = 0; i < n; i++) {
      const k = this.deathsUpTo[i];
      let a = cumAUpTo[k];
      let c = cumCUpTo[k];
      const dk = this.deathTimeOf[i];
      let dead = 0;
      if (dk >= 0) {
        dead = w[i];
        a -= B[dk];
        c += -2 * Cd[dk] + Ce[dk];
      }
      r[i] = dead - e[i] * a;
      v[i] = e[i] * a - e[i] * e[i] * c;
    }
    return loss;
  }

  nullModel(): { intercept: number; loss: number } {
    return { intercept: 0, loss: this.loss(new Float64Array(this.n)) };
  }
}
