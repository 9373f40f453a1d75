/**
 * LASSO and elastic-net paths for binomial and Cox models by coordinate descent, reproducing glmnet.
 */
import { checkBoolean, checkInteger, checkNumber, checkOneOf, resolveOptions } from '../core/checks.js';
import { DataError, ModelFormatError, ParameterError } from '../core/errors.js';
import { kernelArena, type Kernels } from '../core/simd-kernels.js';
import { Matrix64 } from '../core/matrix.js';
import { quote } from '../core/messages.js';
import { modelInvariants, openModel, toPlainArray, wrapModel } from '../core/model-json.js';
import { BinomialFamily, CoxFamily, type GlmFamily } from './glm-families.js';
import { binaryResponse, checkFeatures, checkFitOptions, isArrayLike, resolveFeatureNames, survivalResponse, toMatrix, type FitOptions, type MatrixInput, type Response, type SurvivalResponse } from '../core/estimator.js';
import { makeSignature, type BinarySignature, type CoxSignature, type ElasticNetSignature } from './elastic-net-signature.js';
import { logistic } from '../stats/logistic.js';

/** Model family. */
export type ElasticNetFamily = 'binomial' | 'cox';

/** Options of {@link ElasticNet}, named as glmnet's arguments. */
export interface ElasticNetOptions {
  /** @defaultValue 'binomial' */
  family: ElasticNetFamily;
  /**
   * Elastic-net mixing: 1 is the lasso, 0 ridge.
   * @defaultValue 1
   */
  alpha: number;
  /** @defaultValue 100 */
  nLambda: number;
  /**
   * Smallest lambda as a fraction of the largest; null uses glmnet's rule: 0.01 when there are
   * fewer observations than features, else 1e-4.
   * @defaultValue null
   */
  lambdaMinRatio: number | null;
  /** A decreasing lambda sequence to use instead of the default path (no early stopping then). @defaultValue null */
  lambda: ArrayLike<number> | null;
  /**
   * Standardize features (weighted variance with divisor n) before fitting; coefficients are
   * always reported on the original scale.
   * @defaultValue true
   */
  standardize: boolean;
  /**
   * Per-feature penalty multipliers (0 = unpenalized, e.g. clinical covariates); rescaled to sum to
   * the number of features, as glmnet does. null means all 1.
   * @defaultValue null
   */
  penaltyFactor: ArrayLike<number> | null;
  /**
   * Convergence threshold, relative to the null deviance: coordinate descent stops when no
   * coefficient update changes the quadratic approximation of the loss by more than this.
   * @defaultValue 1e-7
   */
  thresh: number;
  /** Maximum passes over the data across the path. @defaultValue 100000 */
  maxIter: number;
  /** Cox ties: Breslow (glmnet 4.1) or Efron. @defaultValue 'breslow' */
  ties: 'breslow' | 'efron';
  /**
   * Limit on the number of nonzero coefficients, as glmnet's `dfmax`: the path stops after the
   * first lambda whose solution has more (that solution is kept). null means no limit (glmnet's
   * default nvars + 1). Spares the slow, nearly saturated end of Cox paths with more features than
   * events.
   * @defaultValue null
   */
  dfmax: number | null;
}

/** The response: a binary outcome (0/1) or a survival outcome (the shared {@link Response}). */
export type ElasticNetResponse = Response;

/** The response of some observations (zero-based rows, in order; repeats allowed). */
export function selectResponseRows(response: ElasticNetResponse, rows: ArrayLike<number>): ElasticNetResponse {
  if (Array.isArray(response) || ArrayBuffer.isView(response)) {
    const y = response as ArrayLike<number>;
    return Float64Array.from(rows, (i) => y[i]);
  }
  const { time, event } = response as { time: ArrayLike<number>; event: ArrayLike<number> };
  return { time: Float64Array.from(rows, (i) => time[i]), event: Float64Array.from(rows, (i) => event[i]) };
}

/** Options of {@link ElasticNet.fit} beyond the data: `featureNames`, and `weights` (non-negative; normalized to sum to one internally). */
export type ElasticNetFitOptions = Pick<FitOptions, 'featureNames' | 'weights'>;

/** glmnet's path-stopping constants (glmnet.control defaults). */
const FDEV = 1e-5;
const DEVMAX = 0.999;
const EPS = 1e-6;
const MNLAM = 5;
/** glmnet's "big" lambda of the first path point. */
const BIG = 9.9e35;
const TOLERANCE_FACTOR = 1;
/** At lambda max the gradient equals the penalty up to rounding; only a clear excess activates a coefficient. */
const ACTIVATION = 1 + 1e-12;
/**
 * Features (as doubles) up to which the solver also keeps a float32 copy for its gradient sweeps:
 * half their memory traffic, about 10% of the time of a square 5,000 x 5,000 cross-validation, for
 * half the matrix's memory again; above 128 MiB memory comes first. The decisions, and so the
 * path, are those of exact gradients either way.
 */
let SINGLE_COPY_MAX_BYTES = 2 ** 27;

/** Sets the limit of the float32 copy (tests: the same path with and without it); returns the previous. @internal */
export function setSingleCopyLimit(bytes: number): number {
  const previous = SINGLE_COPY_MAX_BYTES;
  SINGLE_COPY_MAX_BYTES = bytes;
  return previous;
}
/** 2^-24 (float32 unit roundoff) with a 1% safety margin, for the float32 gradient bound. */
const GRADIENT32_ERROR = 1.01 * 2 ** -24;

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

interface PathResult {
  lambda: number[];
  beta: Float64Array[];
  intercept: number[];
  devRatio: number[];
  nullDeviance: number;
  passes: number;
  warnings: string[];
}

/** Coordinate descent on standardized features along a lambda path. */
class PathSolver {
  private readonly n: number;
  private readonly p: number;
  private readonly beta: Float64Array;
  private b0 = 0;
  private readonly eta: Float64Array;
  private readonly r: Float64Array;
  private readonly v: Float64Array;
  private readonly xv: Float64Array;
  private readonly strong: Uint8Array;
  private readonly active: number[] = [];
  private readonly grad: Float64Array;
  /** 1 for features the gradient sweep skips: excluded or already strong (in the kernels' memory). */
  private readonly skip: Uint8Array;
  /** The strong features in increasing order (in the kernels' memory), and their number. */
  private readonly strongList: Int32Array;
  private strongCount = 0;
  /** Whether the gradient sweeps may use a float32 copy of the features (kept in the kernels' memory). */
  private readonly single: boolean;
  /** Euclidean norm of each standardized feature, for the error bound of the float32 gradients. */
  private readonly znorm: Float64Array;
  /** Error bound of the last gradient sweep per unit of feature norm (0 for an exact sweep). */
  private gradBound = 0;
  /** Number of the last gradient sweep, and the sweep whose residuals each exact gradient is for. */
  private sweep = 0;
  private readonly exactAt: Int32Array;
  private readonly activeList: Int32Array;
  /** Features a kernel pass made nonzero for the first time (count first). */
  private readonly added: Int32Array;
  private readonly vp: Float64Array;
  private readonly covariance: CovarianceUpdater;
  /** The standardized features, in the kernels' memory. */
  private readonly zd: Float64Array;
  /** Kernels and the byte addresses of the arrays in their memory. */
  private readonly mem: KernelMemory;
  private passes = 0;
  private readonly betaOld: Float64Array;
  private readonly etaOld: Float64Array;

  /** `standardize` writes the n x p standardized features (column-major) into the solver's memory and sets `ju`. */
  constructor(
    n: number,
    p: number,
    standardize: (Z: Float64Array) => void,
    private readonly family: GlmFamily,
    private readonly ju: Uint8Array,
    penaltyFactor: Float64Array,
    private readonly alpha: number,
    private readonly thresh: number,
    private readonly maxIter: number,
  ) {
    this.n = n;
    this.p = p;
    // the arrays the kernels read and write live in their memory: features, residuals, weights,
    // ones, eta, gradients, coefficients, xv, penalty factors; then the integer and byte
    // arrays (strong and active lists, added features, ever-active and skip flags) in f64 slots
    const ints = Math.ceil((p + 1) / 2);
    const bytes = Math.ceil(p / 8);
    // (a fit is synchronous and leaves nothing in this memory behind, so the thread's last one is reused)
    // (and a float32 copy of the features with a float32 scratch vector for the gradient sweeps)
    // (the float32 copy only below SINGLE_COPY_MAX_BYTES of features: on big tables memory matters more than the ~10% it saves)
    this.single = n * p * 8 < SINGLE_COPY_MAX_BYTES;
    const singles = this.single ? [Math.ceil((n * p) / 2), Math.ceil(n / 2)] : [0, 0];
    const arena = kernelArena([n * p, n, n, n, n, p, p, p, p, ints, ints, ints, bytes, bytes, ...singles], { reuse: true });
    [this.zd, this.r, this.v, , this.eta, this.grad, this.beta, this.xv, this.vp] = arena.arrays;
    standardize(this.zd);
    arena.arrays[3].fill(1);
    this.vp.set(penaltyFactor);
    const [z, r, v, one, eta, grad, beta, xv, vp, strongList, activeList, added, ever, skip, z32, r32] = arena.offsets;
    if (this.single) new Float32Array(arena.buffer, z32, n * p).set(this.zd);
    this.znorm = new Float64Array(p);
    for (let j = 0; j < p; j++) this.znorm[j] = Math.sqrt(arena.kernels.weighted(one, z + j * 8 * n, n));
    this.exactAt = new Int32Array(p);
    this.strongList = new Int32Array(arena.buffer, strongList, p);
    this.activeList = new Int32Array(arena.buffer, activeList, p);
    this.added = new Int32Array(arena.buffer, added, p + 1);
    this.skip = new Uint8Array(arena.buffer, skip, p);
    for (let j = 0; j < p; j++) this.skip[j] = ju[j] ? 0 : 1;
    this.mem = { k: arena.kernels, z, r, v, one, eta, grad, skip, beta, xv, vp, strongList, activeList, added, ever, z32, r32 };
    this.strong = new Uint8Array(p);
    this.covariance = new CovarianceUpdater(this.p);
    this.betaOld = new Float64Array(this.p);
    this.etaOld = new Float64Array(this.n);
  }

  /**
   * |Z'r| (r = the solver's residuals) into `grad` for every included feature outside the strong
   * set (`skip` marks the others): only those are screened by the strong rule and the KKT check
   * (strong features stay strong).
   */
  private allGradients(exact: boolean): void {
    const { k, z, z32, r, r32, grad, skip } = this.mem;
    this.sweep++;
    if (exact || !this.single) {
      k.gradients(z, r, this.n, this.p, skip, grad);
      this.gradBound = 0;
    } else {
      // single precision from the float32 copy (half the memory traffic of the sweep that
      // dominates wide problems), with a bound on its error: see exceeds()
      k.gradients32(z32, z, r, r32, this.n, this.p, skip, grad);
      this.gradBound = GRADIENT32_ERROR * (Math.ceil(this.n / 4) + 8) * Math.sqrt(k.dot(r, r, this.n));
    }
  }

  /**
   * Whether |z_j'r| > threshold for the residuals of the last sweep: decided from the sweep's
   * value when its error bound (gradBound ||z_j||) leaves no doubt, else from the exact value,
   * computed then. The decisions are those of exact gradients.
   */
  private exceeds(j: number, threshold: number): boolean {
    const g = this.grad[j];
    const e = this.gradBound * this.znorm[j];
    if (g + e <= threshold) return false;
    if (g - e > threshold) return true;
    if (this.exactAt[j] !== this.sweep) {
      const { k, z, r } = this.mem;
      this.grad[j] = Math.abs(k.dot(z + j * 8 * this.n, r, this.n));
      this.exactAt[j] = this.sweep;
    }
    return this.grad[j] > threshold;
  }

  /**
   * One coordinate-descent pass (in the kernels) over the `count` features of the list at byte
   * address `list`; features nonzero for the first time join the active set. Returns the largest
   * weighted squared change.
   */
  private coordinatePass(list: number, count: number, l1a: number, l2: number): number {
    const m = this.mem;
    const dlx = m.k.pass(list, count, m.z, m.v, m.r, this.n, m.beta, m.xv, m.vp, m.ever, m.added, l1a, l2);
    const added = this.added;
    // the active set in both forms: the array the covariance updates use, the list the kernel reads
    for (let q = 1; q <= added[0]; q++) {
      this.activeList[this.active.length] = added[q];
      this.active.push(added[q]);
    }
    return dlx;
  }

  /** Adds a feature to the strong set. */
  private makeStrong(j: number): void {
    this.strong[j] = 1;
    this.skip[j] = 1;
    // the strong list stays in feature order (glmnet's pass order)
    const list = this.strongList;
    let q = this.strongCount++;
    while (q > 0 && list[q - 1] > j) {
      list[q] = list[q - 1];
      q--;
    }
    list[q] = j;
  }

  /** Intercept update of the quadratic model; returns its weighted squared change. */
  private interceptStep(sv: number): number {
    const { k, one, r, v } = this.mem;
    const del = k.dot(one, r, this.n) / sv;
    if (del === 0) return 0;
    this.b0 += del;
    k.axpy(del, v, r, this.n);
    return sv * del * del;
  }

  private penalty(lambda: number): number {
    let s = 0;
    // only features that have been active can be nonzero
    for (const j of this.active) {
      const b = this.beta[j];
      if (b !== 0) s += this.vp[j] * (0.5 * (1 - this.alpha) * b * b + this.alpha * Math.abs(b));
    }
    return lambda * s;
  }

  run(userLambda: readonly number[] | null, nLambda: number, lambdaMinRatio: number, familyName: ElasticNetFamily, dfmax: number | null = null): PathResult {
    const { family, p } = this;
    const nullModel = family.nullModel();
    this.b0 = family.intercept ? nullModel.intercept : 0;
    this.eta.fill(this.b0);
    const nullLoss = family.evaluate(this.eta, this.r, this.v);
    const dev0 = nullLoss - family.saturatedLoss; // null deviance / 2
    // radsig converges further than glmnet's own criterion (thresh x null deviance) so that its
    // solution is at least as good as glmnet's on flat, highly correlated problems
    const tol = this.thresh * dev0 * TOLERANCE_FACTOR;
    this.allGradients(true);
    const warnings: string[] = [];
    const lambdas: number[] = [];
    const betas: Float64Array[] = [];
    const intercepts: number[] = [];
    const devRatio: number[] = [];
    const sequence = userLambda ? [...userLambda].sort((a, b) => b - a) : null;
    const total = sequence ? sequence.length : nLambda;
    const cox = familyName === 'cox';
    let alf = 1;
    // glmnet's Cox path (Fortran) computes the exponent 1.0/(nlam-1) in single precision
    if (!sequence) alf = Math.pow(Math.max(EPS, lambdaMinRatio), cox ? Math.fround(1 / (nLambda - 1)) : 1 / (nLambda - 1));
    let lambdaMax = 0;
    for (let j = 0; j < p; j++) if (this.ju[j] && this.vp[j] > 0) lambdaMax = Math.max(lambdaMax, this.grad[j] / this.vp[j]);
    lambdaMax /= Math.max(this.alpha, 1e-3);
    let previous = 0;
    let current = 0;
    for (let m = 0; m < total; m++) {
      if (sequence) current = sequence[m];
      else if (m === 0) current = lambdaMax;
      else if (m === 1) current = lambdaMax * alf;
      else current *= alf;
      // strong set for this lambda (glmnet: previous lambda 0 for the first)
      const tlam = this.alpha * (2 * current - (m === 0 && !sequence ? current : previous));
      for (let j = 0; j < p; j++) if (this.ju[j] && !this.strong[j] && this.exceeds(j, tlam * this.vp[j])) this.makeStrong(j);
      // glmnet computes its first point at an infinite lambda (all coefficients zero) and reports it at lambda max
      const ok = this.solve(m === 0 && !sequence ? BIG : current, tol);
      if (!ok) {
        warnings.push(`ElasticNet: coordinate descent did not converge within ${this.maxIter} passes at lambda ${current} (point ${m + 1}); the path stops there`);
        break;
      }
      const loss = family.loss(this.eta);
      lambdas.push(m === 0 && !sequence ? lambdaMax : current);
      betas.push(this.beta.slice());
      intercepts.push(this.b0);
      devRatio.push((nullLoss - loss) / dev0);
      previous = current;
      if (dfmax !== null) {
        let df = 0;
        for (let j = 0; j < p; j++) if (this.beta[j] !== 0) df++;
        if (df > dfmax) break;
      }
      // glmnet's early stopping on default paths
      const count = m + 1;
      if (sequence || count < MNLAM) continue;
      const dev = devRatio[m];
      if (cox) {
        if ((dev - devRatio[m - MNLAM + 1]) / dev < FDEV * 100) break;
        // (single-precision literals in glmnet's Fortran: devmax * 0.99 / 0.999)
        if (dev > (DEVMAX * Math.fround(0.99)) / Math.fround(0.999)) break;
      } else {
        if (dev - devRatio[m - 1] < FDEV) break;
        if (dev > DEVMAX) break;
      }
    }
    return { lambda: lambdas, beta: betas, intercept: intercepts, devRatio, nullDeviance: dev0, passes: this.passes, warnings };
  }

  /** Solves at one lambda from the current (warm) state; false when the pass limit is reached. */
  private solve(lambda: number, tol: number): boolean {
    const { family, p, n, beta, eta, r, v, xv, strong, vp, alpha, mem } = this;
    const l1 = lambda * alpha;
    const l2 = lambda * (1 - alpha);
    const l1a = l1 * ACTIVATION;
    const stride = 8 * n;
    const strongList = this.strongList;
    for (;;) {
      // outer: quadratic approximation at the current eta
      let objective = family.evaluate(eta, r, v) + this.penalty(lambda);
      for (;;) {
        const sv = mem.k.dot(mem.one, mem.v, n);
        // weighted sums of squares of the strong features
        const strongCount = this.strongCount;
        for (let q = 0; q < strongCount; q++) xv[strongList[q]] = mem.k.weighted(mem.v, mem.z + strongList[q] * stride, n);
        const betaOld = this.betaOld;
        betaOld.set(beta);
        const b0Old = this.b0;
        const etaOld = this.etaOld;
        etaOld.set(eta);
        // inner coordinate descent on the weighted least squares problem: a pass over the strong
        // set, then passes over the active set until converged, then the strong set again (glmnet's order)
        let fullPass = true;
        const cov = this.covariance;
        cov.reset();
        // covariance passes pay for their Gram matrix only after enough active passes
        let activePasses = 0;
        for (;;) {
          if (++this.passes > this.maxIter) return false;
          let dlx: number;
          if (fullPass) {
            cov.flush(mem, n);
            dlx = this.coordinatePass(mem.strongList, strongCount, l1a, l2);
            if (family.intercept && sv > 0) dlx = Math.max(dlx, this.interceptStep(sv));
          } else if (this.active.length <= n && ++activePasses > this.active.length / 4) {
            // active-set passes with covariance updates: gradients move by Gram columns, not residuals
            cov.prepare(this.active, mem, n);
            dlx = cov.pass(beta, xv, vp, l1a, l2, family.intercept && sv > 0 ? sv : 0, (d) => (this.b0 += d));
          } else {
            cov.flush(mem, n);
            const act = this.active;
            dlx = this.coordinatePass(mem.activeList, act.length, l1a, l2);
            if (family.intercept && sv > 0) dlx = Math.max(dlx, this.interceptStep(sv));
          }
          if (dlx < tol) {
            if (fullPass) break;
            fullPass = true;
          } else {
            fullPass = false;
          }
        }
        cov.flush(mem, n);
        // the linear predictor from the active coefficients
        eta.fill(this.b0);
        for (const j of this.active) if (beta[j] !== 0) mem.k.axpy(-beta[j], mem.z + j * stride, mem.eta, n);
        // accept the step if it does not increase the penalized objective, else halve it
        // (evaluate also refreshes r and v for the accepted eta, ready for the next approximation)
        let next = family.evaluate(eta, r, v) + this.penalty(lambda);
        let halvings = 0;
        while (next > objective + 1e-12 * Math.abs(objective) && halvings < 30) {
          for (let j = 0; j < p; j++) beta[j] = 0.5 * (beta[j] + betaOld[j]);
          this.b0 = 0.5 * (this.b0 + b0Old);
          for (let i = 0; i < n; i++) eta[i] = 0.5 * (eta[i] + etaOld[i]);
          // (eta stays the linear predictor of the halved coefficients: it is linear in them)
          next = family.evaluate(eta, r, v) + this.penalty(lambda);
          halvings++;
        }
        // outer convergence: largest weighted change of any coefficient
        let change = 0;
        for (let q = 0; q < strongCount; q++) {
          const j = strongList[q];
          const d = beta[j] - betaOld[j];
          const c = xv[j] * d * d;
          if (c > change) change = c;
        }
        if (family.intercept) change = Math.max(change, sv * (this.b0 - b0Old) ** 2);
        objective = next;
        if (change < tol) break;
      }
      // KKT check over the features outside the strong set
      this.allGradients(false);
      let violations = 0;
      for (let j = 0; j < p; j++) {
        if (this.ju[j] && !strong[j] && this.exceeds(j, l1 * vp[j] * ACTIVATION)) {
          this.makeStrong(j);
          violations++;
        }
      }
      if (violations === 0) return true;
    }
  }
}

/**
 * Coordinate descent on the active set by covariance updates (glmnet's "covariance" mode applied
 * within one quadratic approximation): the gradient of each active coefficient is kept up to date
 * through the weighted Gram matrix of the active features, so a pass costs (active)^2 instead of
 * (active) x n; the residuals are brought up to date (`flush`) before the next pass over all
 * features.
 */
class CovarianceUpdater {
  private members: number[] = [];
  private slot: Int32Array;
  private gram = new Float64Array(0);
  private capacity = 0;
  private mean = new Float64Array(0);
  private grad = new Float64Array(0);
  private moved = new Float64Array(0);
  private movedIntercept = 0;
  private rs = 0;
  private pending = false;

  constructor(p: number) {
    this.slot = new Int32Array(p).fill(-1);
  }

  /** Forgets the Gram matrix (the weights changed). */
  reset(): void {
    for (const j of this.members) this.slot[j] = -1;
    this.members = [];
    this.pending = false;
  }

  /** Makes the Gram matrix cover the active set and takes the gradients from the residuals. */
  prepare(active: readonly number[], mem: KernelMemory, n: number): void {
    if (this.pending) {
      // still inside a run of active passes: only new members need gradients (none can appear here)
      return;
    }
    const s = active.length;
    if (s > this.capacity) {
      const cap = Math.max(s, this.capacity * 2, 16);
      const gram = new Float64Array(cap * cap);
      for (let a = 0; a < this.members.length; a++) for (let b = 0; b < this.members.length; b++) gram[a * cap + b] = this.gram[a * this.capacity + b];
      this.gram = gram;
      const mean = new Float64Array(cap);
      mean.set(this.mean.subarray(0, this.members.length));
      this.mean = mean;
      this.grad = new Float64Array(cap);
      this.moved = new Float64Array(cap);
      this.capacity = cap;
    }
    const cap = this.capacity;
    const { k } = mem;
    const stride = 8 * n;
    for (let q = this.members.length; q < s; q++) {
      const j = active[q];
      this.slot[j] = q;
      this.members.push(j);
      const zj = mem.z + j * stride;
      this.mean[q] = k.dot(mem.v, zj, n);
      for (let a = 0; a <= q; a++) {
        const g = k.dot3(mem.v, zj, mem.z + this.members[a] * stride, n);
        this.gram[q * cap + a] = g;
        this.gram[a * cap + q] = g;
      }
    }
    for (let a = 0; a < s; a++) {
      this.grad[a] = k.dot(mem.z + this.members[a] * stride, mem.r, n);
      this.moved[a] = 0;
    }
    this.rs = k.dot(mem.one, mem.r, n);
    this.movedIntercept = 0;
    this.pending = true;
  }

  /** One pass over the active set (then the intercept); returns the largest weighted squared change. */
  pass(beta: Float64Array, xv: Float64Array, vp: Float64Array, l1a: number, l2: number, sv: number, moveIntercept: (d: number) => void): number {
    const s = this.members.length;
    const cap = this.capacity;
    const gram = this.gram;
    const grad = this.grad;
    let dlx = 0;
    for (let a = 0; a < s; a++) {
      const j = this.members[a];
      const bj = beta[j];
      const u = grad[a] + xv[j] * bj;
      const au = Math.abs(u) - vp[j] * l1a;
      const nb = au > 0 ? (u > 0 ? au : -au) / (xv[j] + vp[j] * l2) : 0;
      if (nb === bj) continue;
      const del = nb - bj;
      beta[j] = nb;
      const row = a * cap;
      for (let b = 0; b < s; b++) grad[b] -= del * gram[row + b];
      this.rs -= del * this.mean[a];
      this.moved[a] += del;
      const change = xv[j] * del * del;
      if (change > dlx) dlx = change;
    }
    if (sv > 0) {
      const del = this.rs / sv;
      if (del !== 0) {
        moveIntercept(del);
        for (let b = 0; b < s; b++) grad[b] -= del * this.mean[b];
        this.rs -= del * sv;
        this.movedIntercept += del;
        const change = sv * del * del;
        if (change > dlx) dlx = change;
      }
    }
    return dlx;
  }

  /** Applies the moves made by covariance passes to the residuals. */
  flush(mem: KernelMemory, n: number): void {
    if (!this.pending) return;
    for (let a = 0; a < this.members.length; a++) {
      const del = this.moved[a];
      if (del !== 0) mem.k.axpyWeighted(del, mem.v, mem.z + this.members[a] * 8 * n, mem.r, n);
    }
    if (this.movedIntercept !== 0) mem.k.axpy(this.movedIntercept, mem.v, mem.r, n);
    this.pending = false;
  }
}

/** The kernels of a solver and the byte addresses of its arrays in their memory. */
interface KernelMemory {
  k: Kernels;
  /** Standardized features, n x p column-major. */
  z: number;
  /** Residuals (gradient of the quadratic model). */
  r: number;
  /** Weights of the quadratic model. */
  v: number;
  /** n ones. */
  one: number;
  /** Linear predictor. */
  eta: number;
  /** |z_j'r| of the features outside the strong set. */
  grad: number;
  /** Byte flags of the features the gradient sweep skips. */
  skip: number;
  beta: number;
  xv: number;
  vp: number;
  strongList: number;
  activeList: number;
  added: number;
  ever: number;
  /** Float32 copy of the features, and float32 scratch residuals. */
  z32: number;
  r32: number;
}

/** A fitted elastic-net path. */
export class FittedElasticNet {
  static readonly kind = 'FittedElasticNet';
  static readonly schemaVersion = 1;
  /** Options with the lambda-min ratio resolved. */
  readonly options: Readonly<ElasticNetOptions & { lambdaMinRatio: number }>;
  readonly featureNames: readonly string[];
  /** Lambda values of the path (decreasing). */
  readonly lambda: Float64Array;
  /** Intercepts (binomial; zeros for Cox), one per lambda. */
  readonly a0: Float64Array;
  /** Coefficients on the original feature scale, one array of p per lambda. */
  readonly beta: readonly Float64Array[];
  /** Fraction of null deviance explained, per lambda. */
  readonly devRatio: Float64Array;
  /** Null deviance (glmnet's nulldev). */
  readonly nullDeviance: number;
  readonly nObs: number;
  readonly diagnostics: { passes: number; warnings: string[] };

  constructor(state: {
    options: ElasticNetOptions & { lambdaMinRatio: number };
    featureNames: string[];
    lambda: Float64Array;
    a0: Float64Array;
    beta: Float64Array[];
    devRatio: Float64Array;
    nullDeviance: number;
    nObs: number;
    passes: number;
    warnings: string[];
  }) {
    this.options = state.options;
    this.featureNames = state.featureNames;
    this.lambda = state.lambda;
    this.a0 = state.a0;
    this.beta = state.beta;
    this.devRatio = state.devRatio;
    this.nullDeviance = state.nullDeviance;
    this.nObs = state.nObs;
    this.diagnostics = { passes: state.passes, warnings: state.warnings };
  }

  /** Number of nonzero coefficients per lambda. */
  get df(): Int32Array {
    return Int32Array.from(this.beta, (b) => b.reduce((c, x) => c + (x !== 0 ? 1 : 0), 0));
  }

  /**
   * Coefficients at any lambda, linearly interpolated between path points as glmnet's
   * `predict(..., s = lambda)` does (clamped to the path's range).
   */
  coef(lambda: number): { intercept: number; beta: Float64Array } {
    const { left, right, frac } = interpolateLambda(this.lambda, lambda);
    const p = this.featureNames.length;
    const beta = new Float64Array(p);
    for (let j = 0; j < p; j++) beta[j] = frac * this.beta[left][j] + (1 - frac) * this.beta[right][j];
    return { intercept: frac * this.a0[left] + (1 - frac) * this.a0[right], beta };
  }

  /**
   * The features with a nonzero coefficient at a lambda (interpolated as {@link FittedElasticNet.coef}),
   * in input order, with their coefficients on the original scale.
   */
  nonzero(lambda: number): { name: string; coef: number }[] {
    const { beta } = this.coef(lambda);
    const out: { name: string; coef: number }[] = [];
    for (let j = 0; j < beta.length; j++) if (beta[j] !== 0) out.push({ name: this.featureNames[j], coef: beta[j] });
    return out;
  }

  /** Linear predictor of new rows at a lambda (with the intercept for binomial). */
  linearPredictor(input: MatrixInput, lambda: number): Float64Array {
    const X = checkFeatures('FittedElasticNet.linearPredictor', input, this.featureNames);
    const { intercept, beta } = this.coef(lambda);
    const out = new Float64Array(X.rows).fill(intercept);
    for (let j = 0; j < beta.length; j++) {
      const b = beta[j];
      if (b === 0) continue;
      const col = X.column(j);
      for (let i = 0; i < X.rows; i++) out[i] += b * col[i];
    }
    return out;
  }

  /**
   * Freezes the coefficients at a lambda as a signature (the Rad-score model) that scores new
   * patients through the shared prediction interface: `predictProbability` and `linearPredictor`
   * (binomial), `riskScore` and `survivalAt` (Cox). A Cox signature needs the training data, whose
   * baseline hazard it keeps (the coefficients held fixed, as glmnet's survfit.coxnet).
   * @example
   * const signature = cv.fit.signature(cv.lambda1se);
   * signature.terms; // [{ name, coef }] of the nonzero features
   */
  signature(lambda: number): BinarySignature;
  signature(lambda: number, training: { X: MatrixInput; response: SurvivalResponse }): CoxSignature;
  signature(lambda: number, training?: { X: MatrixInput; response: SurvivalResponse }): ElasticNetSignature {
    if (!Number.isFinite(lambda) || lambda < 0) throw new ParameterError(`FittedElasticNet.signature: lambda must be a non-negative number, got ${lambda}`);
    if (this.options.family === 'binomial' && training !== undefined) throw new ParameterError('FittedElasticNet.signature: training data are for Cox signatures (their baseline hazard); a binomial path takes only the lambda');
    const { intercept, beta } = this.coef(lambda);
    return makeSignature(this.options.family, { featureNames: this.featureNames, lambda, alpha: this.options.alpha, intercept, beta }, this.options.ties, training);
  }

  /**
   * Predicted probabilities of new rows at a lambda (binomial paths only).
   * @throws ParameterError for a Cox path.
   */
  predictProbability(X: MatrixInput, lambda: number): Float64Array {
    if (this.options.family !== 'binomial') throw new ParameterError('FittedElasticNet.predictProbability: only for the binomial family; a Cox path gives linearPredictor');
    return this.linearPredictor(X, lambda).map(logistic);
  }

  toJSON(): object {
    return wrapModel(FittedElasticNet.kind, FittedElasticNet.schemaVersion, {
      options: { ...this.options },
      featureNames: [...this.featureNames],
      nObs: this.nObs,
      nullDeviance: this.nullDeviance,
      lambda: toPlainArray(this.lambda),
      a0: toPlainArray(this.a0),
      devRatio: toPlainArray(this.devRatio),
      beta: this.beta.map(toPlainArray),
      warnings: [...this.diagnostics.warnings],
    });
  }

  static fromJSON(json: unknown): FittedElasticNet {
    const r = openModel(json, FittedElasticNet.kind, FittedElasticNet.schemaVersion);
    const o = r.object('options');
    const featureNames = r.strings('featureNames');
    const lambda = r.numbers('lambda');
    const L = lambda.length;
    const options = {
      family: o.oneOf('family', ['binomial', 'cox'] as const),
      alpha: o.number('alpha'),
      nLambda: o.integer('nLambda', 2),
      lambdaMinRatio: o.number('lambdaMinRatio'),
      lambda: o.has('lambda') ? Array.from(o.numbers('lambda')) : null,
      standardize: o.boolean('standardize'),
      penaltyFactor: o.has('penaltyFactor') ? Array.from(o.numbers('penaltyFactor', featureNames.length)) : null,
      thresh: o.number('thresh'),
      maxIter: o.integer('maxIter', 1),
      ties: o.oneOf('ties', ['breslow', 'efron'] as const),
      dfmax: o.has('dfmax') ? o.integer('dfmax', 1) : null,
    };
    modelInvariants.positive(FittedElasticNet.kind, 'lambda', lambda);
    modelInvariants.monotone(FittedElasticNet.kind, 'lambda', lambda, 'decreasing');
    if (!(options.alpha >= 0 && options.alpha <= 1)) throw new ModelFormatError(`${FittedElasticNet.kind}.fromJSON: options.alpha must be between 0 and 1, got ${options.alpha}`);
    return new FittedElasticNet({
      options,
      featureNames,
      lambda,
      a0: r.numbers('a0', L),
      beta: r.numberRows('beta', L, featureNames.length),
      devRatio: r.numbers('devRatio', L),
      nullDeviance: r.number('nullDeviance'),
      nObs: r.integer('nObs', 1),
      passes: 0,
      warnings: r.strings('warnings'),
    });
  }
}

/** glmnet's `lambda.interp`: where s falls on the path, as left/right indices and the weight of left. */
export function interpolateLambda(lambda: ArrayLike<number>, s: number): { left: number; right: number; frac: number } {
  const k = lambda.length;
  if (k === 1) return { left: 0, right: 0, frac: 1 };
  const first = lambda[0];
  const last = lambda[k - 1];
  const scaled = (x: number) => (first - x) / (first - last);
  let f = scaled(s);
  f = Math.min(Math.max(f, 0), 1);
  // coordinate on 1..k by linear interpolation of the scaled lambdas
  let left = 0;
  while (left < k - 1 && scaled(lambda[left + 1]) <= f) left++;
  let right = left;
  if (scaled(lambda[left]) < f && left < k - 1) right = left + 1;
  if (left === right) return { left, right, frac: 1 };
  const sl = scaled(lambda[left]);
  const sr = scaled(lambda[right]);
  if (Math.abs(lambda[left] - lambda[right]) < 2.220446049250313e-16) return { left, right, frac: 1 };
  return { left, right, frac: (f - sr) / (sl - sr) };
}
