/**
 * The WebAssembly SIMD kernels (f64x2) for the innermost loops of coordinate descent, written as
 * instructions and assembled into one module, compiled once per thread. What each kernel computes
 * is documented on the `Kernels` interface in `script-kernels.ts`, which computes the same with plain loops.
 */
import { BLOCK, BR_IF, CALL, ELSE, END, F32_ABS, F32_ADD, F32_DEMOTE, F32_LOAD, F32_MUL, F32_STORE, F64, F64_ABS, F64_ADD, F64_COPYSIGN, F64_DIV, F64_GT, F64_LOAD, F64_MUL, F64_NE, F64_PROMOTE, F64_STORE, F64_SUB, I32, I32_ADD, I32_AND, I32_EQZ, I32_GE_U, I32_LOAD, I32_LOAD8_U, I32_MUL, I32_SHL, I32_STORE, I32_STORE8, IF, IF_F64, LOOP, SELECT, TEE, V128, V4_ADD, V4_LANE, V4_MUL, V_ADD, V_LANE, V_LOAD, V_LOAD4, V_MUL, V_SPLAT, V_STORE, V_SUB, bump, endOf, f64c, get, i32c, section, set, uleb, vec, whileBelow } from './wasm-encoding.js';

/**
 * dot(a, b, n) -> f64: eight doubles per step in four f64x2 accumulators (so that the additions'
 * latency does not bound the loop), then the scalar tail.
 */
function dotBody(): number[] {
  // params: 0 a, 1 b, 2 n; locals: 3 end (i32), 4-7 acc0..acc3 (v128), 8 s (f64)
  const locals = vec([[1, I32], [4, V128], [1, F64]]);
  const step = (acc: number, offset: number) => [...get(acc), ...get(0), ...V_LOAD(offset), ...get(1), ...V_LOAD(offset), ...V_MUL, ...V_ADD, ...set(acc)];
  const code = [
    ...endOf(0, 2, -8, 3),
    ...whileBelow(0, 3, [...step(4, 0), ...step(5, 16), ...step(6, 32), ...step(7, 48), ...bump(0, 64), ...bump(1, 64)]),
    ...get(4), ...get(5), ...V_ADD, ...get(6), ...get(7), ...V_ADD, ...V_ADD, ...set(4),
    ...get(4), ...V_LANE(0), ...get(4), ...V_LANE(1), ...F64_ADD, ...set(8),
    ...endOf(3, 2, 7, 3),
    ...whileBelow(0, 3, [...get(8), ...get(0), ...F64_LOAD, ...get(1), ...F64_LOAD, ...F64_MUL, ...F64_ADD, ...set(8), ...bump(0, 8), ...bump(1, 8)]),
    ...get(8),
    ...END,
  ];
  return [...locals, ...code];
}

/** axpy(alpha, x, y, n): y -= alpha * x (four doubles per step). */
function axpyBody(): number[] {
  // params: 0 alpha (f64), 1 x, 2 y, 3 n; locals: 4 end (i32), 5 va (v128)
  const locals = vec([[1, I32], [1, V128]]);
  const step = (offset: number) => [...get(2), ...get(2), ...V_LOAD(offset), ...get(1), ...V_LOAD(offset), ...get(5), ...V_MUL, ...V_SUB, ...V_STORE(offset)];
  const code = [
    ...get(0), ...V_SPLAT, ...set(5),
    ...endOf(1, 3, -4, 4),
    ...whileBelow(1, 4, [...step(0), ...step(16), ...bump(1, 32), ...bump(2, 32)]),
    ...endOf(4, 3, 3, 4),
    ...whileBelow(1, 4, [...get(2), ...get(2), ...F64_LOAD, ...get(1), ...F64_LOAD, ...get(0), ...F64_MUL, ...F64_SUB, ...F64_STORE, ...bump(1, 8), ...bump(2, 8)]),
    ...END,
  ];
  return [...locals, ...code];
}

/** weighted(v, z, n) -> f64: sum v (z z), glmnet's xv (four doubles per step, two accumulators). */
function weightedBody(): number[] {
  // params: 0 v, 1 z, 2 n; locals: 3 end (i32), 4 acc0, 5 acc1, 6 zi (v128), 7 s (f64)
  const locals = vec([[1, I32], [3, V128], [1, F64]]);
  const step = (acc: number, offset: number) => [
    ...get(1), ...V_LOAD(offset), ...set(6),
    ...get(acc), ...get(0), ...V_LOAD(offset), ...get(6), ...get(6), ...V_MUL, ...V_MUL, ...V_ADD, ...set(acc),
  ];
  const code = [
    ...endOf(0, 2, -4, 3),
    ...whileBelow(0, 3, [...step(4, 0), ...step(5, 16), ...bump(0, 32), ...bump(1, 32)]),
    ...get(4), ...get(5), ...V_ADD, ...set(4),
    ...get(4), ...V_LANE(0), ...get(4), ...V_LANE(1), ...F64_ADD, ...set(7),
    ...endOf(3, 2, 3, 3),
    ...whileBelow(0, 3, [...get(7), ...get(0), ...F64_LOAD, ...get(1), ...F64_LOAD, ...get(1), ...F64_LOAD, ...F64_MUL, ...F64_MUL, ...F64_ADD, ...set(7), ...bump(0, 8), ...bump(1, 8)]),
    ...get(7),
    ...END,
  ];
  return [...locals, ...code];
}

/** axpyWeighted(alpha, v, x, y, n): y -= (alpha v) x, glmnet's residual update (four doubles per step). */
function axpyWeightedBody(): number[] {
  // params: 0 alpha (f64), 1 v, 2 x, 3 y, 4 n; locals: 5 end (i32), 6 va (v128)
  const locals = vec([[1, I32], [1, V128]]);
  const step = (offset: number) => [...get(3), ...get(3), ...V_LOAD(offset), ...get(6), ...get(1), ...V_LOAD(offset), ...V_MUL, ...get(2), ...V_LOAD(offset), ...V_MUL, ...V_SUB, ...V_STORE(offset)];
  const code = [
    ...get(0), ...V_SPLAT, ...set(6),
    ...endOf(2, 4, -4, 5),
    ...whileBelow(2, 5, [...step(0), ...step(16), ...bump(1, 32), ...bump(2, 32), ...bump(3, 32)]),
    ...endOf(5, 4, 3, 5),
    ...whileBelow(2, 5, [...get(3), ...get(3), ...F64_LOAD, ...get(0), ...get(1), ...F64_LOAD, ...F64_MUL, ...get(2), ...F64_LOAD, ...F64_MUL, ...F64_SUB, ...F64_STORE, ...bump(1, 8), ...bump(2, 8), ...bump(3, 8)]),
    ...END,
  ];
  return [...locals, ...code];
}

/** dot3(v, a, b, n) -> f64: sum v a b (a weighted Gram entry). */
function dot3Body(): number[] {
  // params: 0 v, 1 a, 2 b, 3 n; locals: 4 end (i32), 5 acc0, 6 acc1 (v128), 7 s (f64)
  const locals = vec([[1, I32], [2, V128], [1, F64]]);
  const step = (acc: number, offset: number) => [...get(acc), ...get(0), ...V_LOAD(offset), ...get(1), ...V_LOAD(offset), ...V_MUL, ...get(2), ...V_LOAD(offset), ...V_MUL, ...V_ADD, ...set(acc)];
  const code = [
    ...endOf(0, 3, -4, 4),
    ...whileBelow(0, 4, [...step(5, 0), ...step(6, 16), ...bump(0, 32), ...bump(1, 32), ...bump(2, 32)]),
    ...get(5), ...get(6), ...V_ADD, ...set(5),
    ...get(5), ...V_LANE(0), ...get(5), ...V_LANE(1), ...F64_ADD, ...set(7),
    ...endOf(4, 3, 3, 4),
    ...whileBelow(0, 4, [...get(7), ...get(0), ...F64_LOAD, ...get(1), ...F64_LOAD, ...F64_MUL, ...get(2), ...F64_LOAD, ...F64_MUL, ...F64_ADD, ...set(7), ...bump(0, 8), ...bump(1, 8), ...bump(2, 8)]),
    ...get(7),
    ...END,
  ];
  return [...locals, ...code];
}

/**
 * coordinate(z, v, r, n, b, xv, threshold, denominator) -> f64: one coordinate-descent update:
 * u = z'r + xv b, the soft-thresholded new value sign(u) max(|u| - threshold, 0) / denominator,
 * and when it differs from b the residual update r -= ((new - b) v) z; returns the new value.
 */
function coordinateBody(): number[] {
  // params: 0 z, 1 v, 2 r, 3 n (i32); 4 b, 5 xv, 6 threshold, 7 denominator (f64); locals: 8 u, 9 au, 10 nb (f64)
  const locals = vec([[3, F64]]);
  const code = [
    ...get(0), ...get(2), ...get(3), ...CALL(0), ...get(5), ...get(4), ...F64_MUL, ...F64_ADD, ...set(8),
    ...get(8), ...F64_ABS, ...get(6), ...F64_SUB, ...set(9),
    ...get(9), ...f64c(0), ...F64_GT,
    ...IF_F64, ...get(9), ...get(8), ...F64_COPYSIGN, ...get(7), ...F64_DIV, ...ELSE, ...f64c(0), ...END,
    ...set(10),
    ...get(10), ...get(4), ...F64_NE,
    ...IF, ...get(10), ...get(4), ...F64_SUB, ...get(1), ...get(0), ...get(2), ...get(3), ...CALL(6), ...END,
    ...get(10),
    ...END,
  ];
  return [...locals, ...code];
}

/**
 * gradients(z, r, n, p, skip, out): out[j] = |z_j'r| for every column j < p with skip[j] = 0
 * (skip is a byte array; z holds p columns of n).
 */
function gradientsBody(): number[] {
  // params: 0 z, 1 r, 2 n, 3 p, 4 skip, 5 out; locals: 6 j, 7 stride (i32)
  const locals = vec([[2, I32]]);
  const code = [
    ...get(2), ...i32c(3), ...I32_SHL, ...set(7),
    ...i32c(0), ...set(6),
    ...BLOCK, ...LOOP,
    ...get(6), ...get(3), ...I32_GE_U, ...BR_IF(1),
    ...get(4), ...get(6), ...I32_ADD, ...I32_LOAD8_U, ...I32_EQZ,
    ...IF, ...get(5), ...get(6), ...i32c(3), ...I32_SHL, ...I32_ADD, ...get(0), ...get(1), ...get(2), ...CALL(0), ...F64_ABS, ...F64_STORE, ...END,
    ...get(0), ...get(7), ...I32_ADD, ...set(0),
    ...get(6), ...i32c(1), ...I32_ADD, ...set(6),
    0x0c, 0x00,
    ...END, ...END,
    ...END,
  ];
  return [...locals, ...code];
}

/**
 * pass(list, count, z, v, r, n, beta, xv, vp, ever, added, l1a, l2) -> f64: a coordinate-descent
 * pass over the features list[0 .. count) (i32), each updated by `coordinate` with threshold
 * vp_j l1a and denominator xv_j + vp_j l2; features that become nonzero for the first time get
 * ever[j] = 1 (bytes) and are appended to added[1 ..] with their number in added[0] (i32).
 * Returns the largest xv_j (change)^2.
 */
function passBody(): number[] {
  // params: 0 list, 1 count, 2 z, 3 v, 4 r, 5 n, 6 beta, 7 xv, 8 vp, 9 ever, 10 added (i32); 11 l1a, 12 l2 (f64)
  // locals: 13 q, 14 j, 15 stride, 16 nAdded (i32); 17 bj, 18 nb, 19 del, 20 change, 21 dlx, 22 xvj, 23 vpj (f64)
  const locals = vec([[4, I32], [7, F64]]);
  const at8 = (base: number) => [...get(base), ...get(14), ...i32c(3), ...I32_SHL, ...I32_ADD];
  const code = [
    ...get(5), ...i32c(3), ...I32_SHL, ...set(15),
    ...BLOCK, ...LOOP,
    ...get(13), ...get(1), ...I32_GE_U, ...BR_IF(1),
    // j = list[q]
    ...get(0), ...get(13), ...i32c(2), ...I32_SHL, ...I32_ADD, ...I32_LOAD, ...set(14),
    ...at8(6), ...F64_LOAD, ...set(17),
    ...at8(7), ...F64_LOAD, ...set(22),
    ...at8(8), ...F64_LOAD, ...set(23),
    // nb = coordinate(z + j stride, v, r, n, bj, xvj, vpj l1a, xvj + vpj l2)
    ...get(2), ...get(14), ...get(15), ...I32_MUL, ...I32_ADD,
    ...get(3),
    ...get(4), ...get(5), ...get(17), ...get(22),
    ...get(23), ...get(11), ...F64_MUL,
    ...get(22), ...get(23), ...get(12), ...F64_MUL, ...F64_ADD,
    ...CALL(3), ...set(18),
    ...get(18), ...get(17), ...F64_NE,
    ...IF,
    ...at8(6), ...get(18), ...F64_STORE,
    ...get(18), ...get(17), ...F64_SUB, ...set(19),
    ...get(22), ...get(19), ...F64_MUL, ...get(19), ...F64_MUL, ...set(20),
    // dlx = change > dlx ? change : dlx
    ...get(20), ...get(21), ...get(20), ...get(21), ...F64_GT, ...SELECT, ...set(21),
    ...get(9), ...get(14), ...I32_ADD, ...I32_LOAD8_U, ...I32_EQZ,
    ...IF,
    ...get(9), ...get(14), ...I32_ADD, ...i32c(1), ...I32_STORE8,
    ...get(16), ...i32c(1), ...I32_ADD, ...TEE(16), ...i32c(2), ...I32_SHL, ...get(10), ...I32_ADD, ...get(14), ...I32_STORE,
    ...END,
    ...END,
    ...get(13), ...i32c(1), ...I32_ADD, ...set(13),
    0x0c, 0x00,
    ...END, ...END,
    ...get(10), ...get(16), ...I32_STORE,
    ...get(21),
    ...END,
  ];
  return [...locals, ...code];
}

/**
 * gradients32(z32, r, r32, n, p, skip, out): out[j] ~ |z_j'r| in single precision for every column
 * j < p of the float32 copy z32 with skip[j] = 0 (r is first rounded into r32). Each sum runs in
 * two f32x4 accumulators, so |out[j] - |z_j'r|| <= (ceil(n / 4) + 8) 2^-24 ||z_j|| ||r|| (products
 * and inputs rounded once, each accumulator lane summing at most ceil(n / 8) terms).
 */
function gradients32Body(): number[] {
  // params: 0 z32, 1 r, 2 r32, 3 n, 4 p, 5 skip, 6 out; locals: 7 j, 8 i, 9 zc, 10 rc, 11 end, 12 stride (i32); 13 acc0, 14 acc1 (v128); 15 s (f32)
  const locals = vec([[6, I32], [2, V128], [1, 0x7d]]);
  const code = [
    // r32 = f32(r)
    ...i32c(0), ...set(8),
    ...BLOCK, ...LOOP,
    ...get(8), ...get(3), ...I32_GE_U, ...BR_IF(1),
    ...get(2), ...get(8), ...i32c(2), ...I32_SHL, ...I32_ADD,
    ...get(1), ...get(8), ...i32c(3), ...I32_SHL, ...I32_ADD, ...F64_LOAD, ...F32_DEMOTE, ...F32_STORE,
    ...get(8), ...i32c(1), ...I32_ADD, ...set(8),
    0x0c, 0x00,
    ...END, ...END,
    ...get(3), ...i32c(2), ...I32_SHL, ...set(12),
    ...BLOCK, ...LOOP,
    ...get(7), ...get(4), ...I32_GE_U, ...BR_IF(1),
    ...get(5), ...get(7), ...I32_ADD, ...I32_LOAD8_U, ...I32_EQZ,
    ...IF,
    ...get(0), ...set(9), ...get(2), ...set(10),
    ...f64c(0), ...V_SPLAT, ...TEE(13), ...set(14),
    // end = zc + (n & ~7) * 4
    ...get(9), ...get(3), ...i32c(-8), ...I32_AND, ...i32c(2), ...I32_SHL, ...I32_ADD, ...set(11),
    ...whileBelow(9, 11, [
      ...get(13), ...get(9), ...V_LOAD4(0), ...get(10), ...V_LOAD4(0), ...V4_MUL, ...V4_ADD, ...set(13),
      ...get(14), ...get(9), ...V_LOAD4(16), ...get(10), ...V_LOAD4(16), ...V4_MUL, ...V4_ADD, ...set(14),
      ...bump(9, 32), ...bump(10, 32),
    ]),
    ...get(13), ...get(14), ...V4_ADD, ...set(13),
    ...get(13), ...V4_LANE(0), ...get(13), ...V4_LANE(1), ...F32_ADD, ...get(13), ...V4_LANE(2), ...get(13), ...V4_LANE(3), ...F32_ADD, ...F32_ADD, ...set(15),
    // the last n & 7 elements: end += (n & 7) * 4
    ...get(11), ...get(3), ...i32c(7), ...I32_AND, ...i32c(2), ...I32_SHL, ...I32_ADD, ...set(11),
    ...whileBelow(9, 11, [...get(15), ...get(9), ...F32_LOAD, ...get(10), ...F32_LOAD, ...F32_MUL, ...F32_ADD, ...set(15), ...bump(9, 4), ...bump(10, 4)]),
    ...get(6), ...get(7), ...i32c(3), ...I32_SHL, ...I32_ADD, ...get(15), ...F32_ABS, ...F64_PROMOTE, ...F64_STORE,
    ...END,
    ...get(0), ...get(12), ...I32_ADD, ...set(0),
    ...get(7), ...i32c(1), ...I32_ADD, ...set(7),
    0x0c, 0x00,
    ...END, ...END,
    ...END,
  ];
  return [...locals, ...code];
}

function moduleBytes(): Uint8Array {
  const types = vec([
    [0x60, ...vec([[I32], [I32], [I32]]), ...vec([[F64]])],
    [0x60, ...vec([[F64], [I32], [I32], [I32]]), ...vec([])],
    [0x60, ...vec([[I32], [I32], [I32], [I32]]), ...vec([[F64]])],
    [0x60, ...vec([[I32], [I32], [I32], [I32], [F64], [F64], [F64], [F64]]), ...vec([[F64]])],
    [0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [I32]]), ...vec([])],
    [0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [I32], [I32], [I32], [I32], [I32], [I32], [F64], [F64]]), ...vec([[F64]])],
    [0x60, ...vec([[F64], [I32], [I32], [I32], [I32]]), ...vec([])],
    [0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [I32], [I32]]), ...vec([])],
  ]);
  const name = (s: string) => vec([...s].map((c) => [c.charCodeAt(0)]));
  const imports = vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]]);
  const functions = vec([[0], [1], [0], [3], [4], [5], [6], [2], [7]]);
  const exports = vec([
    [...name('dot'), 0x00, 0],
    [...name('axpy'), 0x00, 1],
    [...name('weighted'), 0x00, 2],
    [...name('coordinate'), 0x00, 3],
    [...name('gradients'), 0x00, 4],
    [...name('pass'), 0x00, 5],
    [...name('axpyWeighted'), 0x00, 6],
    [...name('dot3'), 0x00, 7],
    [...name('gradients32'), 0x00, 8],
  ]);
  const bodies = [dotBody(), axpyBody(), weightedBody(), coordinateBody(), gradientsBody(), passBody(), axpyWeightedBody(), dot3Body(), gradients32Body()].map((b) => [...uleb(b.length), ...b]);
  const code = vec(bodies);
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...section(1, types), ...section(2, imports), ...section(3, functions), ...section(7, exports), ...section(10, code)]);
}

/** Just the parts of the WebAssembly API used here (the DOM library that declares it is not loaded). */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
}

let compiled: object | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is not available. */
export function simdModule(): object | null {
  if (compiled !== undefined) return compiled;
  const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  try {
    const bytes = moduleBytes();
    compiled = wasm !== undefined && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}
