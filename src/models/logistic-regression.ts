/**
 * Logistic regression by maximum likelihood (IRLS) or Firth's penalized likelihood, as R's
 * `glm(family = binomial)` and `logistf`: the estimator (design checks, aliased columns, the fit and
 * its inference).
 */
import { checkBoolean, checkInteger, checkNumber, resolveOptions } from '../core/checks.js';
import { DataError } from '../core/errors.js';
import { extremeColumnExponents, qrAliased, scaleColumnsByPowersOfTwo, timesPowerOfTwo, unscaleCoefficients } from '../core/linalg.js';
import { Matrix64 } from '../core/matrix.js';
import { pchisq } from '../stats/distributions.js';
import { aliasedText } from './regression-table.js';
import { binaryResponse, checkFitOptions, resolveFeatureNames, toMatrix, type BinaryResponse, type FitOptions, type MatrixInput } from '../core/estimator.js';
import { firthInference, type FirthProfileRow } from './firth-inference.js';
import { FittedLogisticRegression } from './fitted-logistic-regression.js';
import { fitFirth, fitIrls, logLikelihood } from './logistic-likelihood.js';
import type { LogisticRegressionOptions } from './logistic-options.js';

/**
 * Logistic regression with an intercept. Maximum likelihood by iteratively reweighted least
 * squares (Newton-Raphson), standard errors from the inverse Fisher information, Wald z tests and
 * intervals, log-likelihood, AIC and the likelihood-ratio test against the intercept-only model,
 * exactly as `glm` and `summary.glm`. Complete or quasi-complete separation (fitted probabilities
 * of 0 or 1, diverging coefficients) is reported in `diagnostics.warnings`; use `firth: true`.
 *
 * @example
 * const fit = new LogisticRegression().fit(X, y, ['radscore', 'afp']);
 * fit.summary(); // rows: (Intercept), radscore, afp
 */
export class LogisticRegression {
  static readonly defaults: Readonly<LogisticRegressionOptions> = { firth: false, maxIter: 25, tol: 1e-8, level: 0.95 };
  readonly options: Readonly<LogisticRegressionOptions>;

  constructor(options?: Partial<LogisticRegressionOptions>) {
    const where = 'LogisticRegression';
    const opts = resolveOptions(where, LogisticRegression.defaults, options);
    checkBoolean(where, 'firth', opts.firth);
    checkInteger(where, 'maxIter', opts.maxIter, { min: 1 });
    checkNumber(where, 'tol', opts.tol, { min: 0, exclusiveMin: true });
    checkNumber(where, 'level', opts.level, { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
    this.options = Object.freeze(opts);
  }

  /**
   * Fits the model. X may have no columns (the intercept-only model; its likelihood-ratio test is
   * then `null`).
   * @throws DataError for mismatched sizes, missing values, an outcome other than 0/1 with both classes, or a singular design.
   */
  fit(input: MatrixInput, response: BinaryResponse, options: Pick<FitOptions, 'featureNames'> = {}): FittedLogisticRegression {
    const where = 'LogisticRegression.fit';
    checkFitOptions(where, options, ['featureNames']);
    const X = toMatrix(where, input);
    const n = X.rows;
    const p = X.cols;
    const names = resolveFeatureNames(where, X, options.featureNames);
    const y = binaryResponse(where, response, n);
    let events = 0;
    for (let i = 0; i < n; i++) {
      if (y[i] !== 0 && y[i] !== 1) throw new DataError(`${where}: y must be 0 or 1, got ${y[i]} in row ${i + 1}`, 'DATA_NOT_BINARY');
      events += y[i];
      for (let j = 0; j < p; j++) if (!Number.isFinite(X.get(i, j))) throw new DataError(`${where}: ${names[j]} is missing or infinite in row ${i + 1}`, 'DATA_MISSING');
    }
    if (events === 0 || events === n) throw new DataError(`${where}: y has only one class; logistic regression needs both`, 'DATA_ONE_CLASS');
    const m = p + 1;
    if (n <= m - 1 && !this.options.firth) throw new DataError(`${where}: ${n} observations for ${m} parameters`, 'DATA_SHAPE');
    // design with intercept
    const D = new Matrix64(n, m);
    D.column(0).fill(1);
    D.data.set(X.data, n);
    // features beyond 2^+-100 in magnitude are fitted on exactly rescaled columns (as glm, which fits them)
    const exponents = extremeColumnExponents(D, 1);
    if (exponents !== null) scaleColumnsByPowersOfTwo(D, exponents);
    const aliased = qrAliased(D);
    if (aliased.length > 0) throw new DataError(`${where}: the design matrix is singular: ${aliasedText(aliased.map((j) => names[j - 1]), 'glm')}`, 'DATA_SINGULAR');
    const warnings: string[] = [];
    const firth = this.options.firth;
    const fitted = firth ? fitFirth(D, y, this.options.maxIter, this.options.tol) : fitIrls(D, y, this.options.maxIter, this.options.tol);
    if (fitted === null) throw new DataError(`${where}: the design matrix is singular (collinear columns?)`, 'DATA_SINGULAR');
    const { beta, covariance, converged, iterations, objective } = fitted;
    if (!converged) warnings.push(`LogisticRegression: did not converge in ${this.options.maxIter} iterations`);
    let extreme = 0;
    let near = 0;
    for (let i = 0; i < n; i++) {
      let eta = 0;
      for (let j = 0; j < m; j++) eta += D.data[i + j * n] * beta[j];
      const q = 1 / (1 + Math.exp(-eta));
      if (q < 1e-8 || q > 1 - 1e-8) extreme++;
      if (q < 1e-4 || q > 1 - 1e-4) near++;
    }
    if (!converged && near > extreme) extreme = near;
    if (!firth && extreme > 0) warnings.push(`LogisticRegression: ${extreme} fitted probabilities numerically 0 or 1: complete or quasi-complete separation; estimates and standard errors are unreliable (use firth: true)`);
    const logLik = logLikelihood(D, y, beta);
    const nullLogLik = events * Math.log(events / n) + (n - events) * Math.log(1 - events / n);
    if (p === 0) warnings.push('LogisticRegression: no features (intercept-only model); the likelihood-ratio test is undefined (lrTest is null)');
    let lr = 2 * (logLik - nullLogLik);
    let profile: FirthProfileRow[] | null = null;
    let nullPenalizedLogLik: number | null = null;
    let penalizedLogLik: number | null = firth ? objective : null;
    if (firth) {
      const inference = firthInference(D, y, beta, objective, covariance, this.options.level, this.options.maxIter, this.options.tol);
      profile = inference.rows;
      nullPenalizedLogLik = inference.nullObjective;
      lr = Math.max(0, 2 * (objective - inference.nullObjective));
    }
    if (exponents !== null) {
      // Firth's penalty, half the log-determinant of the information, moved by sum(k) log 2 with the columns
      const shift = exponents.reduce((sum, k) => sum + k, 0) * Math.LN2;
      if (firth) {
        penalizedLogLik = objective - shift;
        nullPenalizedLogLik = nullPenalizedLogLik === null ? null : nullPenalizedLogLik - shift;
      }
      const bad = unscaleCoefficients(beta, covariance, exponents);
      if (bad >= 0) throw new DataError(`${where}: the coefficient of ${names[bad - 1]} or its variance is beyond double precision (its values are too large or too small: beyond about 1e+-150); rescale it (other units)`, 'DATA_SCALE');
      profile = profile?.map((r, j) => ({ ...r, lower: timesPowerOfTwo(r.lower, exponents[j]), upper: timesPowerOfTwo(r.upper, exponents[j]) })) ?? null;
    }
    return new FittedLogisticRegression({
      options: this.options,
      featureNames: names,
      coefficients: beta,
      covariance,
      logLik,
      nullLogLik,
      n,
      nEvents: events,
      converged,
      iterations,
      lrTest: p === 0 ? null : { chisq: lr, df: p, p: pchisq(lr, p, true) },
      warnings,
      penalizedLogLik,
      nullPenalizedLogLik,
      profile,
    });
  }
}
