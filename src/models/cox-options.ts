/**
 * The options of Cox regression, named as survival::coxph's arguments.
 */

/** Options of `CoxPH`, coxph's names. */
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
