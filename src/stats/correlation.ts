/**
 * Correlations between columns, computed on standardized columns in blocks (dot products of
 * contiguous columns, several at a time), for thousands of features.
 */
import { dotAt } from '../core/linalg.js';
import { Matrix64 } from '../core/matrix.js';
import { averageRanks } from './ranks.js';

/**
 * Columns centred and scaled to unit Euclidean norm, so that the Pearson correlation of two
 * columns is their dot product. Constant columns become all zero (correlation 0 with anything).
 * With `ranks`, each column is replaced by its average ranks first (Spearman).
 */
export function unitColumns(X: Matrix64, ranks = false): Matrix64 {
  const n = X.rows;
  const Z = new Matrix64(n, X.cols);
  for (let j = 0; j < X.cols; j++) {
    const src = ranks ? averageRanks(X.column(j)).ranks : X.column(j);
    const dst = Z.column(j);
    let mean = 0;
    for (let i = 0; i < n; i++) mean += src[i];
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = src[i] - mean;
      dst[i] = d;
      ss += d * d;
    }
    const scale = ss > 0 ? 1 / Math.sqrt(ss) : 0;
    for (let i = 0; i < n; i++) dst[i] *= scale;
  }
  return Z;
}

/** Dot product of columns a and b of Z. */
export function columnDot(Z: Matrix64, a: number, b: number): number {
  return dotAt(Z.data, a * Z.rows, Z.data, b * Z.rows, Z.rows);
}

/** Eight products' room for {@link columnDot4}. */
const PAIR = new Float64Array(8);

/**
 * Dot products of column `a` with four columns at once (reads column a once): out[k] = Z_a . Z_bk,
 * each summed in index order.
 */
export function columnDot4(Z: Matrix64, a: number, b0: number, b1: number, b2: number, b3: number, out: Float64Array): void {
  columnDot2x4(Z, a, a, b0, b1, b2, b3, PAIR);
  out.set(PAIR.subarray(0, 4));
}

/**
 * Dot products of columns `a0` and `a1` with four columns each (out[q] = Z_a0 . Z_bq, out[4 + q] =
 * Z_a1 . Z_bq), each summed in index order: six column reads for eight products.
 */
export function columnDot2x4(Z: Matrix64, a0: number, a1: number, b0: number, b1: number, b2: number, b3: number, out: Float64Array): void {
  const n = Z.rows;
  const d = Z.data;
  const p0 = a0 * n;
  const p1 = a1 * n;
  const o0 = b0 * n;
  const o1 = b1 * n;
  const o2 = b2 * n;
  const o3 = b3 * n;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  let t3 = 0;
  for (let i = 0; i < n; i++) {
    const x = d[p0 + i];
    const w = d[p1 + i];
    const y0 = d[o0 + i];
    const y1 = d[o1 + i];
    const y2 = d[o2 + i];
    const y3 = d[o3 + i];
    s0 += x * y0;
    s1 += x * y1;
    s2 += x * y2;
    s3 += x * y3;
    t0 += w * y0;
    t1 += w * y1;
    t2 += w * y2;
    t3 += w * y3;
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
  out[4] = t0;
  out[5] = t1;
  out[6] = t2;
  out[7] = t3;
}

/** Pearson (or Spearman, with `ranks`) correlation matrix of the columns of X (p x p, column-major). */
export function correlationMatrix(X: Matrix64, ranks = false): Matrix64 {
  const Z = unitColumns(X, ranks);
  const p = X.cols;
  const out = new Matrix64(p, p);
  const buffer = new Float64Array(4);
  for (let a = 0; a < p; a++) {
    out.data[a + a * p] = columnDot(Z, a, a) > 0 ? 1 : 0;
    let b = a + 1;
    for (; b + 3 < p; b += 4) {
      columnDot4(Z, a, b, b + 1, b + 2, b + 3, buffer);
      for (let k = 0; k < 4; k++) {
        out.data[a + (b + k) * p] = buffer[k];
        out.data[b + k + a * p] = buffer[k];
      }
    }
    for (; b < p; b++) {
      const r = columnDot(Z, a, b);
      out.data[a + b * p] = r;
      out.data[b + a * p] = r;
    }
  }
  return out;
}
