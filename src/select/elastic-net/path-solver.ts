/**
 * The elastic net's solver: coordinate descent on standardized features along a lambda path, as
 * glmnet's Fortran does it (warm starts, strong rules, a KKT check over all features at every
 * lambda, glmnet's stopping rules), with the innermost loops in the SIMD kernels of its memory.
 */
import { kernelArena } from '../../core/simd-kernels.js';
import type { GlmFamily } from '../glm-families.js';
import type { ElasticNetFamily } from './options.js';
import { CovarianceUpdater } from './covariance-updater.js';
import type { KernelMemory } from './kernel-memory.js';

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

export interface PathResult {
  lambda: number[];
  beta: Float64Array[];
  intercept: number[];
  devRatio: number[];
  nullDeviance: number;
  passes: number;
  warnings: string[];
}

/** Coordinate descent on standardized features along a lambda path. */
export class PathSolver {
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
