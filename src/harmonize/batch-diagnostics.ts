/**
 * Batch-effect diagnostics before and after harmonization, as data for the report.
 */
import { DataError } from '../core/errors.js';
import type { Matrix64 } from '../core/matrix.js';
import { sortValues } from '../data/column-values.js';
import { kruskalWallis, oneWayAnova } from '../stats/group-tests.js';

/** Per-feature batch statistics of one matrix. */
export interface BatchEffectSnapshot {
  /** mean[b][j]: mean of feature j in batch b. */
  mean: number[][];
  /** variance[b][j]: sample variance (n - 1) of feature j in batch b. */
  variance: number[][];
  /** One-way ANOVA p-value of batch differences in each feature (NaN for a constant feature). */
  anovaP: number[];
  /** Kruskal-Wallis p-value of batch differences in each feature. */
  kruskalP: number[];
  /** Share of features with ANOVA p < 0.05, and with Kruskal-Wallis p < 0.05 (among testable features). */
  shareAnovaSignificant: number;
  shareKruskalSignificant: number;
}

/** Batch effects before and after harmonization. */
export interface BatchEffectDiagnostics {
  batches: string[];
  batchSizes: number[];
  features: string[];
  before: BatchEffectSnapshot;
  after: BatchEffectSnapshot;
}

/**
 * Compares batch effects in the same samples before and after harmonization: per batch and
 * feature the mean and variance, and per feature one-way ANOVA (`anova(lm(x ~ batch))`) and
 * Kruskal-Wallis (`kruskal.test(x, batch)`) p-values, with the share of features where batch
 * matters at p < 0.05.
 *
 * @throws DataError when shapes disagree or there are fewer than two batches.
 */
export function batchEffectDiagnostics(before: Matrix64, after: Matrix64, batch: readonly string[], featureNames: readonly string[]): BatchEffectDiagnostics {
  if (before.rows !== after.rows || before.cols !== after.cols || batch.length !== before.rows || featureNames.length !== before.cols) {
    throw new DataError('batchEffectDiagnostics: before, after, batch and feature names must describe the same samples and features', 'DATA_SHAPE');
  }
  const { levels, group, sizes } = groupsOf('batchEffectDiagnostics', batch);
  return {
    batches: levels,
    batchSizes: sizes,
    features: [...featureNames],
    before: snapshot(before, group, levels.length),
    after: snapshot(after, group, levels.length),
  };
}

/**
 * The batch statistics of one matrix (one side of {@link batchEffectDiagnostics}): take the
 * snapshot before harmonizing in place, and another after, when there is no memory for two copies.
 * @throws DataError when the batch does not match the rows or has fewer than two levels.
 */
export function batchEffectSnapshot(X: Matrix64, batch: readonly string[]): BatchEffectSnapshot {
  if (batch.length !== X.rows) throw new DataError(`batchEffectSnapshot: batch has ${batch.length} values, X has ${X.rows} rows`, 'DATA_SHAPE');
  const { levels, group } = groupsOf('batchEffectSnapshot', batch);
  return snapshot(X, group, levels.length);
}

function groupsOf(where: string, batch: readonly string[]): { levels: string[]; group: Int32Array; sizes: number[] } {
  const levels = sortValues([...new Set(batch)]);
  if (levels.length < 2) throw new DataError(`${where}: needs at least two batches`, 'DATA_ONE_CLASS');
  const group = Int32Array.from(batch, (b) => levels.indexOf(b));
  return { levels, group, sizes: levels.map((_, g) => group.filter((x) => x === g).length) };
}

function snapshot(X: Matrix64, group: Int32Array, K: number): BatchEffectSnapshot {
  const p = X.cols;
  const n = X.rows;
  const mean = Array.from({ length: K }, () => new Array<number>(p).fill(0));
  const variance = Array.from({ length: K }, () => new Array<number>(p).fill(0));
  const anovaP = new Array<number>(p);
  const kruskalP = new Array<number>(p);
  const counts = new Float64Array(K);
  for (let i = 0; i < n; i++) counts[group[i]]++;
  let testable = 0;
  let anovaSignificant = 0;
  let kruskalSignificant = 0;
  for (let j = 0; j < p; j++) {
    const col = X.column(j);
    const sums = new Float64Array(K);
    for (let i = 0; i < n; i++) sums[group[i]] += col[i];
    const ss = new Float64Array(K);
    for (let i = 0; i < n; i++) {
      const d = col[i] - sums[group[i]] / counts[group[i]];
      ss[group[i]] += d * d;
    }
    for (let g = 0; g < K; g++) {
      mean[g][j] = sums[g] / counts[g];
      variance[g][j] = ss[g] / (counts[g] - 1);
    }
    anovaP[j] = oneWayAnova(col, group, K).p;
    kruskalP[j] = kruskalWallis(col, group, K).p;
    if (!Number.isNaN(anovaP[j])) {
      testable++;
      if (anovaP[j] < 0.05) anovaSignificant++;
      if (kruskalP[j] < 0.05) kruskalSignificant++;
    }
  }
  return {
    mean,
    variance,
    anovaP,
    kruskalP,
    shareAnovaSignificant: testable === 0 ? NaN : anovaSignificant / testable,
    shareKruskalSignificant: testable === 0 ? NaN : kruskalSignificant / testable,
  };
}
