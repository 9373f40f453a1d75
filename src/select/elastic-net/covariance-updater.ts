/**
 * Covariance updates for the elastic net's coordinate descent (Friedman et al. 2010, section 2.2),
 * used inside one quadratic approximation.
 */
import type { KernelMemory } from './kernel-memory.js';

/**
 * Coordinate descent on the active set by covariance updates (glmnet's "covariance" mode applied
 * within one quadratic approximation): the gradient of each active coefficient is kept up to date
 * through the weighted Gram matrix of the active features, so a pass costs (active)^2 instead of
 * (active) x n; the residuals are brought up to date (`flush`) before the next pass over all
 * features.
 */
export class CovarianceUpdater {
  private members: number[] = [];
  private slot: Int32Array;
  private gram = new Float64Array(0);
  private capacity = 0;
  private mean = new Float64Array(0);
  private grad = new Float64Array(0);
  private moved = new Float64Array(0);
  private movedIntercept = 0;
  private rs = 0;
  private pending = false;

  constructor(p: number) {
    this.slot = new Int32Array(p).fill(-1);
  }

  /** Forgets the Gram matrix (the weights changed). */
  reset(): void {
    for (const j of this.members) this.slot[j] = -1;
    this.members = [];
    this.pending = false;
  }

  /** Makes the Gram matrix cover the active set and takes the gradients from the residuals. */
  prepare(active: readonly number[], mem: KernelMemory, n: number): void {
    if (this.pending) {
      // still inside a run of active passes: only new members need gradients (none can appear here)
      return;
    }
    const s = active.length;
    if (s > this.capacity) {
      const cap = Math.max(s, this.capacity * 2, 16);
      const gram = new Float64Array(cap * cap);
      for (let a = 0; a < this.members.length; a++) for (let b = 0; b < this.members.length; b++) gram[a * cap + b] = this.gram[a * this.capacity + b];
      this.gram = gram;
      const mean = new Float64Array(cap);
      mean.set(this.mean.subarray(0, this.members.length));
      this.mean = mean;
      this.grad = new Float64Array(cap);
      this.moved = new Float64Array(cap);
      this.capacity = cap;
    }
    const cap = this.capacity;
    const { k } = mem;
    const stride = 8 * n;
    for (let q = this.members.length; q < s; q++) {
      const j = active[q];
      this.slot[j] = q;
      this.members.push(j);
      const zj = mem.z + j * stride;
      this.mean[q] = k.dot(mem.v, zj, n);
      for (let a = 0; a <= q; a++) {
        const g = k.dot3(mem.v, zj, mem.z + this.members[a] * stride, n);
        this.gram[q * cap + a] = g;
        this.gram[a * cap + q] = g;
      }
    }
    for (let a = 0; a < s; a++) {
      this.grad[a] = k.dot(mem.z + this.members[a] * stride, mem.r, n);
      this.moved[a] = 0;
    }
    this.rs = k.dot(mem.one, mem.r, n);
    this.movedIntercept = 0;
    this.pending = true;
  }

  /** One pass over the active set (then the intercept); returns the largest weighted squared change. */
  pass(beta: Float64Array, xv: Float64Array, vp: Float64Array, l1a: number, l2: number, sv: number, moveIntercept: (d: number) => void): number {
    const s = this.members.length;
    const cap = this.capacity;
    const gram = this.gram;
    const grad = this.grad;
    let dlx = 0;
    for (let a = 0; a < s; a++) {
      const j = this.members[a];
      const bj = beta[j];
      const u = grad[a] + xv[j] * bj;
      const au = Math.abs(u) - vp[j] * l1a;
      const nb = au > 0 ? (u > 0 ? au : -au) / (xv[j] + vp[j] * l2) : 0;
      if (nb === bj) continue;
      const del = nb - bj;
      beta[j] = nb;
      const row = a * cap;
      for (let b = 0; b < s; b++) grad[b] -= del * gram[row + b];
      this.rs -= del * this.mean[a];
      this.moved[a] += del;
      const change = xv[j] * del * del;
      if (change > dlx) dlx = change;
    }
    if (sv > 0) {
      const del = this.rs / sv;
      if (del !== 0) {
        moveIntercept(del);
        for (let b = 0; b < s; b++) grad[b] -= del * this.mean[b];
        this.rs -= del * sv;
        this.movedIntercept += del;
        const change = sv * del * del;
        if (change > dlx) dlx = change;
      }
    }
    return dlx;
  }

  /** Applies the moves made by covariance passes to the residuals. */
  flush(mem: KernelMemory, n: number): void {
    if (!this.pending) return;
    for (let a = 0; a < this.members.length; a++) {
      const del = this.moved[a];
      if (del !== 0) mem.k.axpyWeighted(del, mem.v, mem.z + this.members[a] * 8 * n, mem.r, n);
    }
    if (this.movedIntercept !== 0) mem.k.axpy(this.movedIntercept, mem.v, mem.r, n);
    this.pending = false;
  }
}
