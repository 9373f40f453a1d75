/**
 * Distribution functions for tests and intervals: gamma and beta functions, chi-square, F and t
 * distributions and their quantiles, to near double precision.
 */
import { pnorm, qnorm } from './normal.js';

const EPS = 2.220446049250313e-16;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Gamma(x) for x > 0 (Lanczos, g = 7; relative error about 1e-15). */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** log Beta(a, b). */
export function lbeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/**
 * Regularized lower incomplete gamma P(a, x) (or the upper Q(a, x) with `upper`), by the series
 * for x < a + 1 and Lentz's continued fraction otherwise, so that neither tail loses precision.
 */
export function gammaP(a: number, x: number, upper = false): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0) return NaN;
  if (x <= 0) return upper ? 1 : 0;
  if (x === Infinity) return upper ? 0 : 1;
  const logPrefix = a * Math.log(x) - x - lgamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    const p = sum * Math.exp(logPrefix);
    return upper ? 1 - p : p;
  }
  // continued fraction for Q (Lentz)
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  const q = Math.exp(logPrefix) * h;
  return upper ? q : 1 - q;
}

/**
 * Regularized incomplete beta I_x(a, b) (or 1 - I_x(a, b) with `upper`), by its continued
 * fraction on the side where it converges fast; `y = 1 - x` may be passed when it is known more
 * precisely than `1 - x` can be computed.
 */
export function betaI(x: number, a: number, b: number, upper = false, y = 1 - x): number {
  if (Number.isNaN(x) || Number.isNaN(a) || Number.isNaN(b) || a <= 0 || b <= 0) return NaN;
  if (x <= 0) return upper ? 1 : 0;
  if (y <= 0) return upper ? 0 : 1;
  const logFront = a * Math.log(x) + b * (y < 0.5 ? Math.log(y) : Math.log1p(-x)) - lbeta(a, b);
  if (x < (a + 1) / (a + b + 2)) {
    const v = (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
    return upper ? 1 - v : v;
  }
  const v = (Math.exp(logFront) * betaContinuedFraction(y, b, a)) / b;
  return upper ? v : 1 - v;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** Chi-square distribution function (upper tail with `upper`). */
export function pchisq(x: number, df: number, upper = false): number {
  return gammaP(df / 2, x / 2, upper);
}

/** F distribution function P(F <= f) (upper tail with `upper`). */
export function pf(f: number, df1: number, df2: number, upper = false): number {
  if (Number.isNaN(f)) return NaN;
  if (f <= 0) return upper ? 1 : 0;
  if (f === Infinity) return upper ? 0 : 1;
  if (df2 === Infinity) return pchisq(f * df1, df1, upper);
  const denominator = df1 * f + df2;
  return betaI((df1 * f) / denominator, df1 / 2, df2 / 2, upper, df2 / denominator);
}

/** Student t distribution function (upper tail with `upper`). */
export function pt(t: number, df: number, upper = false): number {
  if (Number.isNaN(t)) return NaN;
  if (df === Infinity) return pnorm(t, upper);
  const tail = 0.5 * betaI(df / (df + t * t), df / 2, 0.5, false, (t * t) / (df + t * t));
  const lowerTail = t > 0 ? 1 - tail : tail;
  return upper ? (t > 0 ? tail : 1 - tail) : lowerTail;
}

/**
 * Solves cdf(x) = p for an increasing cdf on (lo, hi) by bracketing and bisection on the
 * distribution scale, refined to full double precision. `cdf` returns the lower tail, or the
 * upper tail when `upper` (then it is decreasing and compared with p directly, keeping precision
 * for small upper-tail probabilities).
 */
function invert(cdf: (x: number) => number, p: number, start: number, upper: boolean): number {
  const above = (x: number) => (upper ? cdf(x) < p : cdf(x) > p);
  let lo = 0;
  let hi = Math.max(start, 1e-8);
  while (!above(hi)) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return Infinity;
  }
  if (lo === 0) {
    lo = hi;
    while (above(lo) && lo > 1e-300) {
      hi = lo;
      lo /= 2;
    }
    if (lo <= 1e-300) return 0;
  }
  for (let i = 0; i < 2000; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (above(mid)) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

/** Chi-square quantile. */
export function qchisq(p: number, df: number, upper = false): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  const pl = upper ? 1 - p : p;
  if (pl === 0) return 0;
  if (pl === 1) return Infinity;
  // Wilson-Hilferty start
  const z = qnorm(pl);
  const h = 2 / (9 * df);
  const start = Math.max(1e-3, df * Math.pow(1 - h + z * Math.sqrt(h), 3));
  return invert((x) => pchisq(x, df, upper), p, start, upper);
}

/** F quantile, as R's `qf`. */
export function qf(p: number, df1: number, df2: number, upper = false): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  const pl = upper ? 1 - p : p;
  if (pl === 0) return 0;
  if (pl === 1) return Infinity;
  return invert((x) => pf(x, df1, df2, upper), p, 1, upper);
}

/** Student t quantile. */
export function qt(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0.5) return 0;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // P(|T| > t) = 2 min(p, 1 - p), and T^2 ~ F(1, df)
  const t = Math.sqrt(qf(2 * Math.min(p, 1 - p), 1, df, true));
  return p < 0.5 ? -t : t;
}
