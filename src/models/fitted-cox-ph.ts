/**
 * A fitted Cox model: the coefficient table and tests, risk scores and survival curves for new
 * patients, and the model file.
 */
import { ModelFormatError } from '../core/errors.js';
import { Matrix64 } from '../core/matrix.js';
import { quadraticForm } from '../core/linalg.js';
import { modelInvariants, openModel, toPlainArray, wrapModel } from '../core/model-json.js';
import { survivalFromBaseline, type BaselineHazard } from '../stats/baseline-hazard.js';
import { stepIndex } from '../stats/binary-search.js';
import { qnorm } from '../stats/normal.js';
import { waldTable, type CoefficientRow } from './regression-table.js';
import { checkFeatures, checkTimes, type MatrixInput, type SurvivalModel } from '../core/estimator.js';
import type { CoxPHOptions } from './cox-options.js';

export interface FittedCoxState {
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
  baseline: BaselineHazard;
  warnings: string[];
}

export interface TestResult {
  chisq: number;
  df: number;
  p: number;
}

/** A fitted `CoxPH` model. */
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
  /**
   * Cumulative baseline hazard at the covariate means, at every distinct training time
   * (survfit.coxph), with the variance terms of a predicted survival's interval (absent in model
   * files written before radsig computed them).
   */
  readonly baseline: BaselineHazard;
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

  /**
   * Predicted survival of new rows at the given times with its confidence interval, as
   * `summary(survfit(fit, newdata, se.fit = TRUE), times)` with its default `conf.type = "log"`:
   * the standard error of the cumulative hazard H(t | x) includes the baseline hazard's variance
   * and the coefficients' (Tsiatis 1981), and the interval is S exp(+/- z se), at most 1. It holds
   * the model's uncertainty given its inputs, not that of choosing them.
   * @throws ModelFormatError for a model read from a file without the variance terms.
   */
  survivalInterval(input: MatrixInput, times: ArrayLike<number>, level = 0.95): { survival: Matrix64; se: Matrix64; lower: Matrix64; upper: Matrix64 } {
    const X = checkFeatures('FittedCoxPH.survivalInterval', input, this.featureNames);
    const grid = checkTimes('FittedCoxPH.survivalInterval', times);
    const { varhaz, xbar } = this.baseline;
    if (varhaz === undefined || xbar === undefined) throw new ModelFormatError('FittedCoxPH.survivalInterval: this model was saved without the baseline hazard\'s variance (an older radsig): re-fit it for intervals');
    const n = X.rows;
    const p = X.cols;
    const z = qnorm(1 - (1 - level) / 2);
    const out = { survival: new Matrix64(n, grid.length), se: new Matrix64(n, grid.length), lower: new Matrix64(n, grid.length), upper: new Matrix64(n, grid.length) };
    const lp = this.riskScore(X);
    const centred = new Float64Array(p);
    const d = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) centred[j] = X.data[i + j * n] - this.means[j];
      const risk = Math.exp(lp[i]);
      for (let c = 0; c < grid.length; c++) {
        const k = stepIndex(this.baseline.time, grid[c]);
        const h0 = k < 0 ? 0 : this.baseline.cumhaz[k];
        // Var H(t | x) = risk^2 (sum of the increments' variances + d' V d), d = H0(t) x - cumulative xbar
        for (let j = 0; j < p; j++) d[j] = h0 * centred[j] - (k < 0 ? 0 : xbar[j][k]);
        const q = (k < 0 ? 0 : varhaz[k]) + quadraticForm(d, this.covariance, p);
        // (a risk of 0 or a survival of 0, far outside the development data, has no width)
        const se = risk === 0 ? 0 : risk * Math.sqrt(Math.max(0, q));
        const s = Math.exp(-h0 * risk);
        const at = i + c * n;
        out.survival.data[at] = s;
        out.se.data[at] = se;
        out.lower.data[at] = s === 0 || !Number.isFinite(se) ? 0 : s * Math.exp(-z * se);
        out.upper.data[at] = s === 0 ? 0 : !Number.isFinite(se) ? 1 : Math.min(1, s * Math.exp(z * se));
      }
    }
    return out;
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
      baseline: {
        time: toPlainArray(this.baseline.time),
        cumhaz: toPlainArray(this.baseline.cumhaz),
        ...(this.baseline.varhaz !== undefined && this.baseline.xbar !== undefined ? { varhaz: toPlainArray(this.baseline.varhaz), xbar: this.baseline.xbar.map(toPlainArray) } : {}),
      },
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
        const base: BaselineHazard = { time, cumhaz: b.numbers('cumhaz', time.length) };
        if (b.has('varhaz')) {
          base.varhaz = b.numbers('varhaz', time.length);
          modelInvariants.monotone(kind, 'baseline.varhaz', base.varhaz, 'nondecreasing');
          base.xbar = b.numberRows('xbar', p, time.length);
        }
        return base;
      })(),
      warnings: r.strings('warnings'),
    });
  }
}
