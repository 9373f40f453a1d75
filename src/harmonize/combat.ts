/**
 * ComBat harmonization of batch (centre, scanner) effects, matching `sva::ComBat` and applicable
 * to new patients.
 */
import { checkBoolean, checkNumber, checkOneOf, resolveOptions } from '../core/checks.js';
import { DataError, ModelFormatError, ParameterError } from '../core/errors.js';
import { choleskyInPlace, choleskySolveInPlace, crossprod, qrRank } from '../core/linalg.js';
import { Matrix64 } from '../core/matrix.js';
import { listPreview, plural, quote } from '../core/messages.js';
import { openModel, toPlainArray, wrapModel } from '../core/model-json.js';
import { CovariateDesign } from '../data/covariate-design.js';
import { sortValues } from '../data/roles.js';
import { checkFeatures, checkFitOptions, resolveFeatureNames, toMatrix, type FittedTransformer, type MatrixInput, type Response } from '../core/estimator.js';
import type { Column } from '../data/table.js';

/** Options of {@link ComBat}, named after sva's arguments. */
export interface ComBatOptions {
  /**
   * Parametric empirical Bayes priors (normal for the location, inverse gamma for the scale);
   * `false` uses sva's non-parametric priors (`par.prior = FALSE`).
   * @defaultValue true
   */
  parametric: boolean;
  /**
   * Empirical Bayes shrinkage of the batch estimates. `false` uses each feature's own batch
   * location and scale (the L/S model without shrinkage, neuroCombat's `eb = FALSE`).
   * @defaultValue true
   */
  eb: boolean;
  /**
   * Adjust only the batch means, not the variances (`mean.only`).
   * @defaultValue false
   */
  meanOnly: boolean;
  /**
   * Reference batch (M-ComBat, `ref.batch`): left unchanged; the others are mapped to it.
   * @defaultValue null
   */
  refBatch: string | null;
  /**
   * Convergence threshold of the parametric iteration (sva's `it.sol` `conv`), on the largest
   * relative change of any feature's estimates.
   * @defaultValue 1e-4
   */
  convergence: number;
}

/** Options of {@link ComBat.fit} beyond the data. */
export interface ComBatFitOptions {
  featureNames?: readonly string[];
  /** Batch level (scanner, centre) of each sample. */
  batch: ArrayLike<string | number>;
  /** Covariate columns whose effects are preserved (numeric, or text dummy-coded). @defaultValue [] */
  covariates?: readonly Column[];
  /** Name of the batch column, recorded for applying the model to tables. @defaultValue null */
  batchColumn?: string | null;
}

/** Options of {@link FittedComBat.transform}. */
export interface ComBatTransformOptions {
  /** Batch level of each sample. */
  batch: ArrayLike<string | number>;
  /** The covariate columns the model was fitted with, for these samples. @defaultValue [] */
  covariates?: readonly Column[];
  /**
   * A batch not seen in training: `'error'`, or `'estimate'` its location and scale from its own
   * samples (at least 5), standardized with the training estimates, with empirical Bayes priors
   * estimated across that batch's features as ComBat does for every batch.
   * @defaultValue 'error'
   */
  newBatch?: 'error' | 'estimate';
  /**
   * Missing feature values: `'error'`, or `'keep'` them missing (each cell is harmonized on its
   * own, so the present values of a sample are still harmonized). Estimating a new batch needs
   * complete values.
   * @defaultValue 'error'
   */
  missing?: 'error' | 'keep';
  /**
   * Harmonize a Matrix64 input in place (its values are overwritten and it is returned, with the
   * feature names): no second matrix, for tables as large as memory. Other inputs are converted
   * first, so they are never changed.
   * @defaultValue false
   */
  inPlace?: boolean;
}

/** Per-batch estimates, one entry per training batch level. */
export interface ComBatBatchEstimates {
  level: string;
  n: number;
  /** Mean and variance of the batch's location estimates across features (normal prior). */
  gammaBar: number;
  tau2: number;
  /** Inverse-gamma prior of the batch's scale estimates (NaN with meanOnly). */
  aPrior: number;
  bPrior: number;
}

const MIN_NEW_BATCH = 5;

/**
 * ComBat (Johnson, Li & Rabinovic 2007, Biostatistics 8:118, doi:10.1093/biostatistics/kxj037):
 * each feature is modelled as `x = alpha + Z beta + gamma_b + delta_b * e`, standardized by the
 * pooled residual variance, and the batch location `gamma_b` and scale `delta_b` are shrunk towards
 * priors shared by all features of the batch (empirical Bayes); then each sample is mapped back
 * without its batch's effect. With `refBatch` (M-ComBat, Stein et al. 2015,
 * doi:10.1186/s12859-015-0478-3) the reference batch defines the standardization and is left
 * unchanged.
 *
 * Matches `sva::ComBat` (3.46) step by step: design and its confounding checks, pooled variance
 * with 1/n, sample variances for the batch scales, method-of-moments priors, the same iteration and
 * stopping rule, features with no variance inside a batch left unadjusted (reported in
 * `diagnostics.warnings`), a batch with a single sample switching the run to mean-only (reported
 * in `diagnostics.warnings`, and recorded as `meanOnly: true` in the fitted options). Differences:
 * missing values are an error (impute first, inside the resampling); the
 * non-parametric priors are computed in log space, so large batches cannot underflow to NaN as
 * they can in sva; the fitted model can be applied to new patients.
 *
 * @example
 * const fitted = new ComBat({ refBatch: 'C1' }).fit(Xtrain, null, { batch: batchTrain, covariates: covariatesTrain });
 * const harmonized = fitted.transform(Xtest, { batch: batchTest, covariates: covariatesTest });
 */
export class ComBat {
  static readonly defaults: Readonly<ComBatOptions> = { parametric: true, eb: true, meanOnly: false, refBatch: null, convergence: 1e-4 };
  readonly options: Readonly<ComBatOptions>;

  /** @throws ParameterError for unknown or invalid options. */
  constructor(options?: Partial<ComBatOptions>) {
    const opts = resolveOptions('ComBat', ComBat.defaults, options);
    checkBoolean('ComBat', 'parametric', opts.parametric);
    checkBoolean('ComBat', 'eb', opts.eb);
    checkBoolean('ComBat', 'meanOnly', opts.meanOnly);
    if (opts.refBatch !== null && (typeof opts.refBatch !== 'string' || opts.refBatch === '')) {
      throw new ParameterError(`ComBat: refBatch must be a batch level (a non-empty string) or null, got ${quote(opts.refBatch)}`);
    }
    checkNumber('ComBat', 'convergence', opts.convergence, { min: 0, exclusiveMin: true });
    this.options = Object.freeze(opts);
  }

  /**
   * Learns the batch effects from training samples.
   *
   * @param X n x p features (no missing values).
   * @param _response ignored (ComBat does not use the outcome; clinical covariates whose effects
   *   should be preserved go in `covariates`).
   * @param options.batch the batch level of each sample (required).
   * @param options.covariates columns (numeric, or text dummy-coded against the first sorted level)
   *   whose effects are preserved.
   * @param options.batchColumn name of the batch column, recorded for applying the model to tables.
   * @throws DataError for fewer than two batches, missing values, an unknown reference batch, or
   *   covariates confounded with batch.
   */
  fit(input: MatrixInput, _response: Response | null | undefined, options: ComBatFitOptions): FittedComBat {
    const where = 'ComBat';
    checkFitOptions('ComBat.fit', options, ['featureNames', 'batch', 'covariates', 'batchColumn']);
    if (options === undefined || options === null || options.batch === undefined) throw new ParameterError('ComBat.fit: the batch option (the batch level of each sample) is required');
    const { batch, covariates = [], batchColumn = null } = options;
    const X = toMatrix('ComBat.fit', input);
    const n = X.rows;
    const p = X.cols;
    const names = resolveFeatureNames('ComBat.fit', X, options.featureNames);
    const labels = checkBatch(where, batch, n);
    checkFiniteMatrix(where, X, names);
    const levels = sortValues([...new Set(labels)]);
    const K = levels.length;
    if (K < 2) throw new DataError(`${where}: batch has only one level (${quote(levels[0])}); ComBat needs at least two batches`, 'DATA_ONE_CLASS');
    const batchOf = Int32Array.from(labels, (l) => levels.indexOf(l));
    const sizes = new Int32Array(K);
    for (let i = 0; i < n; i++) sizes[batchOf[i]]++;
    // a batch with a single sample has no scale estimate: mean-only for the run, as sva
    const single = levels.filter((_, b) => sizes[b] < 2);
    const opts: Readonly<ComBatOptions> = single.length > 0 && !this.options.meanOnly ? Object.freeze({ ...this.options, meanOnly: true }) : this.options;
    let ref = -1;
    if (opts.refBatch !== null) {
      ref = levels.indexOf(opts.refBatch);
      // plain decimal batch codes compare as numbers ("1.0" is batch 1), as the outcome's values do
      const decimal = (text: string) => (/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(text) ? Number(text) : NaN);
      const asNumber = decimal(opts.refBatch);
      if (ref < 0 && Number.isFinite(asNumber)) {
        const matches = levels.flatMap((l, b) => (decimal(l) === asNumber ? [b] : []));
        if (matches.length > 1) throw new DataError(`${where}: reference batch ${quote(opts.refBatch)} matches several batch levels as a number (${listPreview(matches.map((b) => levels[b]))}); give the level as it is written`, 'DATA_UNKNOWN_LEVEL');
        if (matches.length === 1) ref = matches[0];
      }
      if (ref < 0) throw new DataError(`${where}: reference batch ${quote(opts.refBatch)} is not a batch level (${listPreview(levels)})`, 'DATA_UNKNOWN_LEVEL');
      if (sizes[ref] < 2) throw new DataError(`${where}: reference batch ${quote(opts.refBatch)} has a single sample; its variance, which the other batches are scaled to, needs at least two`, 'DATA_SMALL_BATCH');
    }
    if (single.length === K) throw new DataError(`${where}: every batch has a single sample; ComBat needs variation within batches (at least one batch of two or more samples)`, 'DATA_SMALL_BATCH');

    // features with no variance inside a batch are left as they are (as sva)
    const adjusted = new Uint8Array(p).fill(1);
    const unadjusted: string[] = [];
    for (let j = 0; j < p; j++) {
      const col = X.column(j);
      const first = new Float64Array(K).fill(NaN);
      const varies = new Uint8Array(K);
      for (let i = 0; i < n; i++) {
        const b = batchOf[i];
        if (Number.isNaN(first[b])) first[b] = col[i];
        else if (col[i] !== first[b]) varies[b] = 1;
      }
      // (a single-sample batch cannot vary; sva does not count it)
      for (let b = 0; b < K; b++) if (sizes[b] < 2) varies[b] = 1;
      if (varies.includes(0)) {
        adjusted[j] = 0;
        unadjusted.push(names[j]);
      }
    }
    const kept: number[] = [];
    for (let j = 0; j < p; j++) if (adjusted[j]) kept.push(j);
    if (kept.length < 2) throw new DataError(`${where}: fewer than two features vary within every batch; nothing to harmonize`, 'DATA_CONSTANT');

    // design: batch indicators (the reference column all ones), then covariates
    const covDesign = CovariateDesign.learn(covariates, where);
    const Z = covDesign.encode(covariates, n, where);
    const q = Z.cols;
    const m = K + q;
    const D = new Matrix64(n, m);
    for (let i = 0; i < n; i++) D.data[i + batchOf[i] * n] = 1;
    if (ref >= 0) D.column(ref).fill(1);
    D.data.set(Z.data, K * n);
    checkDesign(where, D, K, q, covDesign.columnNames);

    const xtx = crossprod(D);
    if (!choleskyInPlace(xtx, m)) throw new DataError(`${where}: the design of batch and covariates is singular`, 'DATA_SINGULAR');
    const pk = kept.length;
    const grandMean = new Float64Array(p);
    const varPooled = new Float64Array(p);
    const covCoef = new Float64Array(q * p); // q x p, row c = coefficient of covariate column c
    // the standardized data of one feature at a time; of each batch only its mean and sum of
    // squared deviations are kept (all the empirical Bayes steps need), not a copy of the matrix
    const standardized = new Float64Array(n);
    const members: Int32Array[] = [];
    for (let b = 0; b < K; b++) members.push(Int32Array.from(Array.from(batchOf.keys()).filter((i) => batchOf[i] === b)));
    const moments: BatchMoments[] = levels.map((_, b) => ({ n: sizes[b], mean: new Float64Array(pk), ss: new Float64Array(pk) }));
    const rhs = new Float64Array(m);
    for (let k = 0; k < pk; k++) {
      const j = kept[k];
      const y = X.column(j);
      for (let c = 0; c < m; c++) {
        let s = 0;
        const dc = c * n;
        for (let i = 0; i < n; i++) s += D.data[dc + i] * y[i];
        rhs[c] = s;
      }
      choleskySolveInPlace(xtx, m, rhs);
      let gm = 0;
      if (ref >= 0) gm = rhs[ref];
      else for (let b = 0; b < K; b++) gm += (sizes[b] / n) * rhs[b];
      grandMean[j] = gm;
      for (let c = 0; c < q; c++) covCoef[c * p + j] = rhs[K + c];
      // pooled residual variance (1/n), over the reference batch only with refBatch
      let ss = 0;
      for (let i = 0; i < n; i++) {
        if (ref >= 0 && batchOf[i] !== ref) continue;
        let fit = 0;
        for (let c = 0; c < m; c++) fit += D.data[c * n + i] * rhs[c];
        const r = y[i] - fit;
        ss += r * r;
      }
      const vp = ss / (ref >= 0 ? sizes[ref] : n);
      if (!(vp > 0 && vp < Infinity)) {
        const why = vp > 0 ? 'its variance overflows a double (values too large); rescale it' : `nothing varies once the batch means${q > 0 ? ' and covariates' : ''} are removed (values vary too little to square in double precision, or the covariates fit them exactly); rescale it or leave it out`;
        throw new DataError(`${where}: feature ${quote(names[j])} cannot be harmonized: ${why}`, 'DATA_SCALE');
      }
      varPooled[j] = vp;
      const sd = Math.sqrt(vp);
      for (let i = 0; i < n; i++) {
        let sm = gm;
        for (let c = 0; c < q; c++) sm += Z.data[c * n + i] * rhs[K + c];
        standardized[i] = (y[i] - sm) / sd;
      }
      for (let b = 0; b < K; b++) {
        const { mean, ss } = meanVariance(standardized, members[b]);
        moments[b].mean[k] = mean;
        moments[b].ss[k] = ss;
      }
    }

    // batch location and scale estimates of the standardized data
    const gammaHat = new Float64Array(K * pk);
    const deltaHat = new Float64Array(K * pk);
    for (let k = 0; k < pk; k++) {
      for (let b = 0; b < K; b++) {
        gammaHat[b * pk + k] = moments[b].mean[k];
        deltaHat[b * pk + k] = opts.meanOnly ? 1 : moments[b].ss[k] / (sizes[b] - 1);
      }
      if (ref >= 0) {
        const refMean = gammaHat[ref * pk + k];
        for (let b = 0; b < K; b++) if (b !== ref) gammaHat[b * pk + k] -= refMean;
      }
    }

    const gammaStar = new Float64Array(K * pk);
    const deltaStar = new Float64Array(K * pk);
    const estimates: ComBatBatchEstimates[] = [];
    for (let b = 0; b < K; b++) {
      const gh = gammaHat.subarray(b * pk, (b + 1) * pk);
      const dh = deltaHat.subarray(b * pk, (b + 1) * pk);
      const result = shrink(gh, dh, moments[b], opts);
      gammaStar.set(result.gamma, b * pk);
      deltaStar.set(result.delta, b * pk);
      estimates.push({ level: levels[b], n: sizes[b], gammaBar: result.gammaBar, tau2: result.tau2, aPrior: result.aPrior, bPrior: result.bPrior });
    }
    if (ref >= 0) {
      gammaStar.fill(0, ref * pk, (ref + 1) * pk);
      deltaStar.fill(1, ref * pk, (ref + 1) * pk);
    }

    const expand = (packed: Float64Array, fill: number): Float64Array[] =>
      levels.map((_, b) => {
        const out = new Float64Array(p).fill(fill);
        for (let k = 0; k < pk; k++) out[kept[k]] = packed[b * pk + k];
        return out;
      });
    const warnings: string[] = [];
    if (single.length > 0 && !this.options.meanOnly) {
      warnings.push(`ComBat: ${single.length === 1 ? 'batch' : 'batches'} ${listPreview(single)} ${single.length === 1 ? 'has' : 'have'} only one sample; meanOnly set for this fit (as sva): batch scales are not adjusted`);
    }
    if (unadjusted.length > 0) {
      warnings.push(`ComBat: ${plural(unadjusted.length, 'feature')} with no variance inside a batch left unadjusted: ${listPreview(unadjusted)}`);
    }
    return new FittedComBat({
      // (the reference batch as the level it matched)
      options: ref >= 0 && levels[ref] !== opts.refBatch ? Object.freeze({ ...opts, refBatch: levels[ref] }) : opts,
      batchColumn,
      featureNames: names,
      levels,
      batchSizes: Array.from(sizes),
      covariates: covDesign,
      adjusted,
      grandMean,
      varPooled,
      covariateCoefficients: Array.from({ length: q }, (_, c) => covCoef.slice(c * p, (c + 1) * p)),
      gammaHat: expand(gammaHat, 0),
      deltaHat: expand(deltaHat, 1),
      gammaStar: expand(gammaStar, 0),
      deltaStar: expand(deltaStar, 1),
      batches: estimates,
      warnings,
    });
  }
}

interface FittedComBatState {
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

/** A {@link ComBat} model fitted to training samples; applies the learned adjustment to any samples. */
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
    const opts = resolveOptions(where, { newBatch: 'error', missing: 'error', inPlace: false } as { newBatch: 'error' | 'estimate'; missing: 'error' | 'keep'; inPlace: boolean }, rest);
    checkOneOf(where, 'newBatch', opts.newBatch, ['error', 'estimate'] as const);
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
          `${where}: batch ${quote(level)} was not seen in training (${listPreview(this.levels)}); use newBatch "estimate" to estimate it from its samples (at least ${MIN_NEW_BATCH})`,
          'DATA_UNKNOWN_LEVEL',
        );
      }
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

/**
 * One batch's standardized data, summarized per feature: its size, the mean (before any reference
 * batch shift) and the sum of squared deviations from that mean. The sum of squares about any g is
 * `ss + n (mean - g)^2`, all that sva's estimators take from the data.
 */
interface BatchMoments {
  n: number;
  mean: Float64Array;
  ss: Float64Array;
}

/** Empirical Bayes (or none) estimates for one batch; gh, dh are the batch's hats over features, data its standardized samples' moments. */
function shrink(
  gh: Float64Array,
  dh: Float64Array,
  data: BatchMoments,
  opts: Readonly<ComBatOptions>,
): { gamma: Float64Array; delta: Float64Array; gammaBar: number; tau2: number; aPrior: number; bPrior: number } {
  const { mean: gammaBar, variance: tau2 } = meanVariance(gh, null);
  const { mean: dm, variance: ds2 } = meanVariance(dh, null);
  const aPrior = opts.meanOnly ? NaN : (2 * ds2 + dm * dm) / ds2;
  const bPrior = opts.meanOnly ? NaN : (dm * ds2 + dm * dm * dm) / ds2;
  const pk = gh.length;
  if (!opts.eb) return { gamma: gh.slice(), delta: dh.slice(), gammaBar, tau2, aPrior, bPrior };
  if (opts.parametric) {
    if (opts.meanOnly) {
      // sva: postmean(g.hat, g.bar, n = 1, d = 1, t2)
      const gamma = new Float64Array(pk);
      for (let k = 0; k < pk; k++) gamma[k] = (tau2 * gh[k] + gammaBar) / (tau2 + 1);
      return { gamma, delta: new Float64Array(pk).fill(1), gammaBar, tau2, aPrior, bPrior };
    }
    const { gamma, delta } = iterate(data, gh, dh, gammaBar, tau2, aPrior, bPrior, opts.convergence);
    return { gamma, delta, gammaBar, tau2, aPrior, bPrior };
  }
  const { gamma, delta } = nonparametric(data, gh, dh);
  return { gamma, delta, gammaBar, tau2, aPrior, bPrior };
}

/** sva's `it.sol`: alternate the posterior mean of gamma and of delta until the largest relative change is at most `conv`. */
function iterate(data: BatchMoments, gh: Float64Array, dh: Float64Array, gBar: number, t2: number, a: number, b: number, conv: number): { gamma: Float64Array; delta: Float64Array } {
  const pk = gh.length;
  const nb = data.n;
  let gOld = gh.slice();
  let dOld = dh.slice();
  let gNew = new Float64Array(pk);
  let dNew = new Float64Array(pk);
  for (let iteration = 0; iteration < 100000; iteration++) {
    let change = -Infinity;
    for (let k = 0; k < pk; k++) {
      const g = (t2 * nb * gh[k] + dOld[k] * gBar) / (t2 * nb + dOld[k]);
      const sum2 = data.ss[k] + nb * (data.mean[k] - g) ** 2;
      const d = (0.5 * sum2 + b) / (nb / 2 + a - 1);
      gNew[k] = g;
      dNew[k] = d;
      // sva divides by the old value itself (not its absolute value)
      const cg = Math.abs(g - gOld[k]) / gOld[k];
      const cd = Math.abs(d - dOld[k]) / dOld[k];
      if (cg > change) change = cg;
      if (cd > change) change = cd;
    }
    [gOld, gNew] = [gNew, gOld];
    [dOld, dNew] = [dNew, dOld];
    if (!(change > conv)) break;
  }
  return { gamma: gOld, delta: dOld };
}

/**
 * sva's `int.eprior`: each feature's batch location and scale are the averages of the other
 * features' estimates, weighted by the likelihood of this feature's batch data under them
 * (computed in log space).
 */
function nonparametric(data: BatchMoments, gh: Float64Array, dh: Float64Array): { gamma: Float64Array; delta: Float64Array } {
  const pk = gh.length;
  const nb = data.n;
  const halfLogD = new Float64Array(pk);
  for (let l = 0; l < pk; l++) halfLogD[l] = 0.5 * nb * Math.log(2 * Math.PI * dh[l]);
  const gamma = new Float64Array(pk);
  const delta = new Float64Array(pk);
  const logLik = new Float64Array(pk);
  for (let k = 0; k < pk; k++) {
    let max = -Infinity;
    for (let l = 0; l < pk; l++) {
      if (l === k) continue;
      const g = gh[l];
      const sum2 = data.ss[k] + nb * (data.mean[k] - g) ** 2;
      const v = -halfLogD[l] - sum2 / (2 * dh[l]);
      logLik[l] = v;
      if (v > max) max = v;
    }
    let w = 0;
    let wg = 0;
    let wd = 0;
    for (let l = 0; l < pk; l++) {
      if (l === k) continue;
      const e = Math.exp(logLik[l] - max);
      w += e;
      wg += e * gh[l];
      wd += e * dh[l];
    }
    gamma[k] = wg / w;
    delta[k] = wd / w;
  }
  return { gamma, delta };
}

/** Mean and sample variance (n - 1) of values[rows] (all values when rows is null), two-pass. */
function meanVariance(values: ArrayLike<number>, rows: ArrayLike<number> | null): { mean: number; variance: number; ss: number } {
  const m = rows === null ? values.length : rows.length;
  let s = 0;
  for (let r = 0; r < m; r++) s += values[rows === null ? r : rows[r]];
  const mean = s / m;
  let ss = 0;
  for (let r = 0; r < m; r++) {
    const d = values[rows === null ? r : rows[r]] - mean;
    ss += d * d;
  }
  return { mean, variance: ss / (m - 1), ss };
}

function checkBatch(where: string, batch: ArrayLike<string | number>, n: number): string[] {
  const ok = Array.isArray(batch) || ArrayBuffer.isView(batch);
  if (!ok || batch.length !== n) {
    throw new DataError(`${where}: batch has ${ok ? batch.length : 'no'} values, X has ${n} samples`, 'DATA_SHAPE');
  }
  return Array.from(batch, (b, i) => {
    if (b === null || b === undefined || b === '' || (typeof b === 'number' && !Number.isFinite(b))) {
      throw new DataError(`${where}: batch is missing for sample ${i + 1}; every sample needs a batch`, 'DATA_MISSING');
    }
    return String(b);
  });
}

function checkFiniteMatrix(where: string, X: Matrix64, names: readonly string[], allowMissing = false): void {
  for (let j = 0; j < X.cols; j++) {
    const col = X.column(j);
    for (let i = 0; i < X.rows; i++) {
      if (!Number.isFinite(col[i]) && !(allowMissing && Number.isNaN(col[i]))) {
        throw new DataError(`${where}: feature ${quote(names[j])} has a ${Number.isNaN(col[i]) ? 'missing' : 'infinite'} value for sample ${i + 1}; impute missing values before harmonizing`, 'DATA_MISSING');
      }
    }
  }
}

/** sva's confounding checks, with its three messages. */
function checkDesign(where: string, D: Matrix64, K: number, q: number, covariateNames: string[]): void {
  const m = K + q;
  if (qrRank(D) >= m) return;
  if (m === K + 1) {
    throw new DataError(`${where}: the covariate ${quote(covariateNames[0])} is confounded with batch (singular design); remove it`, 'DATA_CONFOUNDED');
  }
  const covOnly = new Matrix64(D.rows, q, D.data.slice(K * D.rows));
  if (qrRank(covOnly) < q) {
    throw new DataError(`${where}: the covariates are confounded with each other (singular design); remove one or more of ${listPreview(covariateNames)}`, 'DATA_CONFOUNDED');
  }
  throw new DataError(`${where}: at least one covariate is confounded with batch (singular design); remove it (${listPreview(covariateNames)})`, 'DATA_CONFOUNDED');
}
