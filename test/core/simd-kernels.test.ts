import { describe, expect, it } from 'vitest';
import { kernelArena } from '../../src/core/simd-kernels.js';
import { Rng } from '../../src/index.js';

/** The same random arrays in a WebAssembly arena and in a plain one. */
function arenas(n: number, p: number) {
  const lengths = [n * p, n * p, n, n, p, p, p, Math.ceil((p + 1) / 2), Math.ceil((p + 1) / 2), Math.ceil(p / 8), Math.ceil(p / 8)];
  const wasm = kernelArena(lengths);
  const plain = kernelArena(lengths, { simd: false });
  const rng = new Rng(n * 31 + p);
  for (let a = 0; a < 7; a++) {
    const values = Float64Array.from({ length: lengths[a] }, () => rng.normal());
    if (a === 3) values.forEach((v, i) => (values[i] = Math.abs(v) + 0.1)); // weights
    if (a === 6) values.fill(1); // penalty factors
    wasm.arrays[a].set(values);
    plain.arrays[a].set(values);
  }
  return { wasm, plain };
}

describe('WebAssembly SIMD kernels agree with plain loops', () => {
  it('assembles and validates here (Node has WebAssembly SIMD)', () => {
    expect(kernelArena([4]).kernels.simd).toBe(true);
    expect(kernelArena([4], { simd: false }).kernels.simd).toBe(false);
  });

  for (const [n, p] of [[1, 3], [2, 5], [7, 4], [186, 30], [257, 9]] as const) {
    it(`n = ${n}, p = ${p}: dot, dot3, axpy, axpyWeighted, weighted, gradients, coordinate passes`, () => {
      const { wasm, plain } = arenas(n, p);
      const [z, w2, r, v, beta, xv, vp, list, added, ever, skip] = wasm.offsets;
      for (const side of [wasm, plain]) {
        const k = side.kernels;
        expect(side.offsets).toEqual(wasm.offsets);
        // weighted columns, then gradients of every other column, then two passes
        for (let j = 0; j < p; j++) side.arrays[5][j] = k.weighted(v, z + j * 8 * n, n);
        const skipBytes = new Uint8Array(side.buffer, skip, p);
        for (let j = 0; j < p; j++) skipBytes[j] = j % 2;
        k.gradients(z, r, n, p, skip, beta);
        const ints = new Int32Array(side.buffer, list, p);
        for (let j = 0; j < p; j++) ints[j] = p - 1 - j;
        side.arrays[4].fill(0);
        (side as { dlx?: number[] }).dlx = [k.pass(list, p, z, v, r, n, beta, xv, vp, ever, added, 0.05, 0.1), k.pass(list, p, z, v, r, n, beta, xv, vp, ever, added, 0.01, 0)];
        k.axpy(0.5, z, r, n);
        k.axpyWeighted(-0.3, v, w2, r, n);
        (side as { dot?: number }).dot = k.dot(z + 8 * n * (p - 1), r, n) + k.dot3(v, w2, r, n);
      }
      const close = (a: ArrayLike<number>, b: ArrayLike<number>) => {
        expect(a.length).toBe(b.length);
        for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b[i])));
      };
      for (const a of [1, 2, 4, 5]) close(wasm.arrays[a], plain.arrays[a]);
      close((wasm as { dlx?: number[] }).dlx!, (plain as { dlx?: number[] }).dlx!);
      close([(wasm as { dot?: number }).dot!], [(plain as { dot?: number }).dot!]);
      expect(new Int32Array(wasm.buffer, added, p + 1)).toEqual(new Int32Array(plain.buffer, added, p + 1));
      expect(new Uint8Array(wasm.buffer, ever, p)).toEqual(new Uint8Array(plain.buffer, ever, p));
      expect(Array.from(wasm.arrays[4]).some((b) => b !== 0)).toBe(true);
    });
  }
});
