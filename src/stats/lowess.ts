/**
 * Cleveland's LOWESS scatterplot smoother (1979, doi:10.1080/01621459.1979.10481038), with the
 * defaults and numerical details of R's `lowess()`.
 */

/** Options of {@link lowess}, R's arguments. */
export interface LowessOptions {
  /** Smoother span: the share of points in each local fit. @defaultValue 2/3 */
  f: number;
  /** Robustifying iterations. @defaultValue 3 */
  iter: number;
  /** Points closer than delta to the last fitted point are interpolated. @defaultValue 1% of the range of x */
  delta?: number;
}

/**
 * Smooths y against x: local linear fits with tricube weights over the nearest f * n points,
 * then `iter` robustness iterations with bisquare weights, as R's `lowess(x, y, f, iter, delta)`.
 * Returns the sorted x and the fitted values (ties in x get the same fit).
 */
export function lowess(x: ArrayLike<number>, y: ArrayLike<number>, options: Partial<LowessOptions> = {}): { x: Float64Array; y: Float64Array } {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b] || a - b);
  // 1-based working arrays, as the algorithm is stated
  const xs = new Float64Array(n + 1);
  const ys = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) {
    xs[k + 1] = x[order[k]];
    ys[k + 1] = y[order[k]];
  }
  const f = options.f ?? 2 / 3;
  const iter = options.iter ?? 3;
  const delta = options.delta ?? 0.01 * (xs[n] - xs[1]);
  const fit = new Float64Array(n + 1);
  const out = { x: xs.slice(1), y: new Float64Array(n) };
  if (n < 2) {
    out.y.set(ys.subarray(1));
    return out;
  }
  const ns = Math.max(Math.min(Math.trunc(f * n + 1e-7), n), 2);
  const w = new Float64Array(n + 1);
  const rw = new Float64Array(n + 1);
  const res = new Float64Array(n + 1);
  for (let it = 1; it <= iter + 1; it++) {
    let nleft = 1;
    let nright = ns;
    let last = 0;
    let i = 1;
    for (;;) {
      if (nright < n) {
        const d1 = xs[i] - xs[nleft];
        const d2 = xs[nright + 1] - xs[i];
        if (d1 > d2) {
          nleft++;
          nright++;
          continue;
        }
      }
      const value = localFit(xs, ys, n, xs[i], nleft, nright, w, it > 1, rw);
      fit[i] = value === null ? ys[i] : value;
      if (last < i - 1) {
        const denom = xs[i] - xs[last];
        for (let j = last + 1; j < i; j++) {
          const alpha = (xs[j] - xs[last]) / denom;
          fit[j] = alpha * fit[i] + (1 - alpha) * fit[last];
        }
      }
      last = i;
      const cut = xs[last] + delta;
      for (i = last + 1; i <= n; i++) {
        if (xs[i] > cut) break;
        if (xs[i] === xs[last]) {
          fit[i] = fit[last];
          last = i;
        }
      }
      i = Math.max(last + 1, i - 1);
      if (last >= n) break;
    }
    if (it > iter) break;
    // robustness weights from the residuals
    for (let k = 1; k <= n; k++) res[k] = ys[k] - fit[k];
    const abs = Array.from(res.subarray(1), Math.abs).sort((a, b) => a - b);
    const m1 = Math.floor(n / 2);
    const cmad = n % 2 === 0 ? 3 * (abs[m1 - 1] + abs[m1]) : 6 * abs[m1];
    let sumRes = 0;
    for (let k = 1; k <= n; k++) sumRes += Math.abs(res[k]);
    if (cmad < 1e-7 * (sumRes / n)) break;
    const c9 = 0.999 * cmad;
    const c1 = 0.001 * cmad;
    for (let k = 1; k <= n; k++) {
      const r = Math.abs(res[k]);
      rw[k] = r <= c1 ? 1 : r > c9 ? 0 : (1 - (r / cmad) ** 2) ** 2;
    }
  }
  out.y.set(fit.subarray(1));
  return out;
}

/** The weighted local linear fit at xv over points nleft..nright (null when all weights vanish). */
function localFit(x: Float64Array, y: Float64Array, n: number, xv: number, nleft: number, nright: number, w: Float64Array, robust: boolean, rw: Float64Array): number | null {
  const range = x[n] - x[1];
  const h = Math.max(xv - x[nleft], x[nright] - xv);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  let a = 0;
  let j = nleft;
  while (j <= n) {
    w[j] = 0;
    const r = Math.abs(x[j] - xv);
    if (r <= h9) {
      w[j] = r <= h1 ? 1 : (1 - (r / h) ** 3) ** 3;
      if (robust) w[j] *= rw[j];
      a += w[j];
    } else if (x[j] > xv) break;
    j++;
  }
  const nrt = j - 1;
  if (a <= 0) return null;
  for (j = nleft; j <= nrt; j++) w[j] /= a;
  if (h > 0) {
    a = 0;
    for (j = nleft; j <= nrt; j++) a += w[j] * x[j];
    let b = xv - a;
    let c = 0;
    for (j = nleft; j <= nrt; j++) c += w[j] * (x[j] - a) * (x[j] - a);
    if (Math.sqrt(c) > 0.001 * range) {
      b /= c;
      for (j = nleft; j <= nrt; j++) w[j] *= b * (x[j] - a) + 1;
    }
  }
  let ys = 0;
  for (j = nleft; j <= nrt; j++) ys += w[j] * y[j];
  return ys;
}
