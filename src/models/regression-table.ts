/**
 * The coefficient table every regression model reports, with R's columns.
 */
import { quadraticForm } from '../core/linalg.js';
import type { Matrix64 } from '../core/matrix.js';
import { pnorm, qnorm } from '../stats/normal.js';

/**
 * One row of a coefficient table, the same for logistic and Cox models: the estimate on the
 * coefficient scale (log odds or log hazard ratio) with its standard error, z, p and interval, and
 * the odds or hazard ratio `exp(estimate)` with its interval.
 */
export interface CoefficientRow {
  term: string;
  estimate: number;
  se: number;
  z: number;
  p: number;
  lower: number;
  upper: number;
  /** exp(estimate): the odds ratio (logistic) or hazard ratio (Cox). */
  ratio: number;
  ratioLower: number;
  ratioUpper: number;
}

/** Wald z tests and intervals for estimates with the given covariance matrix (column-major, m x m). */
export function waldTable(terms: readonly string[], estimate: ArrayLike<number>, covariance: Float64Array, level: number): CoefficientRow[] {
  const m = terms.length;
  const q = qnorm(1 - (1 - level) / 2);
  return terms.map((term, j) => {
    const se = Math.sqrt(covariance[j + j * m]);
    const z = estimate[j] / se;
    return withRatios({ term, estimate: estimate[j], se, z, p: 2 * pnorm(-Math.abs(z)), lower: estimate[j] - q * se, upper: estimate[j] + q * se });
  });
}

/** Adds the ratio columns (exp of the estimate and interval) to a row. */
export function withRatios(row: Omit<CoefficientRow, 'ratio' | 'ratioLower' | 'ratioUpper'>): CoefficientRow {
  return { ...row, ratio: Math.exp(row.estimate), ratioLower: Math.exp(row.lower), ratioUpper: Math.exp(row.upper) };
}

/**
 * Names the columns R's QR (tolerance 1e-7, in column order) leaves out as aliased: glm and coxph
 * keep the earlier of two collinear columns and report NA for the later one.
 */
export function aliasedText(names: readonly string[], r: 'glm' | 'coxph'): string {
  const shown = names.slice(0, 5).map((n) => JSON.stringify(n)).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
  return `${names.length === 1 ? 'feature' : `${names.length} features`} ${shown} ${names.length === 1 ? 'is' : 'are'} constant or a linear combination of the columns before (${r} would report NA for ${names.length === 1 ? 'it' : 'them'})`;
}

/**
 * The standard error of each row's linear predictor, sqrt(x' V x), for the covariance V
 * (column-major, m x m) of the coefficients; with `intercept`, x has a leading 1 (V's first
 * coefficient is the intercept). Rows hold the values the coefficients multiply (for a Cox model,
 * centred at the means).
 */
export function linearPredictorSe(X: Matrix64, covariance: ArrayLike<number>, intercept: boolean): Float64Array {
  const n = X.rows;
  const p = X.cols;
  const m = p + (intercept ? 1 : 0);
  const out = new Float64Array(n);
  const x = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    if (intercept) x[0] = 1;
    for (let j = 0; j < p; j++) x[j + (intercept ? 1 : 0)] = X.data[i + j * n];
    out[i] = Math.sqrt(Math.max(0, quadraticForm(x, covariance, m)));
  }
  return out;
}
