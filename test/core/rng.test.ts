import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParameterError, Rng } from '../../src/index.js';

describe('Rng', () => {
  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xa = Array.from({ length: 20 }, () => a.nextUint32());
    const xb = Array.from({ length: 20 }, () => b.nextUint32());
    const xc = Array.from({ length: 20 }, () => c.nextUint32());
    expect(xa).toEqual(xb);
    expect(xa).not.toEqual(xc);
    expect(new Rng('abc').next()).toBe(new Rng('abc').next());
    expect(new Rng('abc').next()).not.toBe(new Rng('abd').next());
  });

  it('fork(i) depends only on the seed and i, not on draws made before', () => {
    const a = new Rng(7);
    const fresh = a.fork(3).next();
    for (let k = 0; k < 100; k++) a.next();
    expect(a.fork(3).next()).toBe(fresh);
    expect(a.fork(4).next()).not.toBe(fresh);
    expect(a.fork(3).fork(0).next()).not.toBe(a.fork(0).fork(3).next());
    expect(a.fork(2 ** 40).next()).not.toBe(a.fork(0).next());
  });

  it('draws uniform doubles in [0, 1) with the right mean and variance', () => {
    const rng = new Rng(1);
    const n = 200_000;
    let s = 0;
    let ss = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      if (!(u >= 0 && u < 1)) outside++;
      s += u;
      ss += u * u;
    }
    expect(outside).toBe(0);
    const mean = s / n;
    const variance = ss / n - mean * mean;
    // 5 standard errors
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
  });

  it('draws normal, gamma and beta variates with the right moments', () => {
    const rng = new Rng(2);
    const n = 100_000;
    const moments = (draw: () => number) => {
      let s = 0;
      let ss = 0;
      for (let i = 0; i < n; i++) {
        const x = draw();
        s += x;
        ss += x * x;
      }
      return [s / n, ss / n - (s / n) ** 2];
    };
    const [mn, vn] = moments(() => rng.normal(1, 2));
    expect(Math.abs(mn - 1)).toBeLessThan(5 * 2 / Math.sqrt(n));
    expect(Math.abs(vn - 4)).toBeLessThan(0.1);
    const [mg, vg] = moments(() => rng.gamma(3, 2));
    expect(Math.abs(mg - 6)).toBeLessThan(0.06);
    expect(Math.abs(vg - 12)).toBeLessThan(0.4);
    const [ms] = moments(() => rng.gamma(0.5));
    expect(Math.abs(ms - 0.5)).toBeLessThan(0.02);
    const [mb] = moments(() => rng.beta(2, 5));
    expect(Math.abs(mb - 2 / 7)).toBeLessThan(0.005);
  });

  it('int(n) covers 0..n-1 evenly', () => {
    const rng = new Rng(3);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[rng.int(7)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it('permutation, sample and bootstrap return valid index sets', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 60 }), (seed, n) => {
        const rng = new Rng(seed);
        const perm = Array.from(rng.permutation(n)).sort((a, b) => a - b);
        expect(perm).toEqual(Array.from({ length: n }, (_, i) => i));
        const k = Math.floor(n / 2);
        const sample = Array.from(rng.sample(n, k));
        expect(new Set(sample).size).toBe(k);
        expect(sample.every((i) => i >= 0 && i < n)).toBe(true);
        const boot = rng.bootstrap(n);
        expect(boot.length).toBe(n);
        expect(Array.from(boot).every((i) => i >= 0 && i < n)).toBe(true);
      }),
    );
  });

  it('rejects bad seeds and arguments', () => {
    expect(() => new Rng(-1)).toThrow(ParameterError);
    expect(() => new Rng(1.5)).toThrow(ParameterError);
    expect(() => new Rng(1).int(0)).toThrow(ParameterError);
    expect(() => new Rng(1).fork(-1)).toThrow(ParameterError);
    expect(() => new Rng(1).sample(3, 4)).toThrow(ParameterError);
  });
});
