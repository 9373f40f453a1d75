/**
 * The elastic-net estimator (glmnet): options checked once, the response and weights checked,
 * features standardized into the solver's memory, the path solved, and the fitted path returned.
 */
import { checkBoolean, checkInteger, checkNumber, checkOneOf, resolveOptions } from '../../core/checks.js';
import { DataError, ParameterError } from '../../core/errors.js';
import { Matrix64 } from '../../core/matrix.js';
import { quote } from '../../core/messages.js';
import { BinomialFamily, CoxFamily, type GlmFamily } from '../glm-families.js';
import { binaryResponse, checkFitOptions, isArrayLike, resolveFeatureNames, survivalResponse, toMatrix, type MatrixInput, type Response } from '../../core/estimator.js';
import type { ElasticNetOptions, ElasticNetFitOptions } from './options.js';
import { PathSolver } from './path-solver.js';
import { FittedElasticNet } from './fitted-elastic-net.js';

/**
 * Elastic-net penalized binomial (logistic, with unpenalized intercept) or Cox regression over a
 * path of lambda values, minimizing
 * `loss(beta) / sum(w) + lambda * sum_j pf_j ((1 - alpha) / 2 beta_j^2 + alpha |beta_j|)`
 * (loss = negative log-likelihood, partial likelihood for Cox) on standardized features, exactly
 * the objective of glmnet (Friedman, Hastie & Tibshirani 2010, doi:10.18637/jss.v033.i01; Simon
 * et al. 2011, doi:10.18637/jss.v039.i05). The default path is glmnet's: lambda max is the
 * smallest lambda with all coefficients zero, the sequence is geometric down to
 * `lambdaMinRatio * lambdaMax`, and it stops early as glmnet does (binomial: deviance ratio gain
 * below 1e-5 or ratio above 0.999; Cox: relative gain over 5 steps below 1e-3 or ratio above 0.99).
 * Coordinate descent uses warm starts, strong rules (Tibshirani et al. 2012,
 * doi:10.1111/j.1467-9868.2011.01004.x) and a KKT check over all features at every lambda.
 *
 * Differences from glmnet: Efron ties are available for Cox; non-convergence is reported in
 * `diagnostics.warnings` rather than by a numeric error code.
 *
 * @example
 * const path = new ElasticNet({ family: 'binomial', alpha: 0.5 }).fit(X, y, { featureNames });
 * path.coef(path.lambda[20]); // { intercept, beta } on the original scale
 */
export class ElasticNet {
  static readonly defaults: Readonly<ElasticNetOptions> = {
    family: 'binomial',
    alpha: 1,
    nLambda: 100,
    lambdaMinRatio: null,
    lambda: null,
    standardize: true,
    penaltyFactor: null,
    thresh: 1e-7,
    maxIter: 100000,
    ties: 'breslow',
    dfmax: null,
  };
  readonly options: Readonly<ElasticNetOptions>;

  /** @throws ParameterError for invalid options. */
  constructor(options?: Partial<ElasticNetOptions>) {
    const where = 'ElasticNet';
    const opts = resolveOptions(where, ElasticNet.defaults, options);
    checkOneOf(where, 'family', opts.family, ['binomial', 'cox'] as const);
    checkNumber(where, 'alpha', opts.alpha, { min: 0, max: 1 });
    checkInteger(where, 'nLambda', opts.nLambda, { min: 2 });
    if (opts.lambdaMinRatio !== null) checkNumber(where, 'lambdaMinRatio', opts.lambdaMinRatio, { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
    if (opts.lambda !== null) {
      if (!isArrayLike(opts.lambda) || opts.lambda.length < 1) throw new ParameterError(`${where}: lambda must be a non-empty array of numbers (or a typed array) or null`);
      Array.from(opts.lambda).forEach((l, k) => checkNumber(where, `lambda[${k}]`, l, { min: 0 }));
    }
    checkBoolean(where, 'standardize', opts.standardize);
    if (opts.penaltyFactor !== null) {
      if (!isArrayLike(opts.penaltyFactor)) throw new ParameterError(`${where}: penaltyFactor must be an array of numbers or null`);
      Array.from(opts.penaltyFactor).forEach((v, k) => checkNumber(where, `penaltyFactor[${k}]`, v, { min: 0 }));
      if (!Array.from(opts.penaltyFactor).some((v) => v > 0)) throw new ParameterError(`${where}: penaltyFactor must have at least one positive value`);
    }
    checkNumber(where, 'thresh', opts.thresh, { min: 0, exclusiveMin: true });
    checkInteger(where, 'maxIter', opts.maxIter, { min: 1 });
    checkOneOf(where, 'ties', opts.ties, ['breslow', 'efron'] as const);
    if (opts.dfmax !== null) checkInteger(where, 'dfmax', opts.dfmax, { min: 1 });
    this.options = Object.freeze({ ...opts, lambda: opts.lambda ? Array.from(opts.lambda) : null, penaltyFactor: opts.penaltyFactor ? Array.from(opts.penaltyFactor) : null });
  }

  /**
   * Fits the whole path.
   * @throws DataError for mismatched sizes, missing values, a binary outcome with one class or
   *   values other than 0/1, no events, or no feature with variance.
   */
  fit(input: MatrixInput, response: Response, fitOptions: ElasticNetFitOptions = {}): FittedElasticNet {
    checkFitOptions('ElasticNet.fit', fitOptions, ['featureNames', 'weights']);
    return this.fitRows(toMatrix('ElasticNet.fit', input), null, response, fitOptions);
  }

  /**
   * The path on some rows of X (zero-based, in order; repeats allowed) without copying them out:
   * a cross-validation fold's fit reads the full matrix. `response` is that of the chosen rows.
   * @internal
   */
  fitRows(X: Matrix64, rows: ArrayLike<number> | null, response: Response, fitOptions: ElasticNetFitOptions = {}): FittedElasticNet {
    const where = 'ElasticNet.fit';
    const opts = this.options;
    const n = rows === null ? X.rows : rows.length;
    const p = X.cols;
    const names = resolveFeatureNames(where, X, fitOptions.featureNames);
    /** Row i of this fit as a row of X (1-based), for messages. */
    const rowOf = (i: number) => (rows === null ? i : rows[i]) + 1;
    const fitWarnings: string[] = [];
    if (n < 2) throw new DataError(`${where}: needs at least 2 observations`, 'DATA_SHAPE');
    if (opts.penaltyFactor !== null && opts.penaltyFactor.length !== p) {
      throw new ParameterError(`${where}: penaltyFactor has ${opts.penaltyFactor.length} values for ${p} features`);
    }
    // weights, normalized to sum to one
    const w = new Float64Array(n).fill(1);
    if (fitOptions.weights !== undefined) {
      if (fitOptions.weights.length !== n) throw new DataError(`${where}: weights has ${fitOptions.weights.length} values, X has ${n} rows`, 'DATA_SHAPE');
      for (let i = 0; i < n; i++) {
        const v = fitOptions.weights[i];
        if (!(v >= 0) || !Number.isFinite(v)) throw new DataError(`${where}: weights must be finite and non-negative (row ${rowOf(i)}: ${v})`, 'DATA_BAD_WEIGHT');
        w[i] = v;
      }
    }
    let sw = 0;
    for (let i = 0; i < n; i++) sw += w[i];
    if (!(sw > 0)) throw new DataError(`${where}: the weights sum to zero`, 'DATA_BAD_WEIGHT');
    for (let i = 0; i < n; i++) w[i] /= sw;

    // family
    let family: GlmFamily;
    if (opts.family === 'binomial') {
      if (!isArrayLike(response)) throw new DataError(`${where}: the binomial family needs a 0/1 outcome array (y)`, 'DATA_SHAPE');
      binaryResponse(where, response, n);
      const y = new Float64Array(n);
      let q0 = 0;
      let positives = 0;
      for (let i = 0; i < n; i++) {
        const v = response[i];
        if (v !== 0 && v !== 1) throw new DataError(`${where}: y must be 0 or 1, got ${quote(v)} in row ${rowOf(i)}`, 'DATA_NOT_BINARY');
        y[i] = v;
        q0 += w[i] * v;
        positives += v;
      }
      // glmnet's lognet: a class of 0 or 1 observations is an error, fewer than 8 a warning
      const minClass = Math.min(positives, n - positives);
      if (minClass === 0) throw new DataError(`${where}: y has only one class; a binomial model needs both`, 'DATA_ONE_CLASS');
      if (minClass === 1) throw new DataError(`${where}: one outcome class has a single observation; a binomial model needs at least 2 of each (as glmnet)`, 'DATA_ONE_CLASS');
      if (minClass < 8) fitWarnings.push(`ElasticNet: one outcome class has fewer than 8 observations (${minClass}); dangerous ground (glmnet's warning): estimates are unstable`);
      if (q0 <= 1e-5 || q0 >= 1 - 1e-5) throw new DataError(`${where}: y has only one class (with positive weight); a binomial model needs both`, 'DATA_ONE_CLASS');
      family = new BinomialFamily(y, w);
    } else {
      if (isArrayLike(response)) throw new DataError(`${where}: the Cox family needs { time, event }`, 'DATA_SHAPE');
      const { time, event } = survivalResponse(where, response, n);
      const t = new Float64Array(n);
      const d = new Float64Array(n);
      let events = 0;
      for (let i = 0; i < n; i++) {
        if (!(time[i] > 0) || !Number.isFinite(time[i])) throw new DataError(`${where}: time must be positive and finite, got ${quote(time[i])} in row ${rowOf(i)}`, 'DATA_BAD_TIME');
        if (event[i] !== 0 && event[i] !== 1) throw new DataError(`${where}: event must be 0 or 1, got ${quote(event[i])} in row ${rowOf(i)}`, 'DATA_BAD_EVENT');
        t[i] = time[i];
        d[i] = event[i];
        if (event[i] === 1 && w[i] > 0) events++;
      }
      if (events < 2) throw new DataError(`${where}: ${events === 0 ? 'no events' : 'only one event'}; a Cox model needs events`, 'DATA_NO_EVENTS');
      family = new CoxFamily(t, d, w, opts.ties);
    }

    const vp = new Float64Array(p).fill(1);
    if (opts.penaltyFactor !== null) {
      let s = 0;
      for (let j = 0; j < p; j++) s += opts.penaltyFactor[j];
      for (let j = 0; j < p; j++) vp[j] = (opts.penaltyFactor[j] * p) / s;
    }
    // standardization (weighted, divisor n) straight into the solver's memory, and excluded constant columns
    const xm = new Float64Array(p);
    const xs = new Float64Array(p).fill(1);
    const ju = new Uint8Array(p);
    const standardize = (Z: Float64Array): void => {
      const col = rows === null ? null : new Float64Array(n);
      for (let j = 0; j < p; j++) {
        const whole = X.column(j);
        if (col !== null) for (let i = 0; i < n; i++) col[i] = whole[rows![i]];
        const x = col ?? whole;
        const z = Z.subarray(j * n, (j + 1) * n);
        let varies = false;
        let m = 0;
        const first = x[0];
        for (let i = 0; i < n; i++) {
          if (x[i] !== first) varies = true;
          m += w[i] * x[i];
        }
        // (a missing or infinite value makes the mean non-finite: the input check rides on this pass)
        if (!Number.isFinite(m)) {
          for (let i = 0; i < n; i++) if (!Number.isFinite(x[i])) throw new DataError(`${where}: feature ${quote(names[j])} has a missing or infinite value in row ${rowOf(i)}`, 'DATA_MISSING');
          throw new DataError(`${where}: feature ${quote(names[j])} has values too large to standardize`, 'DATA_MISSING');
        }
        ju[j] = varies ? 1 : 0;
        xm[j] = m;
        let ss = 0;
        for (let i = 0; i < n; i++) {
          z[i] = x[i] - m;
          ss += w[i] * z[i] * z[i];
        }
        // squares near or beyond the range of doubles (a spread beyond about 1e+-145; unstandardized, only
        // squares that vanish or overflow): the feature by way of its largest deviation
        const extreme = varies && (opts.standardize ? !(ss > 1e-290 && ss < 1e290) : !(ss > 0 && ss < Infinity));
        const spread = extreme ? standardizeExtreme(where, names[j], z, w, opts.standardize) : NaN;
        // (a feature that varies only on rows of weight zero is constant for the fit)
        if (spread === 0) {
          ju[j] = 0;
          z.fill(0);
        } else if (extreme) xs[j] = spread;
        else if (opts.standardize && varies) {
          const s = Math.sqrt(ss);
          xs[j] = s;
          for (let i = 0; i < n; i++) z[i] /= s;
        }
      }
      if (!ju.includes(1)) throw new DataError(`${where}: every feature is constant`, 'DATA_CONSTANT');
    };
    const lambdaMinRatio = opts.lambdaMinRatio ?? (n < p ? 0.01 : 1e-4);
    const solver = new PathSolver(n, p, standardize, family, ju, vp, opts.alpha, opts.thresh, opts.maxIter);
    const result = solver.run(opts.lambda === null ? null : Array.from(opts.lambda), opts.nLambda, lambdaMinRatio, opts.family, opts.dfmax);

    // back to the original scale
    const L = result.lambda.length;
    const beta: Float64Array[] = [];
    const a0 = new Float64Array(L);
    for (let k = 0; k < L; k++) {
      const b = new Float64Array(p);
      const standardized = result.beta[k];
      let shift = 0;
      for (let j = 0; j < p; j++) {
        if (standardized[j] === 0) continue;
        b[j] = standardized[j] / xs[j];
        shift += b[j] * xm[j];
      }
      beta.push(b);
      a0[k] = opts.family === 'binomial' ? result.intercept[k] - shift : 0;
    }
    return new FittedElasticNet({
      options: { ...opts, lambdaMinRatio },
      featureNames: names,
      lambda: Float64Array.from(result.lambda),
      a0,
      beta,
      devRatio: Float64Array.from(result.devRatio),
      nullDeviance: result.nullDeviance * 2 * sw,
      nObs: n,
      passes: result.passes,
      warnings: [...fitWarnings, ...result.warnings],
    });
  }
}

/**
 * Standardizes (in place) a centred feature whose squares overflow or underflow, by way of its
 * largest deviation, and returns its spread (weighted standard deviation; 0, with the feature left
 * as it is, when it varies only on rows of weight zero). A spread whose inverse
 * is not a double (the original-scale coefficient could not be either), and unstandardized fits of
 * such features, are errors.
 */
function standardizeExtreme(where: string, name: string, z: Float64Array, w: Float64Array, standardize: boolean): number {
  let a = 0;
  for (let i = 0; i < z.length; i++) a = Math.max(a, Math.abs(z[i]));
  let ss = 0;
  if (a < Infinity) for (let i = 0; i < z.length; i++) ss += w[i] * (z[i] / a) ** 2;
  // (0: the feature varies only on rows of weight zero)
  if (ss === 0) return 0;
  const spread = a * Math.sqrt(ss);
  if (!standardize || !(spread < Infinity) || !(1 / spread < Infinity)) {
    const what = spread < 1 ? 'small' : 'large';
    throw new DataError(`${where}: feature ${quote(name)} has a spread (${a < Infinity ? spread.toPrecision(2) : 'beyond 1.8e308'}) too ${what} to fit in double precision${standardize ? '' : ' without standardization'}; rescale it (other units)`, 'DATA_SCALE');
  }
  const root = Math.sqrt(ss);
  for (let i = 0; i < z.length; i++) z[i] = z[i] / a / root;
  return spread;
}
