/**
 * Quantiles and quantile groups as R computes them.
 */

/** R's default (type 7) quantile of values sorted increasingly. */
export function quantile7(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Groups cut at the unique type-7 quantiles 0, 1/g, ..., 1 of the values, the lowest group closed
 * on the left, as `cut(x, unique(quantile(x, seq(0, 1, 1/g))), include.lowest = TRUE)`.
 * Returns the zero-based group of each value and the number of groups.
 */
export function quantileGroups(values: ArrayLike<number>, g: number): { group: Int32Array; count: number } {
  const sorted = Float64Array.from(values).sort();
  const breaks: number[] = [];
  for (let k = 0; k <= g; k++) {
    const v = quantile7(sorted, k / g);
    if (breaks.length === 0 || v !== breaks[breaks.length - 1]) breaks.push(v);
  }
  // all values equal: one group
  const count = Math.max(1, breaks.length - 1);
  const group = Int32Array.from(values as ArrayLike<number>, (x) => {
    let k = 0;
    while (k < count - 1 && x > breaks[k + 1]) k++;
    return k;
  });
  return { group, count };
}
