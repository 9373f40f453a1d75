/**
 * A fitted elastic-net path: coefficients at any lambda (interpolated as glmnet's `lambda.interp`),
 * predictions, the signature at a lambda, and the model file.
 */
import { ModelFormatError, ParameterError } from '../../core/errors.js';
import { modelInvariants, openModel, toPlainArray, wrapModel } from '../../core/model-json.js';
import { checkFeatures, type MatrixInput, type SurvivalResponse } from '../../core/estimator.js';
import { makeSignature, type BinarySignature, type CoxSignature, type ElasticNetSignature } from '../elastic-net-signature.js';
import { logistic } from '../../stats/logistic.js';
import type { ElasticNetOptions } from './options.js';

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
