/**
 * "Pretty" axis breakpoints, as R's `pretty()` (its C routine R_pretty with the default biases).
 */

const EPS = 2.220446049250313e-16;

/**
 * About n + 1 equally spaced round values covering [min, max], as `pretty(c(min, max), n)`:
 * the unit is 1, 2 or 5 times a power of ten, chosen with R's biases (high.u.bias 1.5,
 * u5.bias 2.75) and at least n %/% 3 intervals.
 */
export function pretty(min: number, max: number, n = 5): number[] {
  const h = 1.5;
  const h5 = 0.5 + 1.5 * h;
  const minN = Math.floor(n / 3);
  const shrink = 0.75;
  const roundingEps = 1e-10;
  let lo = min;
  let up = max;
  const dx = up - lo;
  let cell: number;
  let small: boolean;
  if (dx === 0 && up === 0) {
    cell = 1;
    small = true;
  } else {
    cell = Math.max(Math.abs(lo), Math.abs(up));
    let U = 1 + (h5 >= 1.5 * h + 0.5 ? 1 / (1 + h) : 1.5 / (1 + h5));
    U *= Math.max(1, n) * EPS;
    small = dx < cell * U * 3;
  }
  if (small) {
    if (cell > 10) cell = 9 + cell / 10;
    cell *= shrink;
    if (minN > 1) cell /= minN;
  } else {
    cell = dx;
    if (n > 1) cell /= n;
  }
  const tiny = Math.pow(2, -20) * 2.2250738585072014e-308;
  if (cell < tiny) cell = tiny;
  const base = Math.pow(10, Math.floor(Math.log10(cell)));
  let unit = base;
  let candidate = 2 * base;
  if (candidate - cell < h * (cell - unit)) {
    unit = candidate;
    candidate = 5 * base;
    if (candidate - cell < h5 * (cell - unit)) {
      unit = candidate;
      candidate = 10 * base;
      if (candidate - cell < h * (cell - unit)) unit = candidate;
    }
  }
  let ns = Math.floor(lo / unit + roundingEps);
  let nu = Math.ceil(up / unit - roundingEps);
  while (ns * unit > lo + roundingEps * unit) ns--;
  while (nu * unit < up - roundingEps * unit) nu++;
  let k = Math.trunc(0.5 + nu - ns);
  let divisions: number;
  if (k < minN) {
    k = minN - k;
    if (ns >= 0) {
      nu += Math.floor(k / 2);
      ns -= Math.floor(k / 2) + (k % 2);
    } else {
      ns -= Math.floor(k / 2);
      nu += Math.floor(k / 2) + (k % 2);
    }
    divisions = minN;
  } else divisions = k;
  if (ns * unit < lo) lo = ns * unit;
  if (nu * unit > up) up = nu * unit;
  const by = (up - lo) / divisions;
  const out: number[] = [];
  for (let i = 0; i <= divisions; i++) out.push(i === divisions ? up : lo + i * by);
  const delta = (up - lo) / divisions;
  return out.map((s) => (Math.abs(s) < 1e-14 * delta ? 0 : s));
}

/**
 * Display labels for tick values: the fewest decimals (0 to 12) that write every value to within
 * 1e-9 of the largest magnitude, the same for all ticks of an axis, so that pretty()'s binary
 * round-off (0.30000000000000004) shows as 0.3 and 1000 as 1000; -0 shows as 0.
 * @example
 * tickLabels([0, 0.1, 0.2, 0.30000000000000004]); // ['0.0', '0.1', '0.2', '0.3']
 */
export function tickLabels(values: ArrayLike<number>): string[] {
  const finite = Array.from(values).filter(Number.isFinite);
  let span = 0;
  for (const v of finite) span = Math.max(span, Math.abs(v));
  const tolerance = 1e-9 * (span > 0 ? span : 1);
  let digits = 12;
  for (let d = 0; d <= 12; d++) {
    if (finite.every((v) => Math.abs(Number(v.toFixed(d)) - v) <= tolerance)) {
      digits = d;
      break;
    }
  }
  return Array.from(values, (v) => {
    if (!Number.isFinite(v)) return String(v);
    const text = v.toFixed(digits);
    return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
  });
}
