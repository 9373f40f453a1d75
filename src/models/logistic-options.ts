/**
 * The options of logistic regression, named as R's glm and logistf arguments.
 */

/** Options of `LogisticRegression`. */
export interface LogisticRegressionOptions {
  /**
   * Firth's penalized likelihood (Heinze & Schemper 2002, doi:10.1002/sim.1047): finite estimates
   * under separation, less small-sample bias. As logistf: standard errors from the inverse Fisher
   * information at the estimate, p-values from penalized likelihood-ratio tests and profile
   * penalized-likelihood intervals (see `FittedLogisticRegression.summary()`).
   * @defaultValue false
   */
  firth: boolean;
  /** @defaultValue 25 (glm's maxit) */
  maxIter: number;
  /**
   * Convergence: |dev - dev_old| / (|dev| + 0.1) < tol, glm's criterion (Firth's Newton-Raphson
   * runs until its step is below 1e-10 relative, or the penalized log-likelihood settles far below tol).
   * @defaultValue 1e-8 (glm's epsilon)
   */
  tol: number;
  /** Confidence level of the intervals (Wald, or profile with Firth). @defaultValue 0.95 */
  level: number;
}
