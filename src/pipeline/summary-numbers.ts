/**
 * Small numeric helpers of the results object: counts, means and standard deviations that are null
 * when undefined, and the JSON-safe copy of the whole object.
 */
import { Matrix64 } from '../core/matrix.js';
import { quantile7 } from '../stats/quantile.js';


export function count(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

export function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

export function sd(values: number[]): number | null {
  if (values.length < 2) return null;
  const m = mean(values)!;
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

/**
 * The 2.5th and 97.5th percentiles (R's type 7) of the values of resamples, or null with fewer than
 * 20 of them: the spread the validated comparisons and curves report.
 */
export function resampleSpread(values: readonly number[]): [number, number] | null {
  if (values.length < 20) return null;
  const sorted = Float64Array.from(values).sort();
  return [quantile7(sorted, 0.025), quantile7(sorted, 0.975)];
}

export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** A deep copy with typed arrays as plain arrays and non-finite numbers as null (JSON-safe). */
export function toPlain<T>(value: T): T;
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, (v) => (Number.isFinite(v) ? v : null));
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof Matrix64) return value.toRows().map((r) => r.map((v) => (Number.isFinite(v) ? v : null)));
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function');
    return Object.fromEntries(entries.map(([k, v]) => [k, toPlain(v)]));
  }
  return value;
}
