/**
 * The logistic function and its log-partition, shared by the binomial models.
 */

/** log(1 + exp(x)) without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** 1 / (1 + exp(-x)): the probability of a log-odds, exact at both tails. */
export function logistic(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * Logistic regression of a 0/1 outcome on one predictor by Newton-Raphson: logit P(y = 1) = a + b x,
 * or with `offsetOnly` logit P(y = 1) = a + x (x as an offset, b fixed at 1). Iterates until the
 * steps are below 1e-14 relative (exact to rounding; glm stops earlier), at most 100 times, and
 * returns the estimates with the residual deviance.
 */
export function logisticFit1(x: ArrayLike<number>, y: ArrayLike<number>, options: { offsetOnly?: boolean; start?: number } = {}): { intercept: number; slope: number; deviance: number } {
  const n = x.length;
  const offsetOnly = options.offsetOnly === true;
  let a = options.start ?? 0;
  let b = offsetOnly ? 1 : 0;
  for (let iter = 0; iter < 100; iter++) {
    let g0 = 0;
    let g1 = 0;
    let h00 = 0;
    let h01 = 0;
    let h11 = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      const q = logistic(a + b * xi);
      const w = q * (1 - q);
      const r = y[i] - q;
      g0 += r;
      g1 += r * xi;
      h00 += w;
      h01 += w * xi;
      h11 += w * xi * xi;
    }
    let da: number;
    let db = 0;
    if (offsetOnly) da = g0 / h00;
    else {
      const det = h00 * h11 - h01 * h01;
      da = (h11 * g0 - h01 * g1) / det;
      db = (h00 * g1 - h01 * g0) / det;
    }
    a += da;
    b += db;
    if (Math.abs(da) < 1e-14 * (1 + Math.abs(a)) && Math.abs(db) < 1e-14 * (1 + Math.abs(b))) break;
  }
  let deviance = 0;
  for (let i = 0; i < n; i++) {
    const eta = a + b * x[i];
    deviance += 2 * (softplus(eta) - y[i] * eta);
  }
  return { intercept: a, slope: b, deviance };
}
