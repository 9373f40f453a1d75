/**
 * Out-of-bag concordance and permutation importance of a random survival forest (Breiman's
 * permutation of one feature among the out-of-bag patients of each tree).
 */
import { DataError } from '../core/errors.js';
import { Matrix64 } from '../core/matrix.js';
import { Rng } from '../core/rng.js';
import { concordanceIndex } from '../stats/concordance.js';
import { leafOf, type GrownTree } from './survival-tree.js';
import type { Prepared } from './forest-options.js';

/** One row of `FittedRandomSurvivalForest.summary()`. */
export interface ForestImportanceRow {
  feature: string;
  importance: number;
}

export function safeConcordance(score: Float64Array, time: Float64Array, event: Float64Array, timewt: 'n' | 'n/G2'): number | null {
  if (score.length < 2) return null;
  try {
    const c = concordanceIndex(score, time, event, { timewt });
    return Number.isFinite(c.estimate) ? c.estimate : null;
  } catch (error) {
    if (error instanceof DataError) return null;
    throw error;
  }
}

/**
 * Breiman-Cutler permutation importance at the ensemble level (randomForestSRC's `permute`
 * importance): for feature j, each tree's out-of-bag values of j are permuted (the tree's own
 * stream), out-of-bag observations are dropped down the trees again, and the importance is the
 * drop in out-of-bag Harrell's C of the ensemble mortality. Only trees that split on j change.
 */
export function permutationImportance(
  prepared: Prepared,
  grown: GrownTree[],
  mortalities: Float64Array[],
  oobLeaves: Int32Array[],
  sum: Float64Array,
  count: Int32Array,
  used: number[],
  oobTime: Float64Array,
  oobEvent: Float64Array,
  baseline: number,
  X: Matrix64,
): Float64Array {
  const { n, p } = prepared.data;
  const root = new Rng(prepared.options.seed);
  // trees splitting on each feature
  const treesOf: number[][] = Array.from({ length: p }, () => []);
  for (let t = 0; t < grown.length; t++) {
    const seen = new Uint8Array(p);
    const sv = grown[t].tree.splitVar;
    for (let k = 0; k < sv.length; k++) if (sv[k] >= 0 && seen[sv[k]] === 0) seen[sv[k]] = 1;
    for (let j = 0; j < p; j++) if (seen[j] === 1) treesOf[j].push(t);
  }
  const out = new Float64Array(p);
  const permuted = new Float64Array(sum);
  const score = new Float64Array(used.length);
  for (let j = 0; j < p; j++) {
    if (treesOf[j].length === 0) continue;
    permuted.set(sum);
    for (const t of treesOf[j]) {
      const { tree, oob } = grown[t];
      if (oob.length < 2) continue;
      const perm = root.fork(t).fork(j + 1).permutation(oob.length);
      const leaves = oobLeaves[t];
      for (let k = 0; k < oob.length; k++) {
        const i = oob[k];
        const leaf = leafOf(tree, X.data, n, i, j, X.data[oob[perm[k]] + j * n]);
        if (leaf !== leaves[k]) permuted[i] += mortalities[t][leaf] - mortalities[t][leaves[k]];
      }
    }
    for (let k = 0; k < used.length; k++) score[k] = permuted[used[k]] / count[used[k]];
    const c = safeConcordance(score, oobTime, oobEvent, 'n');
    out[j] = c === null ? 0 : baseline - c;
  }
  return out;
}
