import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/** Reads a golden JSON file from test/reference. */
export function golden<T = any>(name: string): T {
  return JSON.parse(readFileSync(join(import.meta.dirname, '..', 'reference', name), 'utf8')) as T;
}

/**
 * Expects arrays to agree elementwise to a relative tolerance (absolute `atol` near zero);
 * null in the reference (R's NA) must be NaN here.
 */
export function expectClose(actual: ArrayLike<number>, expected: readonly (number | null)[] | number | null, rtol: number, atol = 0, label = ''): void {
  const exp = Array.isArray(expected) ? expected : [expected as number | null];
  const act = typeof actual === 'number' ? [actual] : Array.from(actual);
  expect(act.length, `${label} length`).toBe(exp.length);
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < exp.length; i++) {
    const e = exp[i];
    const a = act[i];
    if (e === null) {
      expect(Number.isNaN(a), `${label}[${i}]: expected NA, got ${a}`).toBe(true);
      continue;
    }
    const err = Math.abs(a - e);
    const allowed = Math.max(rtol * Math.abs(e), atol);
    if (!(err <= allowed) && (worstAt < 0 || err / allowed > worst)) {
      worst = err / allowed;
      worstAt = i;
    }
  }
  if (worstAt >= 0) {
    expect.fail(`${label}[${worstAt}]: got ${act[worstAt]}, expected ${exp[worstAt]} (rtol ${rtol}, atol ${atol})`);
  }
}
