/**
 * Cox proportional hazards regression by Newton-Raphson, Efron or Breslow ties, as
 * survival::coxph.
 */
import { checkInteger, checkNumber, checkOneOf, resolveOptions } from '../core/checks.js';
import { DataError, ModelFormatError } from '../core/errors.js';
import { extremeColumnExponents, qrAliased, scaleColumnsByPowersOfTwo, symmetricInverse, timesPowerOfTwo, unscaleCoefficients } from '../core/linalg.js';
import { Matrix64 } from '../core/matrix.js';
import { modelInvariants, openModel, toPlainArray, wrapModel } from '../core/model-json.js';
import { lowerBound, uniqueSorted } from '../stats/binary-search.js';
import { baselineCumulativeHazard, survivalFromBaseline } from '../stats/baseline-hazard.js';
import { pchisq } from '../stats/distributions.js';
import { concordanceIndex } from '../stats/concordance.js';
import { aliasedText, waldTable, type CoefficientRow } from './regression-table.js';
import { checkFeatures, checkFitOptions, checkTimes, resolveFeatureNames, survivalResponse, toMatrix, type FitOptions, type MatrixInput, type SurvivalModel, type SurvivalResponse } from '../core/estimator.js';

/** Options of {@link CoxPH}, coxph's names. */
export interface CoxPHOptions {
  /** @defaultValue 'efron' */
  ties: 'efron' | 'breslow';
  /** @defaultValue 20 (coxph's iter.max) */
  maxIter: number;
  /** Convergence on the relative change of the log partial likelihood (coxph's eps). @defaultValue 1e-9 */
  tol: number;
  /** @defaultValue 0.95 */
  level: number;
}

/**
 * Cox regression: the log partial likelihood (Efron's or Breslow's handling of tied death times;
 * censored times tied with deaths are at risk) maximized by Newton-Raphson from zero with step
 * halving, the variance from the inverse information, Wald z tests and intervals, and the
 * likelihood-ratio, Wald and score tests of all coefficients, as `coxph` and `summary.coxph`; the
 * concordance of the linear predictor as `coxph` reports it.
 *
 * @example
 * const fit = new CoxPH().fit(X, { time, event }, { featureNames: ['radscore', 'afp'] });
 * fit.summary(); // term, estimate (coef), se, z, p, lower, upper, ratio (exp(coef)), ratioLower, ratioUpper
 */
export class CoxPH {
  static readonly defaults: Readonly<CoxPHOptions> = { ties: 'efron', maxIter: 20, tol: 1e-9, level: 0.95 };
  readonly options: Readonly<CoxPHOptions>;

  constructor(options?: Partial<CoxPHOptions>) {
    const where = 'CoxPH';
    const opts = resolveOptions(where, CoxPH.defaults, options);
    checkOneOf(where, 'ties', opts.ties, ['efron', 'breslow'] as const);
    checkInteger(where, 'maxIter', opts.maxIter, { min: 1 });
    checkNumber(where, 'tol', opts.tol, { min: 0, exclusiveMin: true });
    checkNumber(where, 'level', opts.level, { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
    this.options = Object.freeze(opts);
  }

  /**
   * Fits the model. Times may be zero (as coxph accepts them).
   * @throws DataError for mismatched sizes, missing values, bad times or events, no events, or a singular information matrix.
   */
  fit(input: MatrixInput, response: SurvivalResponse, options: Pick<FitOptions, 'featureNames'> = {}): FittedCoxPH {
    const where = 'CoxPH.fit';
    checkFitOptions(where, options, ['featureNames']);
    const X = toMatrix(where, input);
    const n = X.rows;
    const p = X.cols;
    const names = resolveFeatureNames(where, X, options.featureNames);
    const { time, event } = survivalResponse(where, response, n);
    let events = 0;
    for (let i = 0; i < n; i++) {
      if (!(time[i] >= 0) || !Number.isFinite(time[i])) throw new DataError(`${where}: time must be non-negative and finite, got ${time[i]} in row ${i + 1}`, 'DATA_BAD_TIME');
      if (event[i] !== 0 && event[i] !== 1) throw new DataError(`${where}: event must be 0 or 1, got ${event[i]} in row ${i + 1}`, 'DATA_BAD_EVENT');
      events += event[i];
      for (let j = 0; j < p; j++) if (!Number.isFinite(X.get(i, j))) throw new DataError(`${where}: ${names[j]} is missing or infinite in row ${i + 1}`, 'DATA_MISSING');
    }
    if (events === 0) throw new DataError(`${where}: no events; a Cox model needs events`, 'DATA_NO_EVENTS');
    // covariates beyond 2^+-100 in magnitude are fitted on exactly rescaled columns (coxph scales too)
    const exponents = extremeColumnExponents(X);
    const Xs = exponents === null ? X : X.clone();
    if (exponents !== null) scaleColumnsByPowersOfTwo(Xs, exponents);
    // (with a column of ones in front: coxph has no intercept, and a constant covariate is aliased with the baseline hazard)
    const withOne = new Matrix64(n, p + 1);
    withOne.column(0).fill(1);
    withOne.data.set(Xs.data, n);
    const aliased = qrAliased(withOne);
    if (aliased.length > 0) throw new DataError(`${where}: the covariates are collinear: ${aliasedText(aliased.map((j) => names[j - 1]), 'coxph')}`, 'DATA_SINGULAR');
    // centre the covariates (as coxph) for numerical stability; coefficients are unchanged
    const means = new Float64Array(p);
    const Xc = Xs.clone();
    for (let j = 0; j < p; j++) {
      const col = Xc.column(j);
      let s = 0;
      for (let i = 0; i < n; i++) s += col[i];
      means[j] = s / n;
      for (let i = 0; i < n; i++) col[i] -= means[j];
    }
    const model = new PartialLikelihood(Xc, time, event, this.options.ties);
    const beta = new Float64Array(p);
    const at0 = model.evaluate(beta);
    let current = at0;
    let converged = false;
    let iterations = 0;
    const warnings: string[] = [];
    for (let iter = 1; iter <= this.options.maxIter; iter++) {
      iterations = iter;
      const inverse = symmetricInverse(current.information, p);
      if (inverse === null) throw new DataError(`${where}: the information matrix is singular (collinear covariates?)`, 'DATA_SINGULAR');
      const step = new Float64Array(p);
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) step[a] += inverse[a + b * p] * current.score[b];
      let t = 1;
      let trial = model.evaluate(beta.map((v, j) => v + step[j]));
      for (let h = 0; h < 30 && !(trial.logLik >= current.logLik - 1e-12 * Math.abs(current.logLik)); h++) {
        t /= 2;
        trial = model.evaluate(beta.map((v, j) => v + t * step[j]));
      }
      for (let j = 0; j < p; j++) beta[j] += t * step[j];
      const done = Math.abs(trial.logLik - current.logLik) / Math.abs(trial.logLik) < this.options.tol;
      current = trial;
      if (done) {
        converged = true;
        break;
      }
    }
    if (!converged) warnings.push(`CoxPH: did not converge in ${this.options.maxIter} iterations (coefficients may be infinite: monotone likelihood)`);
    const covariance = symmetricInverse(current.information, p);
    if (covariance === null) throw new DataError(`${where}: the information matrix is singular at the solution`, 'DATA_SINGULAR');
    // tests of all coefficients
    const lr = 2 * (current.logLik - at0.logLik);
    let wald = 0;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) wald += beta[a] * current.information[a + b * p] * beta[b];
    const inv0 = symmetricInverse(at0.information, p);
    let score = NaN;
    if (inv0 !== null) {
      score = 0;
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) score += at0.score[a] * inv0[a + b * p] * at0.score[b];
    }
    const lpTrain = new Float64Array(n);
    for (let j = 0; j < p; j++) {
      const col = Xs.column(j);
      for (let i = 0; i < n; i++) lpTrain[i] += beta[j] * col[i];
    }
    const c = concordanceIndex(lpTrain, time, event);
    const test = (chisq: number) => ({ chisq, df: p, p: pchisq(chisq, p, true) });
    const baseline = baselineHazard(Xc, beta, time, event, this.options.ties, model.order);
    if (exponents !== null) {
      const bad = unscaleCoefficients(beta, covariance, exponents);
      if (bad >= 0) throw new DataError(`${where}: the coefficient of ${names[bad]} or its variance is beyond double precision (its values are too large or too small: beyond about 1e+-150); rescale it (other units)`, 'DATA_SCALE');
      for (let j = 0; j < p; j++) means[j] = timesPowerOfTwo(means[j], -exponents[j]);
    }
    return new FittedCoxPH({
      options: this.options,
      featureNames: names,
      coefficients: beta,
      covariance,
      means,
      logLik: [at0.logLik, current.logLik],
      n,
      nEvents: events,
      converged,
      iterations,
      tests: p === 0 ? null : { likelihoodRatio: test(lr), wald: test(wald), score: test(score) },
      concordance: { estimate: c.estimate, se: c.se },
      baseline,
      warnings,
    });
  }
}

/** Cumulative baseline hazard at the covariate means (Xc is centred), as survfit.coxph. */
function baselineHazard(Xc: Matrix64, beta: Float64Array, time: ArrayLike<number>, event: ArrayLike<number>, ties: 'efron' | 'breslow', decreasing: Int32Array): { time: Float64Array; cumhaz: Float64Array } {
  const n = Xc.rows;
  const p = Xc.cols;
  const lp = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) eta += Xc.data[i + j * n] * beta[j];
    lp[i] = eta;
  }
  // increasing time (the order within tied times does not matter here)
  return baselineCumulativeHazard(time, event, lp, ties, decreasing.slice().reverse());
}

/**
 * Observations by decreasing time, censored before deaths at tied times, then by index: one
 * native sort of integer keys (distinct-time rank, event, index) rather than a comparator sort.
 */
function riskSetOrder(time: ArrayLike<number>, event: ArrayLike<number>): Int32Array {
  const n = time.length;
  const distinct = uniqueSorted(time);
  const m = distinct.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lo = lowerBound(distinct, time[i]);
    // larger times first: rank from the end; within a time censored (0) before deaths (1)
    keys[i] = ((m - 1 - lo) * 2 + (event[i] === 1 ? 1 : 0)) * n + i;
  }
  keys.sort();
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = keys[k] % n;
  return order;
}

/** Log partial likelihood, score and information of a Cox model. */
class PartialLikelihood {
  /** Observations by decreasing time; at tied times deaths after censorings, so that the risk set sums include them first. */
  readonly order: Int32Array;
  /** The covariates in that order, row-major (one contiguous row per observation). */
  private readonly rows: Float64Array;
  private readonly dead: Uint8Array;
  /** End (exclusive) of each group of tied times, in `order` positions. */
  private readonly groupEnd: Int32Array;
  private readonly p: number;

  constructor(
    X: Matrix64,
    time: ArrayLike<number>,
    event: ArrayLike<number>,
    private readonly ties: 'efron' | 'breslow',
  ) {
    const n = X.rows;
    const p = X.cols;
    this.p = p;
    this.order = riskSetOrder(time, event);
    this.rows = new Float64Array(n * p);
    this.dead = new Uint8Array(n);
    for (let r = 0; r < n; r++) {
      const i = this.order[r];
      this.dead[r] = event[i] === 1 ? 1 : 0;
      for (let j = 0; j < p; j++) this.rows[r * p + j] = X.data[i + j * n];
    }
    const ends: number[] = [];
    for (let q = 0; q < n; ) {
      const t = time[this.order[q]];
      let end = q;
      while (end < n && time[this.order[end]] === t) end++;
      ends.push(end);
      q = end;
    }
    this.groupEnd = Int32Array.from(ends);
  }

  evaluate(beta: ArrayLike<number>): { logLik: number; score: Float64Array; information: Float64Array } {
    const { rows, dead, groupEnd, p } = this;
    const score = new Float64Array(p);
    const info = new Float64Array(p * p);
    // risk set sums, accumulated from the longest times down
    let s0 = 0;
    const s1 = new Float64Array(p);
    const s2 = new Float64Array(p * p);
    // sums over the deaths of the current tied time
    let d0 = 0;
    const d1 = new Float64Array(p);
    const d2 = new Float64Array(p * p);
    const xbar = new Float64Array(p);
    let logLik = 0;
    let q = 0;
    for (let g = 0; g < groupEnd.length; g++) {
      const end = groupEnd[g];
      let deaths = 0;
      for (let r = q; r < end; r++) deaths += dead[r];
      // the deaths' own sums enter only Efron's terms with l > 0, i.e. with tied deaths
      const tiedDeaths = this.ties === 'efron' && deaths > 1;
      if (tiedDeaths) {
        d0 = 0;
        d1.fill(0);
        d2.fill(0);
      }
      for (let r = q; r < end; r++) {
        const o = r * p;
        let eta = 0;
        for (let j = 0; j < p; j++) eta += rows[o + j] * beta[j];
        const e = Math.exp(eta);
        s0 += e;
        for (let a = 0; a < p; a++) {
          const xa = rows[o + a];
          s1[a] += e * xa;
          for (let b = 0; b <= a; b++) s2[a + b * p] += e * xa * rows[o + b];
        }
        if (dead[r] === 1) {
          logLik += eta;
          for (let a = 0; a < p; a++) score[a] += rows[o + a];
          if (tiedDeaths) {
            d0 += e;
            for (let a = 0; a < p; a++) {
              const xa = rows[o + a];
              d1[a] += e * xa;
              for (let b = 0; b <= a; b++) d2[a + b * p] += e * xa * rows[o + b];
            }
          }
        }
      }
      if (deaths > 0) {
        const terms = this.ties === 'efron' ? deaths : 1;
        const weight = this.ties === 'efron' ? 1 : deaths;
        for (let l = 0; l < terms; l++) {
          const f = this.ties === 'efron' ? l / deaths : 0;
          const denom = s0 - f * d0;
          logLik -= weight * Math.log(denom);
          for (let a = 0; a < p; a++) {
            xbar[a] = (s1[a] - f * d1[a]) / denom;
            score[a] -= weight * xbar[a];
          }
          for (let a = 0; a < p; a++) {
            for (let b = 0; b <= a; b++) {
              const v = weight * ((s2[a + b * p] - f * d2[a + b * p]) / denom - xbar[a] * xbar[b]);
              info[a + b * p] += v;
            }
          }
        }
      }
      q = end;
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) info[b + a * p] = info[a + b * p];
    return { logLik, score, information: info };
  }
}

interface FittedCoxState {
  options: Readonly<CoxPHOptions>;
  featureNames: string[];
  coefficients: Float64Array;
  covariance: Float64Array;
  means: Float64Array;
  logLik: [number, number];
  n: number;
  nEvents: number;
  converged: boolean;
  iterations: number;
  tests: { likelihoodRatio: TestResult; wald: TestResult; score: TestResult } | null;
  concordance: { estimate: number; se: number };
  baseline: { time: Float64Array; cumhaz: Float64Array };
  warnings: string[];
}

interface TestResult {
  chisq: number;
  df: number;
  p: number;
}

/** A fitted {@link CoxPH} model. */
export class FittedCoxPH implements SurvivalModel {
  static readonly kind = 'FittedCoxPH';
  static readonly schemaVersion = 1;
  readonly family = 'cox' as const;
  readonly options: Readonly<CoxPHOptions>;
  readonly featureNames: readonly string[];
  /** Log hazard ratios. */
  readonly coefficients: Float64Array;
  readonly covariance: Float64Array;
  /** Training means of the covariates (coxph centres its linear predictor at them). */
  readonly means: Float64Array;
  /** Log partial likelihood at zero and at the estimate (coxph's loglik). */
  readonly logLik: [number, number];
  readonly n: number;
  readonly nEvents: number;
  readonly converged: boolean;
  readonly iterations: number;
  /** Likelihood-ratio, Wald and score tests of all coefficients; null without covariates (no test exists). */
  readonly tests: { likelihoodRatio: TestResult; wald: TestResult; score: TestResult } | null;
  /** Harrell's concordance of the training linear predictor, with its standard error. */
  readonly concordance: { estimate: number; se: number };
  /** Cumulative baseline hazard at the covariate means, at every distinct training time (survfit.coxph). */
  readonly baseline: { time: Float64Array; cumhaz: Float64Array };
  readonly diagnostics: { warnings: string[] };

  constructor(state: FittedCoxState) {
    this.options = state.options;
    this.featureNames = state.featureNames;
    this.coefficients = state.coefficients;
    this.covariance = state.covariance;
    this.means = state.means;
    this.logLik = state.logLik;
    this.n = state.n;
    this.nEvents = state.nEvents;
    this.converged = state.converged;
    this.iterations = state.iterations;
    this.tests = state.tests;
    this.concordance = state.concordance;
    this.baseline = state.baseline;
    this.diagnostics = { warnings: state.warnings };
  }

  /**
   * One row per coefficient, as summary.coxph: `estimate` (coef), `se` (se(coef)), `z`, `p`
   * (Pr(>|z|)), the Wald interval `lower`/`upper` on the coefficient scale, and the hazard ratio
   * `ratio` (exp(coef)) with its interval `ratioLower`/`ratioUpper` (summary.coxph's lower .95 and upper .95).
   */
  summary(): CoefficientRow[] {
    return waldTable(this.featureNames, this.coefficients, this.covariance, this.options.level);
  }

  /** Linear predictor x'beta of new rows (uncentered; {@link FittedCoxPH.riskScore} is coxph's centred lp). */
  linearPredictor(input: MatrixInput): Float64Array {
    const X = checkFeatures('FittedCoxPH.linearPredictor', input, this.featureNames);
    const out = new Float64Array(X.rows);
    for (let j = 0; j < X.cols; j++) {
      const col = X.column(j);
      for (let i = 0; i < X.rows; i++) out[i] += this.coefficients[j] * col[i];
    }
    return out;
  }

  /**
   * The risk score (higher = worse): the linear predictor centred at the training means,
   * (x - means)'beta, as `predict(fit, newdata, type = "lp")`.
   */
  riskScore(X: MatrixInput): Float64Array {
    const lp = this.linearPredictor(X);
    const centre = this.centre();
    for (let i = 0; i < lp.length; i++) lp[i] -= centre;
    return lp;
  }

  /**
   * Predicted survival probabilities S(t | x) = exp(-H0(t) exp((x - means)'beta)) of new rows at the
   * given times, rows x times, as `summary(survfit(fit, newdata), times)`.
   */
  survivalAt(X: MatrixInput, times: ArrayLike<number>): Matrix64 {
    const grid = checkTimes('FittedCoxPH.survivalAt', times);
    return survivalFromBaseline(this.baseline, this.riskScore(X), grid);
  }

  /** means'beta, the centre of coxph's linear predictor. */
  private centre(): number {
    let centre = 0;
    for (let j = 0; j < this.means.length; j++) centre += this.means[j] * this.coefficients[j];
    return centre;
  }

  toJSON(): object {
    return wrapModel(FittedCoxPH.kind, FittedCoxPH.schemaVersion, {
      options: { ...this.options },
      featureNames: [...this.featureNames],
      coefficients: toPlainArray(this.coefficients),
      covariance: toPlainArray(this.covariance),
      means: toPlainArray(this.means),
      logLik: [...this.logLik],
      n: this.n,
      nEvents: this.nEvents,
      converged: this.converged,
      iterations: this.iterations,
      tests: this.tests,
      concordance: this.concordance,
      baseline: { time: toPlainArray(this.baseline.time), cumhaz: toPlainArray(this.baseline.cumhaz) },
      warnings: [...this.diagnostics.warnings],
    });
  }

  static fromJSON(json: unknown): FittedCoxPH {
    const r = openModel(json, FittedCoxPH.kind, FittedCoxPH.schemaVersion);
    const o = r.object('options');
    const featureNames = r.strings('featureNames');
    const p = featureNames.length;
    const t = r.has('tests') ? r.object('tests') : null;
    const test = (name: string) => {
      const x = t!.object(name);
      return { chisq: x.number('chisq'), df: x.integer('df', 0), p: x.number('p') };
    };
    const ll = r.numbers('logLik', 2);
    const c = r.object('concordance');
    const kind = FittedCoxPH.kind;
    const baselineTime = (r.object('baseline')).numbers('time');
    modelInvariants.monotone(kind, 'baseline.time', baselineTime, 'increasing');
    const cumhaz = r.object('baseline').numbers('cumhaz', baselineTime.length);
    modelInvariants.monotone(kind, 'baseline.cumhaz', cumhaz, 'nondecreasing');
    // a cumulative hazard starts at or above 0: survival exp(-H) stays in [0, 1]
    if (cumhaz.length > 0 && !(cumhaz[0] >= 0)) throw new ModelFormatError(`${kind}.fromJSON: baseline.cumhaz[0] must be non-negative, got ${cumhaz[0]}`);
    modelInvariants.covariance(kind, 'covariance', r.numbers('covariance', p * p), p);
    modelInvariants.count(kind, 'nEvents', r.integer('nEvents', 0), r.integer('n', 1));
    modelInvariants.finiteDot(kind, "means'coefficients (the centre of the linear predictor)", r.numbers('means', p), r.numbers('coefficients', p));
    return new FittedCoxPH({
      options: { ties: o.oneOf('ties', ['efron', 'breslow'] as const), maxIter: o.integer('maxIter', 1), tol: o.number('tol'), level: o.number('level') },
      featureNames,
      coefficients: r.numbers('coefficients', p),
      covariance: r.numbers('covariance', p * p),
      means: r.numbers('means', p),
      logLik: [ll[0], ll[1]],
      n: r.integer('n', 1),
      nEvents: r.integer('nEvents', 1),
      converged: r.boolean('converged'),
      iterations: r.integer('iterations', 0),
      tests: r.has('tests') ? { likelihoodRatio: test('likelihoodRatio'), wald: test('wald'), score: test('score') } : null,
      concordance: { estimate: c.number('estimate'), se: c.number('se') },
      baseline: (() => {
        const b = r.object('baseline');
        const time = b.numbers('time');
        return { time, cumhaz: b.numbers('cumhaz', time.length) };
      })(),
      warnings: r.strings('warnings'),
    });
  }
}
