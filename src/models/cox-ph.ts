/**
 * Cox proportional hazards regression by Newton-Raphson, Efron or Breslow ties, as
 * survival::coxph: the estimator (checks, aliased columns, the Newton iterations, the baseline
 * hazard).
 */
import { checkInteger, checkNumber, checkOneOf, resolveOptions } from '../core/checks.js';
import { DataError } from '../core/errors.js';
import { extremeColumnExponents, qrAliased, quadraticForm, scaleColumnsByPowersOfTwo, symmetricInverse, timesPowerOfTwo, unscaleCoefficients } from '../core/linalg.js';
import { Matrix64 } from '../core/matrix.js';
import { baselineCumulativeHazard, type BaselineHazard } from '../stats/baseline-hazard.js';
import { pchisq } from '../stats/distributions.js';
import { concordanceIndex } from '../stats/concordance.js';
import { aliasedText } from './regression-table.js';
import { checkFitOptions, resolveFeatureNames, survivalResponse, toMatrix, type FitOptions, type MatrixInput, type SurvivalResponse } from '../core/estimator.js';
import type { CoxPHOptions } from './cox-options.js';
import { FittedCoxPH } from './fitted-cox-ph.js';
import { PartialLikelihood } from './partial-likelihood.js';

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
    const wald = quadraticForm(beta, current.information, p);
    const inv0 = symmetricInverse(at0.information, p);
    let score = NaN;
    if (inv0 !== null) {
      score = quadraticForm(at0.score, inv0, p);
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
      for (let j = 0; j < p; j++) {
        means[j] = timesPowerOfTwo(means[j], -exponents[j]);
        baseline.xbar![j] = baseline.xbar![j].map((v) => timesPowerOfTwo(v, -exponents[j]));
      }
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

/** Cumulative baseline hazard at the covariate means (Xc is centred), with its variance terms, as survfit.coxph. */
export function baselineHazard(Xc: Matrix64, beta: Float64Array, time: ArrayLike<number>, event: ArrayLike<number>, ties: 'efron' | 'breslow', decreasing: Int32Array): BaselineHazard {
  const n = Xc.rows;
  const p = Xc.cols;
  const lp = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) eta += Xc.data[i + j * n] * beta[j];
    lp[i] = eta;
  }
  // increasing time (the order within tied times does not matter here)
  return baselineCumulativeHazard(time, event, lp, ties, decreasing.slice().reverse(), Xc);
}

