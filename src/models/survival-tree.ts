/**
 * One survival tree of a random survival forest: grown on a bootstrap sample (or subsample) with
 * log-rank or log-rank score splitting at `mtry` features drawn at every node, leaves holding the
 * Nelson-Aalen counts of their events on the forest's time grid.
 *
 * This module holds the numerical core shared by the forest and its worker threads; the public
 * estimator is {@link RandomSurvivalForest} in `random-survival-forest.ts`.
 */
import { DataError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';

/** Growing settings of every tree of a forest (resolved forest options). */
export interface SurvivalTreeSettings {
  mtry: number;
  minNodeSize: number;
  /** 0 = unlimited. */
  maxDepth: number;
  split: 'logrank' | 'logrankscore';
  /** 0 = every split point; otherwise that many random split points per feature and node. */
  nsplit: number;
  replace: boolean;
  sampleFraction: number;
}

/**
 * The training data of a forest, prepared once and shared read-only by every tree (and copied to
 * every worker thread).
 */
export interface ForestData {
  n: number;
  p: number;
  /** Features, column-major `n x p`. */
  x: Float64Array;
  /** Dense ranks of each feature's values (equal values, equal rank), column-major `n x p`. */
  xRank: Int32Array;
  /** Dense rank of each observation's time among the distinct times. */
  timeRank: Int32Array;
  /** 1 = event, 0 = censored. */
  event: Uint8Array;
  /** Number of distinct times. */
  nTimes: number;
  /** For each distinct time (by rank), its index on the forest's time grid (distinct event times), or -1. */
  gridOfTime: Int32Array;
}

/**
 * A grown tree in flat arrays. Node 0 is the root; an inner node `k` sends an observation to
 * `left[k]` when its value of feature `splitVar[k]` is `<= splitValue[k]` and to `left[k] + 1`
 * otherwise. A leaf has `splitVar[k] = -1` and `left[k]` = its leaf number; leaf `l` holds, for
 * each distinct event time in it (by index on the forest grid), the number of events and the
 * number at risk (in-bag observations counted with their multiplicity), in
 * `leafGrid/leafDeaths/leafAtRisk[leafOffset[l] .. leafOffset[l + 1])`.
 */
export interface SurvivalTree {
  splitVar: Int32Array;
  splitValue: Float64Array;
  left: Int32Array;
  leafOffset: Int32Array;
  leafGrid: Int32Array;
  leafDeaths: Int32Array;
  leafAtRisk: Int32Array;
}

/** A tree with the observations it did not see (its out-of-bag sample). */
export interface GrownTree {
  tree: SurvivalTree;
  oob: Int32Array;
}

/** Sort keys pack a rank and a position below 2^21 into one exactly representable double. */
const KEY_SHIFT = 2097152;
const INV_KEY_SHIFT = 1 / KEY_SHIFT;
/** Largest number of in-bag observations a tree can hold (positions must fit below 2^21). */
export const MAX_TREE_SAMPLES = KEY_SHIFT;
/**
 * A split must beat the best so far by more than rounding: statistics equal in exact arithmetic
 * (the same partition reached through another feature, or equally good cut points) keep the first
 * candidate, as ranger's bitwise-equal values do, instead of whichever rounding favours.
 */
const TIE_TOLERANCE = 1 + 1e-12;
/** A split is considered only when the log-rank variance exceeds this share of its linear part. */
const VARIANCE_TOLERANCE = 1e-10;

/**
 * Grows trees on one {@link ForestData}, reusing its workspaces (allocated once, sized by the
 * in-bag sample) from tree to tree: no per-node copies.
 */
export class SurvivalTreeGrower {
  private readonly data: ForestData;
  private readonly settings: SurvivalTreeSettings;
  private readonly sampleSize: number;
  // in-bag observation ids, kept sorted by time inside every node
  private readonly ids: Int32Array;
  private readonly buffer: Int32Array;
  private readonly inbag: Int32Array;
  private readonly timeCount: Int32Array;
  private readonly varPerm: Int32Array;
  // node workspaces (by position inside the node, or by local distinct time)
  private readonly localRank: Int32Array;
  private readonly localEvent: Uint8Array;
  private readonly keys: Float64Array;
  private readonly count: Int32Array;
  private readonly deaths: Int32Array;
  private readonly atRisk: Int32Array;
  private readonly cumH: Float64Array;
  private readonly cumA: Float64Array;
  private readonly cumC: Float64Array;
  private readonly fenC: Float64Array;
  private readonly fenN: Float64Array;
  private readonly eligible: Int32Array;
  private readonly marked: Uint8Array;
  // the tree being grown
  private readonly splitVar: Int32Array;
  private readonly splitValue: Float64Array;
  private readonly left: Int32Array;
  private readonly nodeStart: Int32Array;
  private readonly nodeEnd: Int32Array;
  private readonly nodeDepth: Int32Array;
  private readonly leafOffset: Int32Array;
  private readonly leafGrid: Int32Array;
  private readonly leafDeaths: Int32Array;
  private readonly leafAtRisk: Int32Array;
  private nodeCount = 0;
  private leafCount = 0;
  private leafEntries = 0;
  // per-node results of the statistics pass
  private nodeTimes = 0;
  private nodeDeaths = 0;
  private scoreMean = 0;
  private scoreVar = 0;
  // best split of the current node
  private bestStat = -1;
  private bestVar = -1;
  private bestLow = 0;
  private bestHigh = 0;

  constructor(data: ForestData, settings: SurvivalTreeSettings) {
    this.data = data;
    this.settings = settings;
    const size = treeSampleSize(data.n, settings);
    this.sampleSize = size;
    this.ids = new Int32Array(size);
    this.buffer = new Int32Array(size);
    this.inbag = new Int32Array(data.n);
    this.timeCount = new Int32Array(data.nTimes + 1);
    this.varPerm = new Int32Array(data.p);
    for (let j = 0; j < data.p; j++) this.varPerm[j] = j;
    this.localRank = new Int32Array(size);
    this.localEvent = new Uint8Array(size);
    this.keys = new Float64Array(size);
    this.count = new Int32Array(size);
    this.deaths = new Int32Array(size);
    this.atRisk = new Int32Array(size);
    this.cumH = new Float64Array(size);
    this.cumA = new Float64Array(size);
    this.cumC = new Float64Array(size);
    this.fenC = new Float64Array(size + 1);
    this.fenN = new Float64Array(size + 1);
    this.eligible = new Int32Array(size);
    this.marked = new Uint8Array(size);
    const maxNodes = 2 * size;
    this.splitVar = new Int32Array(maxNodes);
    this.splitValue = new Float64Array(maxNodes);
    this.left = new Int32Array(maxNodes);
    this.nodeStart = new Int32Array(maxNodes);
    this.nodeEnd = new Int32Array(maxNodes);
    this.nodeDepth = new Int32Array(maxNodes);
    this.leafOffset = new Int32Array(size + 1);
    this.leafGrid = new Int32Array(size);
    this.leafDeaths = new Int32Array(size);
    this.leafAtRisk = new Int32Array(size);
  }

  /** Grows one tree with the given generator (the tree's own forked stream). */
  grow(rng: Rng): GrownTree {
    const { n, p } = this.data;
    // every tree starts from the same state: results do not depend on which trees a worker grew before
    for (let j = 0; j < p; j++) this.varPerm[j] = j;
    this.drawSample(rng);
    this.nodeCount = 1;
    this.leafCount = 0;
    this.leafEntries = 0;
    this.leafOffset[0] = 0;
    this.nodeStart[0] = 0;
    this.nodeEnd[0] = this.sampleSize;
    this.nodeDepth[0] = 0;
    // depth-first, left child first; a stack of node numbers
    const stack = [0];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (this.splitNode(node, rng)) {
        const child = this.left[node];
        stack.push(child + 1, child);
      }
    }
    let oobCount = 0;
    for (let i = 0; i < n; i++) if (this.inbag[i] === 0) oobCount++;
    const oob = new Int32Array(oobCount);
    for (let i = 0, k = 0; i < n; i++) if (this.inbag[i] === 0) oob[k++] = i;
    const nodes = this.nodeCount;
    const entries = this.leafEntries;
    return {
      tree: {
        splitVar: this.splitVar.slice(0, nodes),
        splitValue: this.splitValue.slice(0, nodes),
        left: this.left.slice(0, nodes),
        leafOffset: this.leafOffset.slice(0, this.leafCount + 1),
        leafGrid: this.leafGrid.slice(0, entries),
        leafDeaths: this.leafDeaths.slice(0, entries),
        leafAtRisk: this.leafAtRisk.slice(0, entries),
      },
      oob,
    };
  }

  /** Draws the in-bag sample and sorts it by time (counting sort on the time ranks). */
  private drawSample(rng: Rng): void {
    const { n, nTimes, timeRank } = this.data;
    const inbag = this.inbag;
    inbag.fill(0);
    const size = this.sampleSize;
    if (this.settings.replace) {
      for (let k = 0; k < size; k++) inbag[rng.int(n)]++;
    } else {
      const drawn = rng.sample(n, size);
      for (let k = 0; k < size; k++) inbag[drawn[k]] = 1;
    }
    const tc = this.timeCount;
    tc.fill(0);
    for (let i = 0; i < n; i++) if (inbag[i] > 0) tc[timeRank[i] + 1] += inbag[i];
    for (let t = 0; t < nTimes; t++) tc[t + 1] += tc[t];
    const ids = this.ids;
    for (let i = 0; i < n; i++) {
      for (let c = inbag[i]; c > 0; c--) ids[tc[timeRank[i]]++] = i;
    }
  }

  /**
   * Tries to split `node`. On success records the split, partitions its observations (keeping
   * each child sorted by time), creates the two children and returns true; otherwise makes the
   * node a leaf and returns false.
   */
  private splitNode(node: number, rng: Rng): boolean {
    const start = this.nodeStart[node];
    const end = this.nodeEnd[node];
    const size = end - start;
    const { minNodeSize, maxDepth, mtry, split } = this.settings;
    this.nodeStatistics(start, end);
    const depthReached = maxDepth > 0 && this.nodeDepth[node] >= maxDepth;
    if (this.nodeDeaths === 0 || this.nodeTimes < 2 || size < 2 * minNodeSize || depthReached) {
      this.makeLeaf(node);
      return false;
    }
    if (split === 'logrankscore' && !(this.scoreVar > 0)) {
      this.makeLeaf(node);
      return false;
    }
    // mtry features drawn without replacement (partial Fisher-Yates over a persistent permutation)
    const p = this.data.p;
    const perm = this.varPerm;
    this.bestStat = -1;
    this.bestVar = -1;
    for (let k = 0; k < mtry; k++) {
      const j = k + rng.int(p - k);
      const v = perm[j];
      perm[j] = perm[k];
      perm[k] = v;
      this.evaluateFeature(v, start, end, rng);
    }
    if (this.bestVar < 0) {
      this.makeLeaf(node);
      return false;
    }
    let value = (this.bestLow + this.bestHigh) / 2;
    if (value === this.bestHigh) value = this.bestLow;
    // stable partition: left (<= value) first, both halves keep their time order
    const ids = this.ids;
    const buf = this.buffer;
    const x = this.data.x;
    const offset = this.bestVar * this.data.n;
    let w = start;
    let r = 0;
    for (let q = start; q < end; q++) {
      const id = ids[q];
      if (x[offset + id] <= value) ids[w++] = id;
      else buf[r++] = id;
    }
    for (let k = 0; k < r; k++) ids[w + k] = buf[k];
    const child = this.nodeCount;
    this.nodeCount += 2;
    this.splitVar[node] = this.bestVar;
    this.splitValue[node] = value;
    this.left[node] = child;
    const depth = this.nodeDepth[node] + 1;
    this.nodeStart[child] = start;
    this.nodeEnd[child] = w;
    this.nodeDepth[child] = depth;
    this.nodeStart[child + 1] = w;
    this.nodeEnd[child + 1] = end;
    this.nodeDepth[child + 1] = depth;
    return true;
  }

  /**
   * Distinct times of the node (its observations are sorted by time), their event and at-risk
   * counts, and the cumulative sums the split statistics need: the Nelson-Aalen hazard H, and for
   * the log-rank variance A = sum w/Y and C = sum w/Y^2 with w = d (Y - d) / (Y - 1); or the
   * log-rank scores' mean and variance for `logrankscore`.
   */
  private nodeStatistics(start: number, end: number): void {
    const ids = this.ids;
    const { timeRank, event } = this.data;
    const localRank = this.localRank;
    const localEvent = this.localEvent;
    const count = this.count;
    const deaths = this.deaths;
    let m = 0;
    let previous = -1;
    let totalDeaths = 0;
    for (let q = start; q < end; q++) {
      const id = ids[q];
      const tr = timeRank[id];
      if (tr !== previous) {
        count[m] = 0;
        deaths[m] = 0;
        m++;
        previous = tr;
      }
      const e = event[id];
      localRank[q - start] = m - 1;
      localEvent[q - start] = e;
      count[m - 1]++;
      deaths[m - 1] += e;
      totalDeaths += e;
    }
    const atRisk = this.atRisk;
    let y = 0;
    for (let k = m - 1; k >= 0; k--) {
      y += count[k];
      atRisk[k] = y;
    }
    this.nodeTimes = m;
    this.nodeDeaths = totalDeaths;
    const size = end - start;
    if (this.settings.split === 'logrank') {
      const cumH = this.cumH;
      const cumA = this.cumA;
      const cumC = this.cumC;
      let H = 0;
      let A = 0;
      let C = 0;
      for (let k = 0; k < m; k++) {
        const d = deaths[k];
        const Y = atRisk[k];
        if (d > 0) {
          H += d / Y;
          if (Y > 1) {
            const wY = (d * (Y - d)) / (Y - 1) / Y;
            A += wY;
            C += wY / Y;
          }
        }
        cumH[k] = H;
        cumA[k] = A;
        cumC[k] = C;
      }
    } else {
      // log-rank scores a = event - sum over times t <= T of d_t / (n - Gamma_t + 1), Gamma_t the
      // number with time <= t (Hothorn & Lausen 2003; Ishwaran et al. 2008, section 3.3)
      const score = this.cumH;
      let s = 0;
      let gamma = 0;
      for (let k = 0; k < m; k++) {
        gamma += count[k];
        s += deaths[k] / (size - gamma + 1);
        score[k] = s;
      }
      let sum = 0;
      for (let q = 0; q < size; q++) sum += localEvent[q] - score[localRank[q]];
      const mean = sum / size;
      let ss = 0;
      for (let q = 0; q < size; q++) {
        const dev = localEvent[q] - score[localRank[q]] - mean;
        ss += dev * dev;
      }
      this.scoreMean = mean;
      this.scoreVar = size > 1 ? ss / (size - 1) : 0;
    }
  }

  /** Evaluates every admissible split point of feature `v` in the node and keeps the best. */
  private evaluateFeature(v: number, start: number, end: number, rng: Rng): void {
    const size = end - start;
    const { n, xRank, x } = this.data;
    const ids = this.ids;
    const keys = this.keys;
    const offset = v * n;
    for (let k = 0; k < size; k++) keys[k] = xRank[offset + ids[start + k]] * KEY_SHIFT + k;
    const sorted = keys.subarray(0, size);
    sorted.sort();
    const firstRank = Math.floor(sorted[0] * INV_KEY_SHIFT);
    const lastRank = Math.floor(sorted[size - 1] * INV_KEY_SHIFT);
    if (firstRank === lastRank) return;
    const minNodeSize = this.settings.minNodeSize;
    const last = size - minNodeSize; // the left child holds positions 0..q, q < last
    const nsplit = this.settings.nsplit;
    const marked = this.marked;
    let restrict = false;
    if (nsplit > 0) {
      // admissible boundaries, then nsplit of them at random
      const eligible = this.eligible;
      let count = 0;
      for (let q = minNodeSize - 1; q < last; q++) {
        if (Math.floor(sorted[q] * INV_KEY_SHIFT) !== Math.floor(sorted[q + 1] * INV_KEY_SHIFT)) eligible[count++] = q;
      }
      if (count === 0) return;
      if (count > nsplit) {
        restrict = true;
        for (let q = 0; q < size; q++) marked[q] = 0;
        for (let k = 0; k < nsplit; k++) {
          const j = k + rng.int(count - k);
          const t = eligible[j];
          eligible[j] = eligible[k];
          eligible[k] = t;
          marked[t] = 1;
        }
      }
    }
    let bestQ = -1;
    let best = this.bestStat;
    const localRank = this.localRank;
    const localEvent = this.localEvent;
    if (this.settings.split === 'logrank') {
      const m = this.nodeTimes;
      const fenC = this.fenC;
      const fenN = this.fenN;
      for (let k = 0; k <= m; k++) {
        fenC[k] = 0;
        fenN[k] = 0;
      }
      const cumH = this.cumH;
      const cumA = this.cumA;
      const cumC = this.cumC;
      let num = 0;
      let lin = 0;
      let quad = 0;
      let nLeft = 0;
      let rankHere = firstRank;
      for (let q = 0; q < last; q++) {
        const k = sorted[q] - rankHere * KEY_SHIFT;
        const r = localRank[k];
        num += localEvent[k] - cumH[r];
        lin += cumA[r];
        const Cr = cumC[r];
        // sum over left members j of C(min(r, r_j)), from Fenwick sums over local time ranks < r
        let s1 = 0;
        let less = 0;
        for (let i = r; i > 0; i -= i & -i) {
          s1 += fenC[i];
          less += fenN[i];
        }
        quad += 2 * (s1 + Cr * (nLeft - less)) + Cr;
        for (let i = r + 1; i <= m; i += i & -i) {
          fenC[i] += Cr;
          fenN[i] += 1;
        }
        nLeft++;
        const nextRank = Math.floor(sorted[q + 1] * INV_KEY_SHIFT);
        const boundary = nextRank !== rankHere;
        rankHere = nextRank;
        if (!boundary || nLeft < minNodeSize || (restrict && marked[q] === 0)) continue;
        const variance = lin - quad;
        if (!(variance > VARIANCE_TOLERANCE * lin)) continue;
        const stat = Math.abs(num) / Math.sqrt(variance);
        if (stat > best * TIE_TOLERANCE) {
          best = stat;
          bestQ = q;
        }
      }
    } else {
      const score = this.cumH;
      const mean = this.scoreMean;
      const variance = this.scoreVar;
      let sum = 0;
      let rankHere = firstRank;
      for (let q = 0; q < last; q++) {
        const k = sorted[q] - rankHere * KEY_SHIFT;
        sum += localEvent[k] - score[localRank[k]];
        const nLeft = q + 1;
        const nextRank = Math.floor(sorted[q + 1] * INV_KEY_SHIFT);
        const boundary = nextRank !== rankHere;
        rankHere = nextRank;
        if (!boundary || nLeft < minNodeSize || (restrict && marked[q] === 0)) continue;
        const denom = nLeft * (1 - nLeft / size) * variance;
        if (!(denom > 0)) continue;
        const stat = Math.abs(sum - nLeft * mean) / Math.sqrt(denom);
        if (stat > best * TIE_TOLERANCE) {
          best = stat;
          bestQ = q;
        }
      }
    }
    if (bestQ >= 0) {
      this.bestStat = best;
      this.bestVar = v;
      this.bestLow = x[offset + ids[start + keyPosition(sorted[bestQ])]];
      this.bestHigh = x[offset + ids[start + keyPosition(sorted[bestQ + 1])]];
    }
  }

  /** Records the node as a leaf with its distinct event times, events and numbers at risk. */
  private makeLeaf(node: number): void {
    const leaf = this.leafCount++;
    this.splitVar[node] = -1;
    this.splitValue[node] = 0;
    this.left[node] = leaf;
    // the node's statistics pass left its distinct times in order; map their ranks to the grid
    const start = this.nodeStart[node];
    const end = this.nodeEnd[node];
    const ids = this.ids;
    const { timeRank, gridOfTime } = this.data;
    let e = this.leafEntries;
    let k = -1;
    let previous = -1;
    for (let q = start; q < end; q++) {
      const tr = timeRank[ids[q]];
      if (tr === previous) continue;
      previous = tr;
      k++;
      if (this.deaths[k] > 0) {
        this.leafGrid[e] = gridOfTime[tr];
        this.leafDeaths[e] = this.deaths[k];
        this.leafAtRisk[e] = this.atRisk[k];
        e++;
      }
    }
    this.leafEntries = e;
    this.leafOffset[leaf + 1] = e;
  }
}

function keyPosition(key: number): number {
  return key - Math.floor(key * INV_KEY_SHIFT) * KEY_SHIFT;
}

/**
 * The number of in-bag observations of each tree (n times the sample fraction, truncated as ranger).
 *
 * @throws DataError when that leaves fewer than 2, exceeds {@link MAX_TREE_SAMPLES}, or exceeds n
 *   without replacement.
 */
export function treeSampleSize(n: number, settings: SurvivalTreeSettings): number {
  const size = Math.floor(n * settings.sampleFraction);
  if (size < 2) throw new DataError(`RandomSurvivalForest: sampleFraction ${settings.sampleFraction} leaves ${size} observation(s) per tree; a tree needs at least 2`, 'DATA_TOO_FEW_ROWS');
  if (size > MAX_TREE_SAMPLES) throw new DataError(`RandomSurvivalForest: ${size} observations per tree; at most ${MAX_TREE_SAMPLES} are supported`, 'DATA_SHAPE');
  if (!settings.replace && size > n) throw new DataError(`RandomSurvivalForest: cannot draw ${size} of ${n} observations without replacement`, 'DATA_SHAPE');
  return size;
}

/**
 * The leaf of row `row` of the column-major matrix `x` (with `rows` rows) in `tree`; with
 * `feature` >= 0, as if that feature's value were `value` (permutation importance).
 */
export function leafOf(tree: SurvivalTree, x: Float64Array, rows: number, row: number, feature = -1, value = 0): number {
  const splitVar = tree.splitVar;
  const splitValue = tree.splitValue;
  const left = tree.left;
  let node = 0;
  let v = splitVar[0];
  while (v >= 0) {
    const xv = v === feature ? value : x[row + v * rows];
    node = xv <= splitValue[node] ? left[node] : left[node] + 1;
    v = splitVar[node];
  }
  return left[node];
}

/**
 * Each leaf's mortality: the sum of its Nelson-Aalen cumulative hazard over the `gridSize`
 * points of the time grid (an event at grid index g counts at every point from g on).
 */
export function leafMortality(tree: SurvivalTree, gridSize: number): Float64Array {
  const leaves = tree.leafOffset.length - 1;
  const out = new Float64Array(leaves);
  for (let l = 0; l < leaves; l++) {
    let s = 0;
    for (let e = tree.leafOffset[l]; e < tree.leafOffset[l + 1]; e++) s += (tree.leafDeaths[e] / tree.leafAtRisk[e]) * (gridSize - tree.leafGrid[e]);
    out[l] = s;
  }
  return out;
}
