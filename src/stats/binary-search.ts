/**
 * Binary search in increasingly sorted numbers.
 */

/** Number of elements < x (the index of the first element >= x). */
export function lowerBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of elements <= x (the index of the first element > x). */
export function upperBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Index of the step of a right-continuous step function in force at t: the last sorted time <= t
 * (or < t with `before`, for the left limit); -1 before the first time.
 */
export function stepIndex(sortedTimes: ArrayLike<number>, t: number, before = false): number {
  return (before ? lowerBound(sortedTimes, t) : upperBound(sortedTimes, t)) - 1;
}

/** The distinct values of `values`, sorted increasingly (one native typed-array sort). */
export function uniqueSorted(values: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(values).sort();
  let k = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[k - 1]) sorted[k++] = sorted[i];
  return sorted.slice(0, k);
}
