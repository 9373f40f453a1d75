/**
 * A fitted ComBat: the learned adjustment applied to any samples (known batches, a new batch
 * estimated or pooled), its summary and its model file.
 */
import { checkBoolean, checkOneOf, resolveOptions } from '../../core/checks.js';
import { DataError, ModelFormatError, ParameterError } from '../../core/errors.js';
import { Matrix64 } from '../../core/matrix.js';
import { listPreview, plural, quote } from '../../core/messages.js';
import { openModel, toPlainArray, wrapModel } from '../../core/model-json.js';
import { CovariateDesign } from '../../data/covariate-design.js';
import { checkFeatures, type FittedTransformer, type MatrixInput } from '../../core/estimator.js';
import type { ComBatOptions, ComBatTransformOptions, ComBatBatchEstimates, NewBatch } from './options.js';
import { shrink, meanVariance, type BatchMoments } from './empirical-bayes.js';
import { checkBatch, checkFiniteMatrix } from './checks.js';

const MIN_NEW_BATCH = 5;

export interface FittedComBatState {
  options: Readonly<ComBatOptions>;
  batchColumn: string | null;
  featureNames: string[];
  levels: string[];
  batchSizes: number[];
  covariates: CovariateDesign;
  /** 1 when the feature is harmonized, 0 when it has no variance inside some training batch. */
  adjusted: Uint8Array;
  grandMean: Float64Array;
  varPooled: Float64Array;
  /** One array of p coefficients per covariate design column. */
  covariateCoefficients: Float64Array[];
  /** Per batch level, p values (standardized scale). */
  gammaHat: Float64Array[];
  deltaHat: Float64Array[];
  gammaStar: Float64Array[];
  deltaStar: Float64Array[];
  batches: ComBatBatchEstimates[];
  warnings: string[];
}

/** A `ComBat` model fitted to training samples; applies the learned adjustment to any samples. */
export class FittedComBat implements FittedTransformer {
  static readonly kind = 'FittedComBat';
  static readonly schemaVersion = 1;
  readonly options: Readonly<ComBatOptions>;
  /** Name of the batch column in the training table, when known. */
  readonly batchColumn: string | null;
  readonly featureNames: readonly string[];
  /** Training batch levels, sorted. */
  readonly levels: readonly string[];
  readonly batchSizes: readonly number[];
  readonly covariates: CovariateDesign;
  readonly adjusted: Uint8Array;
  readonly grandMean: Float64Array;
  readonly varPooled: Float64Array;
  readonly covariateCoefficients: readonly Float64Array[];
  readonly gammaHat: readonly Float64Array[];
  readonly deltaHat: readonly Float64Array[];
  readonly gammaStar: readonly Float64Array[];
  readonly deltaStar: readonly Float64Array[];
  readonly batches: readonly ComBatBatchEstimates[];
  /** Soft problems found while fitting (e.g. features left unadjusted). */
  readonly diagnostics: { warnings: string[] };

  /** The output columns: the same features, harmonized. */
  get outputNames(): readonly string[] {
    return this.featureNames;
  }

  constructor(state: FittedComBatState) {
    this.options = state.options;
    this.batchColumn = state.batchColumn;
    this.featureNames = state.featureNames;
    this.levels = state.levels;
    this.batchSizes = state.batchSizes;
    this.covariates = state.covariates;
    this.adjusted = state.adjusted;
    this.grandMean = state.grandMean;
    this.varPooled = state.varPooled;
    this.covariateCoefficients = state.covariateCoefficients;
    this.gammaHat = state.gammaHat;
    this.deltaHat = state.deltaHat;
    this.gammaStar = state.gammaStar;
    this.deltaStar = state.deltaStar;
    this.batches = state.batches;
    this.diagnostics = { warnings: state.warnings };
  }

  /**
   * Harmonizes samples: for a sample of training batch b with covariates z,
   * `x* = ((x - m) / s - gamma*_b) / sqrt(delta*_b) * s + m` with `m = grandMean + z'beta` and
   * `s = sqrt(varPooled)`, all learned in training (the covariates of the new patients enter
   * through the learned coefficients). Reference-batch samples and unadjusted features are
   * returned unchanged.
   *
   * @throws DataError for a wrong number of features, missing values, unknown batches (unless
   *   `newBatch: 'estimate'` and at least 5 samples of the new batch) or covariate problems.
   */
  transform(input: MatrixInput, options: ComBatTransformOptions): Matrix64 {
    const where = 'FittedComBat.transform';
    if (options === undefined || options === null || options.batch === undefined) throw new ParameterError(`${where}: the batch option (the batch level of each sample) is required`);
    const { batch, covariates = [], ...rest } = options;
    const opts = resolveOptions(where, { newBatch: 'error', missing: 'error', inPlace: false } as { newBatch: NewBatch; missing: 'error' | 'keep'; inPlace: boolean }, rest);
    checkOneOf(where, 'newBatch', opts.newBatch, ['error', 'estimate', 'pooled'] as const);
    checkOneOf(where, 'missing', opts.missing, ['error', 'keep'] as const);
    checkBoolean(where, 'inPlace', opts.inPlace);
    const X = checkFeatures(where, input, this.featureNames);
    const n = X.rows;
    const p = this.featureNames.length;
    const labels = checkBatch(where, batch, n);
    checkFiniteMatrix(where, X, this.featureNames, opts.missing === 'keep');
    const Z = this.covariates.encode(covariates, n, where);
    const q = Z.cols;
    const out = opts.inPlace ? X.withColumnNames(this.featureNames) : new Matrix64(X.rows, X.cols, X.data.slice(), this.featureNames);
    const standMean = (i: number, j: number): number => {
      let sm = this.grandMean[j];
      for (let c = 0; c < q; c++) sm += Z.data[c * n + i] * this.covariateCoefficients[c][j];
      return sm;
    };
    const ref = this.options.refBatch === null ? -1 : this.levels.indexOf(this.options.refBatch);

    // unseen batches
    const unseen = new Map<string, number[]>();
    labels.forEach((l, i) => {
      if (!this.levels.includes(l)) unseen.set(l, [...(unseen.get(l) ?? []), i]);
    });
    const newEstimates = new Map<string, { gamma: Float64Array; delta: Float64Array }>();
    for (const [level, rows] of unseen) {
      if (opts.newBatch === 'error') {
        throw new DataError(
          `${where}: batch ${quote(level)} was not seen in training (${listPreview(this.levels)}); use newBatch "estimate" to estimate it from its samples (at least ${MIN_NEW_BATCH}), or "pooled" to assume it has no batch effect`,
          'DATA_UNKNOWN_LEVEL',
        );
      }
      // assumed without a batch effect: its samples keep their values
      if (opts.newBatch === 'pooled') continue;
      if (rows.length < MIN_NEW_BATCH) {
        throw new DataError(`${where}: new batch ${quote(level)} has ${plural(rows.length, 'sample')}; estimating a new batch needs at least ${MIN_NEW_BATCH}`, 'DATA_SMALL_BATCH');
      }
      for (const i of rows) {
        if (X.row(i).some(Number.isNaN)) throw new DataError(`${where}: sample ${i + 1} of new batch ${quote(level)} has missing values; estimating a new batch needs complete values`, 'DATA_MISSING');
      }
      newEstimates.set(level, this.estimateNewBatch(X, rows, standMean));
    }

    for (let j = 0; j < p; j++) {
      if (!this.adjusted[j]) continue;
      const sd = Math.sqrt(this.varPooled[j]);
      const col = out.column(j);
      for (let i = 0; i < n; i++) {
        const b = this.levels.indexOf(labels[i]);
        if (b === ref && ref >= 0) continue;
        let g: number;
        let d: number;
        if (b >= 0) {
          g = this.gammaStar[b][j];
          d = this.deltaStar[b][j];
        } else if (opts.newBatch === 'pooled') {
          continue;
        } else {
          const e = newEstimates.get(labels[i])!;
          g = e.gamma[j];
          d = e.delta[j];
        }
        const sm = standMean(i, j);
        const s = (col[i] - sm) / sd;
        col[i] = ((s - g) / Math.sqrt(d)) * sd + sm;
      }
    }
    return out;
  }

  /** Location and scale of a batch not seen in training, estimated from its samples against its own feature-wide priors. */
  private estimateNewBatch(X: Matrix64, rows: number[], standMean: (i: number, j: number) => number): { gamma: Float64Array; delta: Float64Array } {
    const p = this.featureNames.length;
    const kept: number[] = [];
    for (let j = 0; j < p; j++) if (this.adjusted[j]) kept.push(j);
    const pk = kept.length;
    const nb = rows.length;
    const standardized = new Float64Array(nb);
    const moments: BatchMoments = { n: nb, mean: new Float64Array(pk), ss: new Float64Array(pk) };
    const gh = new Float64Array(pk);
    const dh = new Float64Array(pk);
    for (let k = 0; k < pk; k++) {
      const j = kept[k];
      const sd = Math.sqrt(this.varPooled[j]);
      for (let r = 0; r < nb; r++) standardized[r] = (X.get(rows[r], j) - standMean(rows[r], j)) / sd;
      const { mean, variance, ss } = meanVariance(standardized, null);
      moments.mean[k] = mean;
      moments.ss[k] = ss;
      gh[k] = mean;
      dh[k] = this.options.meanOnly ? 1 : variance;
      if (!(dh[k] > 0)) dh[k] = 1;
    }
    const result = shrink(gh, dh, moments, this.options);
    const gamma = new Float64Array(p);
    const delta = new Float64Array(p).fill(1);
    for (let k = 0; k < pk; k++) {
      gamma[kept[k]] = result.gamma[k];
      delta[kept[k]] = result.delta[k];
    }
    return { gamma, delta };
  }

  /** One row per batch level and feature: the estimates on the standardized scale. */
  summary(): { batch: string; feature: string; gammaHat: number; deltaHat: number; gammaStar: number; deltaStar: number; adjusted: boolean }[] {
    const rows = [];
    for (let b = 0; b < this.levels.length; b++) {
      for (let j = 0; j < this.featureNames.length; j++) {
        rows.push({
          batch: this.levels[b],
          feature: this.featureNames[j],
          gammaHat: this.gammaHat[b][j],
          deltaHat: this.deltaHat[b][j],
          gammaStar: this.gammaStar[b][j],
          deltaStar: this.deltaStar[b][j],
          adjusted: this.adjusted[j] === 1,
        });
      }
    }
    return rows;
  }

  toJSON(): object {
    return wrapModel(FittedComBat.kind, FittedComBat.schemaVersion, {
      options: { ...this.options },
      batchColumn: this.batchColumn,
      featureNames: [...this.featureNames],
      levels: [...this.levels],
      batchSizes: [...this.batchSizes],
      covariates: this.covariates.toJSON(),
      adjusted: Array.from(this.adjusted, (a) => a === 1),
      grandMean: toPlainArray(this.grandMean),
      varPooled: toPlainArray(this.varPooled),
      covariateCoefficients: this.covariateCoefficients.map(toPlainArray),
      gammaHat: this.gammaHat.map(toPlainArray),
      deltaHat: this.deltaHat.map(toPlainArray),
      gammaStar: this.gammaStar.map(toPlainArray),
      deltaStar: this.deltaStar.map(toPlainArray),
      batches: this.batches.map((b) => ({ ...b, aPrior: finiteOrNull(b.aPrior), bPrior: finiteOrNull(b.bPrior), tau2: finiteOrNull(b.tau2) })),
      warnings: [...this.diagnostics.warnings],
    });
  }

  /** @throws ModelFormatError for anything but a valid FittedComBat object. */
  static fromJSON(json: unknown): FittedComBat {
    const r = openModel(json, FittedComBat.kind, FittedComBat.schemaVersion);
    const o = r.object('options');
    const options: ComBatOptions = {
      parametric: o.boolean('parametric'),
      eb: o.boolean('eb'),
      meanOnly: o.boolean('meanOnly'),
      refBatch: o.has('refBatch') ? o.string('refBatch') : null,
      convergence: o.number('convergence'),
    };
    const featureNames = r.strings('featureNames');
    const p = featureNames.length;
    const levels = r.strings('levels');
    const K = levels.length;
    const covariates = CovariateDesign.fromReaders(r.objects('covariates'));
    const adjusted = r.booleans('adjusted', p);
    const readRows = (field: string, count: number) => r.numberRows(field, count, p);
    const covariateCoefficients = readRows('covariateCoefficients', covariates.columnNames.length);
    const batches = r.objects('batches').map((b) => ({
      level: b.string('level'),
      n: b.integer('n', 1),
      gammaBar: b.number('gammaBar'),
      tau2: b.has('tau2') ? b.number('tau2') : NaN,
      aPrior: b.has('aPrior') ? b.number('aPrior') : NaN,
      bPrior: b.has('bPrior') ? b.number('bPrior') : NaN,
    }));
    // the model's own invariants: a tampered or corrupt file is refused, naming the field
    const where = `${FittedComBat.kind}.fromJSON`;
    const fail = (field: string, message: string): never => {
      throw new ModelFormatError(`${where}: ${field} ${message}`);
    };
    if (K < 2) fail('levels', `must list at least two batches, got ${K}`);
    if (new Set(levels).size !== K) fail('levels', 'must not repeat a level');
    if (options.refBatch !== null && !levels.includes(options.refBatch)) fail('options.refBatch', `must be one of the levels, got ${quote(options.refBatch)}`);
    const batchSizes = Array.from(r.numbers('batchSizes', K));
    batchSizes.forEach((v, b) => {
      if (!Number.isInteger(v) || v < 1 || v > 1e9) fail(`batchSizes[${b}]`, `must be a positive count, got ${v}`);
    });
    if (batches.length !== K) fail('batches', `must have one entry per level (${K}), got ${batches.length}`);
    batches.forEach((b, k) => {
      if (b.level !== levels[k]) fail(`batches[${k}].level`, `must be ${quote(levels[k])}, got ${quote(b.level)}`);
      if (b.n !== batchSizes[k]) fail(`batches[${k}].n`, `must equal batchSizes[${k}] (${batchSizes[k]}), got ${b.n}`);
    });
    const varPooled = r.numbers('varPooled', p);
    const deltaStar = readRows('deltaStar', K);
    const deltaHat = readRows('deltaHat', K);
    for (let j = 0; j < p; j++) {
      if (!adjusted[j]) continue;
      if (!(varPooled[j] > 0)) fail(`varPooled[${j}]`, `must be positive for the adjusted feature ${quote(featureNames[j])}, got ${varPooled[j]}`);
      for (let b = 0; b < K; b++) {
        if (!(deltaStar[b][j] > 0)) fail(`deltaStar[${b}][${j}]`, `must be positive (a batch scale), got ${deltaStar[b][j]}`);
        if (!(deltaHat[b][j] >= 0)) fail(`deltaHat[${b}][${j}]`, `must not be negative (a batch variance), got ${deltaHat[b][j]}`);
      }
    }
    return new FittedComBat({
      options,
      batchColumn: r.has('batchColumn') ? r.string('batchColumn') : null,
      featureNames,
      levels,
      batchSizes,
      covariates,
      adjusted: Uint8Array.from(adjusted, (a) => (a ? 1 : 0)),
      grandMean: r.numbers('grandMean', p),
      varPooled,
      covariateCoefficients,
      gammaHat: readRows('gammaHat', K),
      deltaHat,
      gammaStar: readRows('gammaStar', K),
      deltaStar,
      batches,
      warnings: r.strings('warnings'),
    });
  }
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
