/**
 * Small dense linear algebra for normal equations and design checks (matrices of a few dozen columns).
 */
import { Matrix64 } from './matrix.js';

/**
 * In-place Cholesky factorization of a symmetric positive definite m x m matrix (column-major;
 * the lower triangle is read and overwritten with L). Returns false when the matrix is not
 * numerically positive definite.
 */
export function choleskyInPlace(a: Float64Array, m: number): boolean {
  for (let j = 0; j < m; j++) {
    let d = a[j + j * m];
    for (let k = 0; k < j; k++) d -= a[j + k * m] * a[j + k * m];
    if (!(d > 0)) return false;
    const l = Math.sqrt(d);
    a[j + j * m] = l;
    for (let i = j + 1; i < m; i++) {
      let s = a[i + j * m];
      for (let k = 0; k < j; k++) s -= a[i + k * m] * a[j + k * m];
      a[i + j * m] = s / l;
    }
  }
  return true;
}

/** Solves L L' x = b in place in `b`, given the factor from {@link choleskyInPlace}. */
export function choleskySolveInPlace(l: Float64Array, m: number, b: Float64Array): void {
  for (let i = 0; i < m; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i + k * m] * b[k];
    b[i] = s / l[i + i * m];
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < m; k++) s -= l[k + i * m] * b[k];
    b[i] = s / l[i + i * m];
  }
}

/** X'X of an n x m matrix, as an m x m column-major array. */
export function crossprod(x: Matrix64): Float64Array {
  const { rows: n, cols: m, data } = x;
  const out = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += data[i + a * n] * data[i + b * n];
      out[a + b * m] = s;
      out[b + a * m] = s;
    }
  }
  return out;
}

/**
 * Numerical rank of a matrix by Householder QR with the column-norm tolerance of R's default
 * `qr()` (LINPACK dqrdc2, `tol = 1e-7`): a column whose remaining norm falls below `tol` times its
 * original norm is linearly dependent on the columns before it.
 */
export function qrRank(x: Matrix64, tol = 1e-7): number {
  return x.cols - qrAliased(x, tol).length;
}

/**
 * The columns a Householder QR in column order leaves out as linearly dependent on the columns
 * before them (as LINPACK's dqrdc2 in R's lm and glm, which report them as NA: "aliased"): a column
 * whose norm, after removing its projection on the kept earlier columns, is below `tol` times its
 * original norm (or that is zero). Indices in increasing order.
 */
export function qrAliased(x: Matrix64, tol = 1e-7): number[] {
  const n = x.rows;
  const m = x.cols;
  const a = x.data.slice();
  const original = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[i + j * n] * a[i + j * n];
    original[j] = Math.sqrt(s);
  }
  const aliased: number[] = [];
  let rank = 0;
  for (let j = 0; j < m; j++) {
    if (rank >= n) {
      aliased.push(j);
      continue;
    }
    // norm of column j below row `rank`
    let s = 0;
    for (let i = rank; i < n; i++) s += a[i + j * n] * a[i + j * n];
    const norm = Math.sqrt(s);
    if (original[j] === 0 || norm < tol * original[j]) {
      aliased.push(j);
      continue;
    }
    // Householder reflection zeroing column j below row `rank`
    const alpha = a[rank + j * n] > 0 ? -norm : norm;
    const v = new Float64Array(n - rank);
    for (let i = rank; i < n; i++) v[i - rank] = a[i + j * n];
    v[0] -= alpha;
    let vv = 0;
    for (let i = 0; i < v.length; i++) vv += v[i] * v[i];
    if (vv > 0) {
      for (let c = j; c < m; c++) {
        let dot = 0;
        for (let i = rank; i < n; i++) dot += v[i - rank] * a[i + c * n];
        const f = (2 * dot) / vv;
        for (let i = rank; i < n; i++) a[i + c * n] -= f * v[i - rank];
      }
    }
    rank++;
  }
  return aliased;
}

/** Dot product of a[ao .. ao + n) and b[bo .. bo + n), with two accumulators. */
export function dotAt(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    s0 += a[ao + i] * b[bo + i];
    s1 += a[ao + i + 1] * b[bo + i + 1];
  }
  if (i < n) s0 += a[ao + i] * b[bo + i];
  return s0 + s1;
}

/** The quadratic form x' A x of an m-vector and an m x m matrix (column-major). */
export function quadraticForm(x: ArrayLike<number>, a: ArrayLike<number>, m: number): number {
  let q = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) q += x[i] * a[i + j * m] * x[j];
  return q;
}

/** Inverse of a symmetric positive definite m x m matrix (column-major), or null when it is not numerically positive definite. */
export function symmetricInverse(a: Float64Array, m: number): Float64Array | null {
  const l = a.slice();
  if (!choleskyInPlace(l, m)) return null;
  const out = new Float64Array(m * m);
  const e = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    e.fill(0);
    e[j] = 1;
    choleskySolveInPlace(l, m, e);
    for (let i = 0; i < m; i++) out[i + j * m] = e[i];
  }
  return out;
}

/** Columns whose largest magnitude lies outside [2^-100, 2^100] are rescaled for fitting. */
const SAFE_EXPONENT = 100;

/**
 * Power-of-two exponents k_j that bring each column whose largest magnitude lies outside
 * [2^-100, 2^100] near 1 (0 for the other columns), or null when every column is inside, so that
 * ordinary data are never touched. Multiplying a column by 2^k is exact, and so is every product
 * and sum built from it: a fit on the scaled columns is the fit on the original ones with
 * coefficient j multiplied by 2^k_j, but no square overflows or underflows (R's glm and coxph fit
 * such columns too).
 */
export function extremeColumnExponents(X: Matrix64, firstColumn = 0): Int32Array | null {
  let any = false;
  const k = new Int32Array(X.cols);
  for (let j = firstColumn; j < X.cols; j++) {
    const col = X.column(j);
    let max = 0;
    for (let i = 0; i < col.length; i++) max = Math.max(max, Math.abs(col[i]));
    if (max === 0 || !Number.isFinite(max)) continue;
    const e = Math.round(Math.log2(max));
    if (Math.abs(e) > SAFE_EXPONENT) {
      k[j] = -e;
      any = true;
    }
  }
  return any ? k : null;
}

/** x times 2^k, exactly unless the result overflows or underflows (2^k itself need not be a double). */
export function timesPowerOfTwo(x: number, k: number): number {
  // steps of at most 2^1000, each moving toward the result: no intermediate overflows before it does
  for (; k > 1000; k -= 1000) x *= 2 ** 1000;
  for (; k < -1000; k += 1000) x *= 2 ** -1000;
  return x * 2 ** k;
}

/** Multiplies column j of X by 2^k[j], in place. */
export function scaleColumnsByPowersOfTwo(X: Matrix64, k: Int32Array): void {
  for (let j = 0; j < X.cols; j++) {
    if (k[j] === 0) continue;
    const col = X.column(j);
    for (let i = 0; i < col.length; i++) col[i] = timesPowerOfTwo(col[i], k[j]);
  }
}

/**
 * Coefficients and their covariance (m x m, column-major) of a fit on columns scaled by 2^k, back
 * on the original scale (in place): coefficient j times 2^k_j, covariance (a, b) times 2^(k_a + k_b).
 * @returns the index of the first coefficient that, or whose variance, is no longer a finite
 *   positive double (R's glm and coxph then report a standard error of 0), or -1.
 */
export function unscaleCoefficients(beta: Float64Array, covariance: Float64Array, k: Int32Array): number {
  const m = beta.length;
  let bad = -1;
  for (let a = 0; a < m; a++) {
    const variance = covariance[a + a * m];
    beta[a] = timesPowerOfTwo(beta[a], k[a]);
    for (let b = 0; b < m; b++) covariance[a + b * m] = timesPowerOfTwo(covariance[a + b * m], k[a] + k[b]);
    const lost = !Number.isFinite(beta[a]) || (variance > 0 && !(covariance[a + a * m] > 0 && covariance[a + a * m] < Infinity));
    if (lost && bad < 0) bad = a;
  }
  return bad;
}
