/**
 * Inference for Firth's logistic regression as logistf reports it: profile penalized-likelihood
 * confidence intervals and likelihood-ratio p values for each coefficient.
 */
import { Matrix64 } from '../core/matrix.js';
import { pchisq, qchisq } from '../stats/distributions.js';
import { findRoot } from '../stats/find-root.js';
import { fitFirth } from './logistic-likelihood.js';

/** Penalized likelihood-ratio test and profile interval of one Firth coefficient. */
export interface FirthProfileRow {
  /** 2 (l*(b) - l*(b with b_j = 0)). */
  chisq: number;
  p: number;
  /** Profile penalized-likelihood interval (may be infinite on a side the profile never crosses). */
  lower: number;
  upper: number;
}

/**
 * logistf's default inference for Firth's model: for every coefficient the penalized
 * likelihood-ratio test of b_j = 0 and the profile penalized-likelihood interval (where
 * 2 (l*(b) - max l* given b_j) equals the chi-square quantile), each restricted fit keeping the
 * full design's penalty; and the penalized log-likelihood of the intercept-only restriction.
 */
export function firthInference(D: Matrix64, y: ArrayLike<number>, beta: Float64Array, objective: number, covariance: Float64Array, level: number, maxIter: number, tol: number): { rows: FirthProfileRow[]; nullObjective: number } {
  const m = D.cols;
  const q = qchisq(level, 1);
  const restricted = (j: number, value: number): number => {
    const start = beta.slice();
    start[j] = value;
    const fixed = new Uint8Array(m);
    fixed[j] = 1;
    const r = fitFirth(D, y, maxIter, tol, start, fixed);
    return r === null ? -Infinity : r.objective;
  };
  const rows = Array.from({ length: m }, (_, j) => {
    const chisq = Math.max(0, 2 * (objective - restricted(j, 0)));
    const se = Math.sqrt(covariance[j + j * m]);
    const f = (v: number) => 2 * (objective - restricted(j, v)) - q;
    const bound = (direction: -1 | 1): number => {
      let inner = beta[j];
      let outer = beta[j] + direction * 2 * se;
      for (let k = 0; f(outer) < 0; k++) {
        if (k >= 60) return direction * Infinity;
        inner = outer;
        outer += direction * se * (1 + k);
      }
      return findRoot(f, inner, outer, 1e-11);
    };
    return { chisq, p: pchisq(chisq, 1, true), lower: bound(-1), upper: bound(1) };
  });
  const fixed = new Uint8Array(m).fill(1);
  fixed[0] = 0;
  const start = new Float64Array(m);
  start[0] = beta[0];
  const nullFit = fitFirth(D, y, maxIter, tol, start, fixed);
  return { rows, nullObjective: nullFit === null ? -Infinity : nullFit.objective };
}
