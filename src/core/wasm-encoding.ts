/**
 * A minimal WebAssembly encoder: the opcodes, LEB128 numbers, sections and loop shapes that the
 * SIMD kernels of `simd-module.ts` are written in (no build step, no binary file).
 */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

export function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

export function sleb(value: number): number[] {
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

export function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

export function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

export const get = (i: number) => [0x20, ...uleb(i)];
export const set = (i: number) => [0x21, ...uleb(i)];
export const i32c = (v: number) => [0x41, ...sleb(v)];
export const I32_ADD = [0x6a];
export const I32_AND = [0x71];
export const I32_SHL = [0x74];
export const I32_GE_U = [0x4f];
export const F64_LOAD = [0x2b, 3, 0];
export const F64_STORE = [0x39, 3, 0];
export const F64_ADD = [0xa0];
export const F64_SUB = [0xa1];
export const F64_MUL = [0xa2];
export const V_LOAD = (offset: number) => [0xfd, 0x00, 3, ...uleb(offset)];
export const V_STORE = (offset: number) => [0xfd, 0x0b, 3, ...uleb(offset)];
export const V_ADD = [0xfd, 0xf0, 0x01];
export const V_SUB = [0xfd, 0xf1, 0x01];
export const V_MUL = [0xfd, 0xf2, 0x01];
export const V_SPLAT = [0xfd, 0x14];
export const V_LANE = (lane: number) => [0xfd, 0x21, lane];
export const BLOCK = [0x02, 0x40];
export const LOOP = [0x03, 0x40];
export const END = [0x0b];
export const BR_IF = (depth: number) => [0x0d, depth];
export const F64_ABS = [0x99];
export const F64_COPYSIGN = [0xa6];
export const F64_DIV = [0xa3];
export const F64_GT = [0x64];
export const F64_NE = [0x62];
export const f64c = (v: number) => [0x44, ...new Uint8Array(Float64Array.of(v).buffer)];
export const CALL = (f: number) => [0x10, ...uleb(f)];
export const IF_F64 = [0x04, F64];
export const IF = [0x04, 0x40];
export const ELSE = [0x05];
export const I32_LOAD8_U = [0x2d, 0, 0];
export const I32_EQZ = [0x45];
export const I32_LOAD = [0x28, 2, 0];
export const I32_STORE = [0x36, 2, 0];
export const I32_STORE8 = [0x3a, 0, 0];
export const I32_MUL = [0x6c];
export const SELECT = [0x1b];
export const TEE = (i: number) => [0x22, ...uleb(i)];
export const F32_LOAD = [0x2a, 2, 0];
export const F32_STORE = [0x38, 2, 0];
export const F32_ADD = [0x92];
export const F32_MUL = [0x94];
export const F32_ABS = [0x8b];
export const F32_DEMOTE = [0xb6];
export const F64_PROMOTE = [0xbb];
export const V_LOAD4 = (offset: number) => [0xfd, 0x00, 2, ...uleb(offset)];
export const V4_ADD = [0xfd, 0xe4, 0x01];
export const V4_MUL = [0xfd, 0xe6, 0x01];
export const V4_LANE = (lane: number) => [0xfd, 0x1f, lane];

/** ptr += step (a local holding a byte address). */
export const bump = (ptr: number, step: number) => [...get(ptr), ...i32c(step), ...I32_ADD, ...set(ptr)];

/** end = start + (n & mask) * 8. */
export const endOf = (start: number, n: number, mask: number, end: number) => [...get(start), ...get(n), ...i32c(mask), ...I32_AND, ...i32c(3), ...I32_SHL, ...I32_ADD, ...set(end)];

/**
 * `while (ptr < end) { body }` with the test first. The body is given as instructions; the
 * loop is `block loop (br_if 1 when done) body br 0 end end`.
 */
export function whileBelow(ptr: number, end: number, body: number[]): number[] {
  return [...BLOCK, ...LOOP, ...get(ptr), ...get(end), ...I32_GE_U, ...BR_IF(1), ...body, 0x0c, 0x00, ...END, ...END];
}
