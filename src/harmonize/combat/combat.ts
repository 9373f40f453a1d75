/**
 * The ComBat estimator: the design and its checks, the pooled location and scale, the batch effects
 * and their empirical Bayes shrinkage, fitted on training samples.
 */
import { checkBoolean, checkNumber, resolveOptions } from '../../core/checks.js';
import { DataError, ParameterError } from '../../core/errors.js';
import { choleskyInPlace, choleskySolveInPlace, crossprod } from '../../core/linalg.js';
import { Matrix64 } from '../../core/matrix.js';
import { listPreview, plural, quote } from '../../core/messages.js';
import { CovariateDesign } from '../../data/covariate-design.js';
import { sortValues } from '../../data/column-values.js';
import { checkFitOptions, resolveFeatureNames, toMatrix, type MatrixInput, type Response } from '../../core/estimator.js';
import type { ComBatOptions, ComBatFitOptions, ComBatBatchEstimates } from './options.js';
import { FittedComBat } from './fitted-combat.js';
import { shrink, meanVariance, type BatchMoments } from './empirical-bayes.js';
import { checkBatch, checkFiniteMatrix, checkDesign } from './checks.js';

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
