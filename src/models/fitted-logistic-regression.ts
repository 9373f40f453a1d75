/**
 * A fitted logistic regression: the coefficient table, predictions and the model file.
 */
import { modelInvariants, openModel, toPlainArray, wrapModel } from '../core/model-json.js';
import { logistic } from '../stats/logistic.js';
import { qnorm } from '../stats/normal.js';
import { linearPredictorSe } from './regression-table.js';
import { waldTable, withRatios, type CoefficientRow } from './regression-table.js';
import { checkFeatures, type BinaryModel, type MatrixInput } from '../core/estimator.js';
import type { FirthProfileRow } from './firth-inference.js';
import type { LogisticRegressionOptions } from './logistic-options.js';

/** Infinite interval ends are written as null in model files. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export interface FittedLogisticState {
  options: Readonly<LogisticRegressionOptions>;
  featureNames: string[];
  coefficients: Float64Array;
  covariance: Float64Array;
  logLik: number;
  nullLogLik: number;
  n: number;
  nEvents: number;
  converged: boolean;
  iterations: number;
  lrTest: { chisq: number; df: number; p: number } | null;
  warnings: string[];
  penalizedLogLik: number | null;
  nullPenalizedLogLik: number | null;
  profile: FirthProfileRow[] | null;
}

/** A fitted `LogisticRegression`. */
export class FittedLogisticRegression implements BinaryModel {
  static readonly kind = 'FittedLogisticRegression';
  static readonly schemaVersion = 1;
  readonly family = 'binomial' as const;
  readonly options: Readonly<LogisticRegressionOptions>;
  readonly featureNames: readonly string[];
  /** Intercept first, then one coefficient per feature (log odds ratios). */
  readonly coefficients: Float64Array;
  /** Covariance of the estimates (column-major, (p+1) x (p+1)). */
  readonly covariance: Float64Array;
  readonly logLik: number;
  readonly nullLogLik: number;
  readonly n: number;
  readonly nEvents: number;
  readonly converged: boolean;
  readonly iterations: number;
  /**
   * Likelihood-ratio test against the intercept-only model; with Firth, the penalized
   * likelihood-ratio test against the intercept-only restriction (logistf's model test).
   */
  readonly lrTest: { chisq: number; df: number; p: number } | null;
  /** Penalized log-likelihood (Firth only). */
  readonly penalizedLogLik: number | null;
  /** Penalized log-likelihood of the intercept-only restriction, full-design penalty (Firth only). */
  readonly nullPenalizedLogLik: number | null;
  /** Per coefficient (intercept first): penalized likelihood-ratio test of b = 0 and profile interval (Firth only). */
  readonly profile: readonly FirthProfileRow[] | null;
  readonly diagnostics: { warnings: string[] };

  constructor(state: FittedLogisticState) {
    this.options = state.options;
    this.featureNames = state.featureNames;
    this.coefficients = state.coefficients;
    this.covariance = state.covariance;
    this.logLik = state.logLik;
    this.nullLogLik = state.nullLogLik;
    this.n = state.n;
    this.nEvents = state.nEvents;
    this.converged = state.converged;
    this.iterations = state.iterations;
    this.lrTest = state.lrTest;
    this.penalizedLogLik = state.penalizedLogLik;
    this.nullPenalizedLogLik = state.nullPenalizedLogLik;
    this.profile = state.profile;
    this.diagnostics = { warnings: state.warnings };
  }

  /** AIC = -2 logLik + 2 (p + 1). */
  get aic(): number {
    return -2 * this.logLik + 2 * this.coefficients.length;
  }

  /**
   * Rows `(Intercept)`, then the features: estimate, se, z, p, interval, odds ratio and its
   * interval. Maximum likelihood: Wald tests and intervals, as summary.glm and confint.default.
   * Firth: p from the penalized likelihood-ratio test and the profile penalized-likelihood
   * interval, as logistf (se and z stay Wald's, from the inverse information).
   */
  summary(): CoefficientRow[] {
    const profile = this.profile;
    const rows = waldTable(['(Intercept)', ...this.featureNames], this.coefficients, this.covariance, this.options.level);
    return profile === null ? rows : rows.map((r, j) => withRatios({ ...r, p: profile[j].p, lower: profile[j].lower, upper: profile[j].upper }));
  }

  /** Linear predictor (log odds) of new rows. @throws DataError when X's features differ from the model's. */
  linearPredictor(input: MatrixInput): Float64Array {
    const X = checkFeatures('FittedLogisticRegression.linearPredictor', input, this.featureNames);
    const out = new Float64Array(X.rows).fill(this.coefficients[0]);
    for (let j = 0; j < X.cols; j++) {
      const b = this.coefficients[j + 1];
      const col = X.column(j);
      for (let i = 0; i < X.rows; i++) out[i] += b * col[i];
    }
    return out;
  }

  /** Predicted probabilities of the positive class for new rows. */
  predictProbability(X: MatrixInput): Float64Array {
    return this.linearPredictor(X).map(logistic);
  }

  /**
   * The predicted probability of new rows with its confidence interval, from the covariance of the
   * linear predictor as `predict(glm, newdata, type = "link", se.fit = TRUE)`: eta +/- z se on the
   * log-odds scale, transformed (level 0.95 by default). It holds the coefficients' uncertainty given
   * the model's inputs, not that of choosing them.
   */
  probabilityInterval(input: MatrixInput, level = 0.95): { probability: Float64Array; se: Float64Array; lower: Float64Array; upper: Float64Array } {
    const X = checkFeatures('FittedLogisticRegression.probabilityInterval', input, this.featureNames);
    const eta = this.linearPredictor(X);
    const se = linearPredictorSe(X, this.covariance, true);
    const z = qnorm(1 - (1 - level) / 2);
    return { probability: eta.map(logistic), se, lower: eta.map((e, i) => logistic(e - z * se[i])), upper: eta.map((e, i) => logistic(e + z * se[i])) };
  }

  toJSON(): object {
    return wrapModel(FittedLogisticRegression.kind, FittedLogisticRegression.schemaVersion, {
      options: { ...this.options },
      featureNames: [...this.featureNames],
      coefficients: toPlainArray(this.coefficients),
      covariance: toPlainArray(this.covariance),
      logLik: this.logLik,
      nullLogLik: this.nullLogLik,
      n: this.n,
      nEvents: this.nEvents,
      converged: this.converged,
      iterations: this.iterations,
      lrTest: this.lrTest,
      penalizedLogLik: this.penalizedLogLik,
      nullPenalizedLogLik: this.nullPenalizedLogLik,
      profile: this.profile === null ? null : this.profile.map((r) => ({ chisq: r.chisq, p: r.p, lower: finiteOrNull(r.lower), upper: finiteOrNull(r.upper) })),
      warnings: [...this.diagnostics.warnings],
    });
  }

  static fromJSON(json: unknown): FittedLogisticRegression {
    const r = openModel(json, FittedLogisticRegression.kind, FittedLogisticRegression.schemaVersion);
    const o = r.object('options');
    const featureNames = r.strings('featureNames');
    const m = featureNames.length + 1;
    const lr = r.has('lrTest') ? r.object('lrTest') : null;
    const kind = FittedLogisticRegression.kind;
    modelInvariants.covariance(kind, 'covariance', r.numbers('covariance', m * m), m);
    modelInvariants.count(kind, 'nEvents', r.integer('nEvents', 0), r.integer('n', 1));
    return new FittedLogisticRegression({
      options: { firth: o.boolean('firth'), maxIter: o.integer('maxIter', 1), tol: o.number('tol'), level: o.number('level') },
      featureNames,
      coefficients: r.numbers('coefficients', m),
      covariance: r.numbers('covariance', m * m),
      logLik: r.number('logLik'),
      nullLogLik: r.number('nullLogLik'),
      n: r.integer('n', 1),
      nEvents: r.integer('nEvents', 0),
      converged: r.boolean('converged'),
      iterations: r.integer('iterations', 0),
      lrTest: lr === null ? null : { chisq: lr.number('chisq'), df: lr.integer('df', 1), p: lr.number('p') },
      penalizedLogLik: r.has('penalizedLogLik') ? r.number('penalizedLogLik') : null,
      nullPenalizedLogLik: r.has('nullPenalizedLogLik') ? r.number('nullPenalizedLogLik') : null,
      profile: r.has('profile')
        ? r.objects('profile').map((row) => ({
            chisq: row.number('chisq'),
            p: row.number('p'),
            lower: row.has('lower') ? row.number('lower') : -Infinity,
            upper: row.has('upper') ? row.number('upper') : Infinity,
          }))
        : null,
      warnings: r.strings('warnings'),
    });
  }
}
