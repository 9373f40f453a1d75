/**
 * Memories for the coordinate-descent kernels: arrays laid out in one WebAssembly memory with the
 * SIMD kernels that work on it (`simd-module.ts`), or plain loops over a buffer where WebAssembly
 * SIMD is missing (`script-kernels.ts`); and the reuse of one memory across a run of fits.
 */
import { scriptKernels, type Kernels } from './script-kernels.js';
import { simdModule, type WasmApi } from './simd-module.js';

export type { Kernels } from './script-kernels.js';

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
