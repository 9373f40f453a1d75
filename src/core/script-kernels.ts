/**
 * The kernels' interface, and the same kernels as plain JavaScript loops over a buffer: used where
 * WebAssembly SIMD is missing, for arenas beyond WebAssembly's memory, and as the exact reference
 * the SIMD kernels are tested against.
 */

/** The kernels of one memory; every address is a byte offset into it. */
export interface Kernels {
  /** Whether these are the WebAssembly SIMD kernels (else plain JavaScript loops). */
  readonly simd: boolean;
  /** sum a[i] b[i], i < n. */
  dot(a: number, b: number, n: number): number;
  /** y[i] -= alpha x[i], i < n. */
  axpy(alpha: number, x: number, y: number, n: number): void;
  /** sum v[i] (z[i] z[i]). */
  weighted(v: number, z: number, n: number): number;
  /** y[i] -= (alpha v[i]) x[i], i < n. */
  axpyWeighted(alpha: number, v: number, x: number, y: number, n: number): void;
  /** sum v[i] a[i] b[i]. */
  dot3(v: number, a: number, b: number, n: number): number;
  /**
   * One coordinate-descent update: u = z'r + xv b; returns sign(u) max(|u| - threshold, 0) /
   * denominator, after r -= ((that - b) v) z when it differs from b.
   */
  coordinate(z: number, v: number, r: number, n: number, b: number, xv: number, threshold: number, denominator: number): number;
  /** out[j] = |z_j'r| for the p columns of z (n rows each) whose byte skip[j] is 0. */
  gradients(z: number, r: number, n: number, p: number, skip: number, out: number): void;
  /**
   * The same from z32, a float32 copy of z, in single precision (r rounded into the float32
   * scratch r32): |out[j] - |z_j'r|| <= (ceil(n / 4) + 8) 2^-24 ||z_j|| ||r|| (the plain-loop
   * kernels compute exactly, from z).
   */
  gradients32(z32: number, z: number, r: number, r32: number, n: number, p: number, skip: number, out: number): void;
  /**
   * A coordinate-descent pass over the features list[0 .. count) (i32 array), each by
   * {@link Kernels.coordinate} with threshold vp_j l1a and denominator xv_j + vp_j l2 (beta, xv,
   * vp: f64 arrays); a feature nonzero for the first time gets ever[j] = 1 (byte array) and is
   * appended to added[1 ..], with their number in added[0] (i32 array). Returns the largest
   * xv_j (change)^2.
   */
  pass(list: number, count: number, z: number, v: number, r: number, n: number, beta: number, xv: number, vp: number, ever: number, added: number, l1a: number, l2: number): number;
}

/** The same kernels as plain loops over a buffer (where WebAssembly SIMD is missing). */
export function scriptKernels(buffer: ArrayBuffer): Kernels {
  const f = new Float64Array(buffer);
  return {
    simd: false,
    dot(a, b, n) {
      const ia = a / 8;
      const ib = b / 8;
      let s = 0;
      for (let i = 0; i < n; i++) s += f[ia + i] * f[ib + i];
      return s;
    },
    axpy(alpha, x, y, n) {
      const ix = x / 8;
      const iy = y / 8;
      for (let i = 0; i < n; i++) f[iy + i] -= alpha * f[ix + i];
    },
    weighted(v, z, n) {
      const iv = v / 8;
      const iz = z / 8;
      let s = 0;
      for (let i = 0; i < n; i++) s += f[iv + i] * (f[iz + i] * f[iz + i]);
      return s;
    },
    axpyWeighted(alpha, v, x, y, n) {
      const iv = v / 8;
      const ix = x / 8;
      const iy = y / 8;
      for (let i = 0; i < n; i++) f[iy + i] -= alpha * f[iv + i] * f[ix + i];
    },
    dot3(v, a, b, n) {
      const iv = v / 8;
      const ia = a / 8;
      const ib = b / 8;
      let s = 0;
      for (let i = 0; i < n; i++) s += f[iv + i] * f[ia + i] * f[ib + i];
      return s;
    },
    coordinate(z, v, r, n, b, xv, threshold, denominator) {
      const u = this.dot(z, r, n) + xv * b;
      const au = Math.abs(u) - threshold;
      const nb = au > 0 ? (u > 0 ? au : -au) / denominator : 0;
      if (nb !== b) this.axpyWeighted(nb - b, v, z, r, n);
      return nb;
    },
    gradients(z, r, n, p, skip, out) {
      const bytes = new Uint8Array(buffer);
      for (let j = 0; j < p; j++) if (bytes[skip + j] === 0) f[out / 8 + j] = Math.abs(this.dot(z + j * 8 * n, r, n));
    },
    gradients32(_z32, z, r, _r32, n, p, skip, out) {
      // (exact: the float32 copy is only a faster way to the same decisions)
      this.gradients(z, r, n, p, skip, out);
    },
    pass(list, count, z, v, r, n, beta, xv, vp, ever, added, l1a, l2) {
      const ints = new Int32Array(buffer);
      const bytes = new Uint8Array(buffer);
      let dlx = 0;
      let nAdded = 0;
      for (let q = 0; q < count; q++) {
        const j = ints[list / 4 + q];
        const bj = f[beta / 8 + j];
        const xvj = f[xv / 8 + j];
        const vpj = f[vp / 8 + j];
        const nb = this.coordinate(z + j * 8 * n, v, r, n, bj, xvj, vpj * l1a, xvj + vpj * l2);
        if (nb === bj) continue;
        f[beta / 8 + j] = nb;
        const del = nb - bj;
        const change = xvj * del * del;
        if (change > dlx) dlx = change;
        if (bytes[ever + j] === 0) {
          bytes[ever + j] = 1;
          ints[added / 4 + ++nAdded] = j;
        }
      }
      ints[added / 4] = nAdded;
      return dlx;
    },
  };
}
