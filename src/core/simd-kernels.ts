/**
 * WebAssembly SIMD kernels (f64x2) for the innermost loops of coordinate descent: dot products,
 * residual updates and weighted columns. The module is assembled here from its instructions (no
 * build step, no binary file) and compiled once; each solver gives it its own memory.
 */

// ---- a minimal WebAssembly encoder: only what the three kernels need

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;

function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const i32c = (v: number) => [0x41, ...sleb(v)];
const I32_ADD = [0x6a];
const I32_AND = [0x71];
const I32_SHL = [0x74];
const I32_GE_U = [0x4f];
const F64_LOAD = [0x2b, 3, 0];
const F64_STORE = [0x39, 3, 0];
const F64_ADD = [0xa0];
const F64_SUB = [0xa1];
const F64_MUL = [0xa2];
const V_LOAD = (offset: number) => [0xfd, 0x00, 3, ...uleb(offset)];
const V_STORE = (offset: number) => [0xfd, 0x0b, 3, ...uleb(offset)];
const V_ADD = [0xfd, 0xf0, 0x01];
const V_SUB = [0xfd, 0xf1, 0x01];
const V_MUL = [0xfd, 0xf2, 0x01];
const V_SPLAT = [0xfd, 0x14];
const V_LANE = (lane: number) => [0xfd, 0x21, lane];
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const END = [0x0b];
const BR_IF = (depth: number) => [0x0d, depth];
const F64_ABS = [0x99];
const F64_COPYSIGN = [0xa6];
const F64_DIV = [0xa3];
const F64_GT = [0x64];
const F64_NE = [0x62];
const f64c = (v: number) => [0x44, ...new Uint8Array(Float64Array.of(v).buffer)];
const CALL = (f: number) => [0x10, ...uleb(f)];
const IF_F64 = [0x04, F64];
const IF = [0x04, 0x40];
const ELSE = [0x05];
const I32_LOAD8_U = [0x2d, 0, 0];
const I32_EQZ = [0x45];
const I32_LOAD = [0x28, 2, 0];
const I32_STORE = [0x36, 2, 0];
const I32_STORE8 = [0x3a, 0, 0];
const I32_MUL = [0x6c];
const SELECT = [0x1b];
const TEE = (i: number) => [0x22, ...uleb(i)];
const F32_LOAD = [0x2a, 2, 0];
const F32_STORE = [0x38, 2, 0];
const F32_ADD = [0x92];
const F32_MUL = [0x94];
const F32_ABS = [0x8b];
const F32_DEMOTE = [0xb6];
const F64_PROMOTE = [0xbb];
const V_LOAD4 = (offset: number) => [0xfd, 0x00, 2, ...uleb(offset)];
const V4_ADD = [0xfd, 0xe4, 0x01];
const V4_MUL = [0xfd, 0xe6, 0x01];
const V4_LANE = (lane: number) => [0xfd, 0x1f, lane];

/** ptr += step (a local holding a byte address). */
const bump = (ptr: number, step: number) => [...get(ptr), ...i32c(step), ...I32_ADD, ...set(ptr)];

/** end = start + (n & mask) * 8. */
const endOf = (start: number, n: number, mask: number, end: number) => [...get(start), ...get(n), ...i32c(mask), ...I32_AND, ...i32c(3), ...I32_SHL, ...I32_ADD, ...set(end)];

/**
 * `while (ptr < end) { body }` with the test first. The body is given as instructions; the
 * loop is `block loop (br_if 1 when done) body br 0 end end`.
 */
function whileBelow(ptr: number, end: number, body: number[]): number[] {
  return [...BLOCK, ...LOOP, ...get(ptr), ...get(end), ...I32_GE_U, ...BR_IF(1), ...body, 0x0c, 0x00, ...END, ...END];
}

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
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
}

/** The kernels of one memory; every address is a byte offset into it. */
export interface Kernels {
  /** Whether these are the WebAssembly SIMD kernels (else plain JavaScript loops). */
  readonly simd: boolean;
  /** sum a[i] b[i], i < n. */
  dot(a: number, b: number, n: number): number;
  /** y[i] -= alpha x[i], i < n. */
  axpy(alpha: number, x: number, y: number, n: number): void;
  /** sum v[i] (z[i] z[i]). */
  weighted(v: number, z: number, n: number): number;
  /** y[i] -= (alpha v[i]) x[i], i < n. */
  axpyWeighted(alpha: number, v: number, x: number, y: number, n: number): void;
  /** sum v[i] a[i] b[i]. */
  dot3(v: number, a: number, b: number, n: number): number;
  /**
   * One coordinate-descent update: u = z'r + xv b; returns sign(u) max(|u| - threshold, 0) /
   * denominator, after r -= ((that - b) v) z when it differs from b.
   */
  coordinate(z: number, v: number, r: number, n: number, b: number, xv: number, threshold: number, denominator: number): number;
  /** out[j] = |z_j'r| for the p columns of z (n rows each) whose byte skip[j] is 0. */
  gradients(z: number, r: number, n: number, p: number, skip: number, out: number): void;
  /**
   * The same from z32, a float32 copy of z, in single precision (r rounded into the float32
   * scratch r32): |out[j] - |z_j'r|| <= (ceil(n / 4) + 8) 2^-24 ||z_j|| ||r|| (the plain-loop
   * kernels compute exactly, from z).
   */
  gradients32(z32: number, z: number, r: number, r32: number, n: number, p: number, skip: number, out: number): void;
  /**
   * A coordinate-descent pass over the features list[0 .. count) (i32 array), each by
   * {@link Kernels.coordinate} with threshold vp_j l1a and denominator xv_j + vp_j l2 (beta, xv,
   * vp: f64 arrays); a feature nonzero for the first time gets ever[j] = 1 (byte array) and is
   * appended to added[1 ..], with their number in added[0] (i32 array). Returns the largest
   * xv_j (change)^2.
   */
  pass(list: number, count: number, z: number, v: number, r: number, n: number, beta: number, xv: number, vp: number, ever: number, added: number, l1a: number, l2: number): number;
}

let compiled: object | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is not available. */
function simdModule(): object | null {
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

/** The same kernels as plain loops over a buffer (where WebAssembly SIMD is missing). */
function scriptKernels(buffer: ArrayBuffer): Kernels {
  const f = new Float64Array(buffer);
  return {
    simd: false,
    dot(a, b, n) {
      const ia = a / 8;
      const ib = b / 8;
      let s = 0;
      for (let i = 0; i < n; i++) s += f[ia + i] * f[ib + i];
      return s;
    },
    axpy(alpha, x, y, n) {
      const ix = x / 8;
      const iy = y / 8;
      for (let i = 0; i < n; i++) f[iy + i] -= alpha * f[ix + i];
    },
    weighted(v, z, n) {
      const iv = v / 8;
      const iz = z / 8;
      let s = 0;
      for (let i = 0; i < n; i++) s += f[iv + i] * (f[iz + i] * f[iz + i]);
      return s;
    },
    axpyWeighted(alpha, v, x, y, n) {
      const iv = v / 8;
      const ix = x / 8;
      const iy = y / 8;
      for (let i = 0; i < n; i++) f[iy + i] -= alpha * f[iv + i] * f[ix + i];
    },
    dot3(v, a, b, n) {
      const iv = v / 8;
      const ia = a / 8;
      const ib = b / 8;
      let s = 0;
      for (let i = 0; i < n; i++) s += f[iv + i] * f[ia + i] * f[ib + i];
      return s;
    },
    coordinate(z, v, r, n, b, xv, threshold, denominator) {
      const u = this.dot(z, r, n) + xv * b;
      const au = Math.abs(u) - threshold;
      const nb = au > 0 ? (u > 0 ? au : -au) / denominator : 0;
      if (nb !== b) this.axpyWeighted(nb - b, v, z, r, n);
      return nb;
    },
    gradients(z, r, n, p, skip, out) {
      const bytes = new Uint8Array(buffer);
      for (let j = 0; j < p; j++) if (bytes[skip + j] === 0) f[out / 8 + j] = Math.abs(this.dot(z + j * 8 * n, r, n));
    },
    gradients32(_z32, z, r, _r32, n, p, skip, out) {
      // (exact: the float32 copy is only a faster way to the same decisions)
      this.gradients(z, r, n, p, skip, out);
    },
    pass(list, count, z, v, r, n, beta, xv, vp, ever, added, l1a, l2) {
      const ints = new Int32Array(buffer);
      const bytes = new Uint8Array(buffer);
      let dlx = 0;
      let nAdded = 0;
      for (let q = 0; q < count; q++) {
        const j = ints[list / 4 + q];
        const bj = f[beta / 8 + j];
        const xvj = f[xv / 8 + j];
        const vpj = f[vp / 8 + j];
        const nb = this.coordinate(z + j * 8 * n, v, r, n, bj, xvj, vpj * l1a, xvj + vpj * l2);
        if (nb === bj) continue;
        f[beta / 8 + j] = nb;
        const del = nb - bj;
        const change = xvj * del * del;
        if (change > dlx) dlx = change;
        if (bytes[ever + j] === 0) {
          bytes[ever + j] = 1;
          ints[added / 4 + ++nAdded] = j;
        }
      }
      ints[added / 4] = nAdded;
      return dlx;
    },
  };
}

/** Largest memory kept for reuse between fits (64 MiB). */
const MAX_REUSED_BYTES = 2 ** 26;

/** Largest arena: WebAssembly memories stop at 4 GiB; beyond 2 GiB the script kernels are used. */
const MAX_WASM_BYTES = 2 ** 31;

/**
 * Lays out Float64Arrays of the given lengths one after another in one memory (each starting on a
 * 16-byte boundary) with the kernels that work on it: the WebAssembly SIMD kernels where available,
 * plain loops otherwise (or when `simd: false`). With `reuse`, the memory of this thread's previous
 * `reuse` arena is taken over (zeroed) when large enough: the caller must be done with that arena.
 * Addresses passed to the kernels are `offsets[k] + 8 * index`. The memory
 * never grows, so the arrays stay valid.
 */
export function kernelArena(lengths: readonly number[], options: { simd?: boolean; reuse?: boolean } = {}): { kernels: Kernels; arrays: Float64Array[]; offsets: number[]; buffer: ArrayBuffer } {
  const offsets: number[] = [];
  let at = 0;
  for (const len of lengths) {
    offsets.push(at);
    at += Math.ceil((len * 8) / 16) * 16;
  }
  const mod = at <= MAX_WASM_BYTES && options.simd !== false ? simdModule() : null;
  let kernels: Kernels;
  let buffer: ArrayBuffer;
  if (mod !== null && options.reuse === true && reusable !== null && reusable.buffer.byteLength >= at) {
    // the thread's last memory, zeroed where the new arrays go
    ({ kernels, buffer } = reusable);
    new Uint8Array(buffer, 0, at).fill(0);
  } else if (mod !== null) {
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const pages = Math.max(1, Math.ceil(at / 65536));
    const memory = new wasm.Memory({ initial: pages, maximum: pages });
    const e = new wasm.Instance(mod, { env: { memory } }).exports as unknown as Omit<Kernels, 'simd'>;
    buffer = memory.buffer;
    // (the module's gradients32 has no use for the float64 features)
    const g32 = (e as unknown as { gradients32: (z32: number, r: number, r32: number, n: number, p: number, skip: number, out: number) => void }).gradients32;
    kernels = {
      simd: true,
      dot: e.dot,
      axpy: e.axpy,
      weighted: e.weighted,
      axpyWeighted: e.axpyWeighted,
      dot3: e.dot3,
      coordinate: e.coordinate,
      gradients: e.gradients,
      gradients32: (z32, _z, r, r32, n, p, skip, out) => g32(z32, r, r32, n, p, skip, out),
      pass: e.pass,
    };
    // (kept for the next fit only while small: a large memory is left to the garbage collector)
    if (options.reuse === true) reusable = at <= MAX_REUSED_BYTES || holds > 0 ? { kernels, buffer } : null;
  } else {
    buffer = new ArrayBuffer(Math.max(at, 8));
    kernels = scriptKernels(buffer);
  }
  const arrays = lengths.map((len, k) => new Float64Array(buffer, offsets[k], len));
  return { kernels, arrays, offsets, buffer };
}

/**
 * The memory a `reuse` arena may take over: allocating a WebAssembly memory per fit costs more
 * than zeroing the last one. Only for callers that finish with their arena before the next one
 * is asked for on the same thread (a synchronous fit).
 */
let reusable: { kernels: Kernels; buffer: ArrayBuffer } | null = null;

/** While positive, `reuse` arenas of any size are kept for the next fit. */
let holds = 0;

/**
 * Keeps this thread's `reuse` arenas of any size for the next fit until the returned function is
 * called (then a large one is left to the garbage collector): a run of fits on the same data (a
 * cross-validation's folds) then takes one memory, not one per fit.
 */
export function holdArenas(): () => void {
  holds++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holds === 0 && reusable !== null && reusable.buffer.byteLength > MAX_REUSED_BYTES) reusable = null;
  };
}

/** Runs `f` with {@link holdArenas} in force. */
export function withRetainedArena<T>(f: () => T): T {
  const release = holdArenas();
  try {
    return f();
  } finally {
    release();
  }
}
