/**
 * Seeded pseudo-random numbers. JavaScript's unseeded global generator is never used in radsig: every stochastic step
 * (simulation, resampling, folds, trees) draws from an explicit {@link Rng}.
 */
import { ParameterError } from './errors.js';

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/**
 * A seedable generator (xoshiro128**, Blackman & Vigna 2018, doi:10.1145/3460772) with
 * independent streams by {@link Rng.fork}.
 *
 * `fork(i)` derives a child generator from this generator's *seed key* and `i` only, never from
 * how many numbers were drawn, so resample `i`, fold `i` or tree `i` gets the same stream whatever
 * the order or the number of worker threads.
 *
 * @example
 * const rng = new Rng(42);
 * const trees = [0, 1, 2].map((t) => rng.fork(t)); // independent, reproducible streams
 * trees[1].normal();
 */
export class Rng {
  /** The seed as given (number or string), for provenance. */
  readonly seed: number | string;
  private readonly key: Uint32Array;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /**
   * @param seed a non-negative integer (up to 2^53) or a string.
   * @throws ParameterError for other seeds.
   */
  constructor(seed: number | string, key?: Uint32Array) {
    this.seed = seed;
    this.key = key ?? keyFromSeed(seed);
    this.s0 = this.key[0];
    this.s1 = this.key[1];
    this.s2 = this.key[2];
    this.s3 = this.key[3];
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 0x9e3779b9;
  }

  /** An independent child stream, determined by this generator's seed key and `index` alone. */
  fork(index: number): Rng {
    if (!Number.isInteger(index) || index < 0 || index > Number.MAX_SAFE_INTEGER) {
      throw new ParameterError(`Rng.fork: index must be a non-negative integer, got ${index}`);
    }
    const lo = index >>> 0;
    const hi = Math.floor(index / TWO_POW_32) >>> 0;
    return new Rng(this.seed, mixKey(mixKey(this.key, lo, 0x243f6a88), hi, 0x85a308d3));
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / TWO_POW_53;
  }

  /** A uniform double in [min, max). */
  uniform(min = 0, max = 1): number {
    return min + (max - min) * this.next();
  }

  /** A uniform integer in 0 .. n-1 (unbiased). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new ParameterError(`Rng.int: n must be a positive integer, got ${n}`);
    if (n > TWO_POW_32) return Math.floor(this.next() * n);
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let u = this.nextUint32();
    while (u >= limit) u = this.nextUint32();
    return u % n;
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** A standard normal draw (Box-Muller; two uniforms per draw). */
  normal(mean = 0, sd = 1): number {
    const u1 = 1 - this.next();
    const u2 = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** An exponential draw with the given rate. */
  exponential(rate = 1): number {
    return -Math.log(1 - this.next()) / rate;
  }

  /** A gamma draw (Marsaglia & Tsang 2000, doi:10.1145/358407.358414). */
  gamma(shape: number, scale = 1): number {
    if (!(shape > 0) || !(scale > 0)) throw new ParameterError(`Rng.gamma: shape and scale must be > 0, got ${shape}, ${scale}`);
    if (shape < 1) {
      const u = 1 - this.next();
      return this.gamma(shape + 1, scale) * Math.pow(u, 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.next();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
    }
  }

  /** A beta draw. */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }

  /** A Student t draw with `df` degrees of freedom. */
  studentT(df: number): number {
    return this.normal() / Math.sqrt(this.gamma(df / 2, 2) / df);
  }

  /** Shuffles an array in place (Fisher-Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }

  /** A random permutation of 0 .. n-1. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }

  /** `k` distinct indices from 0 .. n-1, in random order. */
  sample(n: number, k: number): Int32Array {
    if (!Number.isInteger(k) || k < 0 || k > n) throw new ParameterError(`Rng.sample: k must be an integer in [0, ${n}], got ${k}`);
    const pool = this.permutationPrefix(n, k);
    return pool;
  }

  /** `n` indices drawn with replacement from 0 .. n-1 (a bootstrap sample). */
  bootstrap(n: number, size = n): Int32Array {
    const out = new Int32Array(size);
    for (let i = 0; i < size; i++) out[i] = this.int(n);
    return out;
  }

  /**
   * K-fold assignment (folds 1..K) of n rows, balanced within strata: the rows of each stratum (in
   * sorted stratum order) are shuffled and dealt round-robin, continuing where the previous stratum
   * stopped, so every fold gets its share of each class (of events, for survival strata). Without
   * strata (`null`) a random permutation is dealt.
   * @param strata a stratum per row (class, event indicator), or a row count n for no strata.
   * @example
   * const foldId = new Rng(1).stratifiedFolds(y, 5); // Int32Array of 1..5
   */
  stratifiedFolds(strata: ArrayLike<number | string> | number, k: number): Int32Array {
    const n = typeof strata === 'number' ? strata : strata.length;
    if (!Number.isInteger(n) || n < 1) throw new ParameterError(`Rng.stratifiedFolds: needs at least one row, got ${n}`);
    if (!Number.isInteger(k) || k < 2 || k > n) throw new ParameterError(`Rng.stratifiedFolds: k must be an integer in [2, ${n}], got ${k}`);
    const folds = new Int32Array(n);
    if (typeof strata === 'number') {
      const perm = this.permutation(n);
      for (let q = 0; q < n; q++) folds[perm[q]] = (q % k) + 1;
      return folds;
    }
    let offset = 0;
    for (const members of strataMembers('Rng.stratifiedFolds', strata)) {
      const perm = this.permutation(members.length);
      for (let q = 0; q < members.length; q++) folds[members[perm[q]]] = ((q + offset) % k) + 1;
      offset += members.length;
    }
    return folds;
  }

  /**
   * A train/test split of n rows, stratified: in each stratum, round(testFraction x its size) rows
   * drawn at random go to the test set. Both index arrays are sorted.
   * @param strata a stratum per row (class, event indicator, centre), or a row count n for no strata.
   * @example
   * const { train, test } = new Rng(42).stratifiedSplit(y, 0.3);
   */
  stratifiedSplit(strata: ArrayLike<number | string> | number, testFraction: number): { train: Int32Array; test: Int32Array } {
    if (!(testFraction > 0 && testFraction < 1)) throw new ParameterError(`Rng.stratifiedSplit: testFraction must be strictly between 0 and 1, got ${testFraction}`);
    const n = typeof strata === 'number' ? strata : strata.length;
    if (!Number.isInteger(n) || n < 2) throw new ParameterError(`Rng.stratifiedSplit: needs at least two rows, got ${n}`);
    const groups = typeof strata === 'number' ? [Int32Array.from({ length: n }, (_, i) => i)] : strataMembers('Rng.stratifiedSplit', strata);
    const inTest = new Uint8Array(n);
    for (const members of groups) {
      const take = Math.round(testFraction * members.length);
      const chosen = this.sample(members.length, take);
      for (let q = 0; q < take; q++) inTest[members[chosen[q]]] = 1;
    }
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (inTest[i] ? test : train).push(i);
    if (train.length === 0 || test.length === 0) throw new ParameterError(`Rng.stratifiedSplit: testFraction ${testFraction} of ${n} rows leaves an empty ${train.length === 0 ? 'training' : 'test'} set`);
    return { train: Int32Array.from(train), test: Int32Array.from(test) };
  }

  private permutationPrefix(n: number, k: number): Int32Array {
    const pool = new Int32Array(n);
    for (let i = 0; i < n; i++) pool[i] = i;
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
    }
    return pool.slice(0, k);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mixKey(key: Uint32Array, value: number, salt: number): Uint32Array {
  const out = new Uint32Array(4);
  let carry = fmix32(value ^ salt);
  for (let k = 0; k < 4; k++) {
    carry = fmix32((key[k] ^ carry) + Math.imul(k + 1, 0x9e3779b9));
    out[k] = carry;
  }
  return out;
}

function keyFromSeed(seed: number | string): Uint32Array {
  let words: number[];
  if (typeof seed === 'number') {
    if (!Number.isInteger(seed) || seed < 0 || seed > Number.MAX_SAFE_INTEGER) {
      throw new ParameterError(`Rng: seed must be a non-negative integer or a string, got ${seed}`);
    }
    words = [seed >>> 0, Math.floor(seed / TWO_POW_32) >>> 0];
  } else if (typeof seed === 'string') {
    words = [0x53545200];
    for (let i = 0; i < seed.length; i++) words.push(seed.charCodeAt(i));
  } else {
    throw new ParameterError(`Rng: seed must be a non-negative integer or a string, got ${String(seed)}`);
  }
  let key: Uint32Array = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a]);
  for (let i = 0; i < words.length; i++) key = mixKey(key, words[i], i);
  return key;
}

/** Rows of each stratum, strata in sorted order (numbers numerically, else as text). */
function strataMembers(where: string, strata: ArrayLike<number | string>): Int32Array[] {
  const byLevel = new Map<number | string, number[]>();
  for (let i = 0; i < strata.length; i++) {
    const v = strata[i];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) throw new ParameterError(`${where}: stratum of row ${i + 1} is missing`);
    let rows = byLevel.get(v);
    if (rows === undefined) byLevel.set(v, (rows = []));
    rows.push(i);
  }
  const levels = [...byLevel.keys()];
  const numeric = levels.every((l) => typeof l === 'number');
  levels.sort(numeric ? (a, b) => (a as number) - (b as number) : (a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  return levels.map((l) => Int32Array.from(byLevel.get(l)!));
}
