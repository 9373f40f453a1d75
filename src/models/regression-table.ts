/**
 * The coefficient table every regression model reports, with R's columns.
 */
import { pnorm, qnorm } from '../stats/normal.js';

/** One row of a coefficient table. */
export interface CoefficientRow {
  term: string;
  estimate: number;
  se: number;
  z: number;
  p: number;
  lower: number;
  upper: number;
}

/** Wald z tests and intervals for estimates with the given covariance matrix (column-major, m x m). */
export function waldTable(terms: readonly string[], estimate: ArrayLike<number>, covariance: Float64Array, level: number): CoefficientRow[] {
  const m = terms.length;
  const q = qnorm(1 - (1 - level) / 2);
  return terms.map((term, j) => {
    const se = Math.sqrt(covariance[j + j * m]);
    const z = estimate[j] / se;
    return { term, estimate: estimate[j], se, z, p: 2 * pnorm(-Math.abs(z)), lower: estimate[j] - q * se, upper: estimate[j] + q * se };
  });
}
