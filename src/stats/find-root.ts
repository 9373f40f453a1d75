/**
 * A root of a continuous function on a bracketing interval.
 */

/**
 * Finds x in [a, b] with f(x) = 0, where f(a) and f(b) have opposite signs, by the Illinois
 * variant of regula falsi with a bisection step whenever it stalls; stops when the bracket is
 * narrower than `tol` (relative to |x|, absolute near zero) or f is exactly zero.
 */
export function findRoot(f: (x: number) => number, a: number, b: number, tol = 1e-12, maxIter = 200): number {
  let fa = f(a);
  let fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (fa * fb > 0 || !Number.isFinite(fa) || !Number.isFinite(fb)) return NaN;
  for (let iter = 0; iter < maxIter; iter++) {
    // Illinois step; every fourth step bisects so that a slow side cannot stall the bracket
    let c = iter % 4 === 3 ? 0.5 * (a + b) : (a * fb - b * fa) / (fb - fa);
    if (!(c > Math.min(a, b) && c < Math.max(a, b))) c = 0.5 * (a + b);
    const fc = f(c);
    if (fc === 0) return c;
    if (!Number.isFinite(fc)) return NaN;
    if (fc * fb < 0) {
      a = b;
      fa = fb;
    } else {
      fa /= 2;
    }
    b = c;
    fb = fc;
    if (Math.abs(b - a) <= tol * Math.max(1, Math.abs(b))) return b;
  }
  return b;
}
