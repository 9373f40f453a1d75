/**
 * Ranks with ties, as R's `rank(ties.method = "average")`.
 */

/**
 * Average ranks (1-based) of `values`; also returns the tie correction sum over tie groups of
 * (t^3 - t), used by rank tests. NaN values are not allowed (callers drop them first).
 */
export function averageRanks(values: ArrayLike<number>): { ranks: Float64Array; tieSum: number } {
  const n = values.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  let tieSum = 0;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && values[order[j]] === values[order[i]]) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) ranks[order[k]] = rank;
    const t = j - i;
    if (t > 1) tieSum += t * t * t - t;
    i = j;
  }
  return { ranks, tieSum };
}
