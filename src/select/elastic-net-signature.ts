/**
 * A radiomic signature: the elastic-net coefficients at one lambda, frozen as a model that scores new
 * patients (the Rad-score).
 */
import { checkFeatures, checkTimes, survivalResponse, toMatrix, type BinaryModel, type MatrixInput, type SurvivalModel, type SurvivalResponse } from '../core/estimator.js';
import { DataError, ModelFormatError } from '../core/errors.js';
import { Matrix64 } from '../core/matrix.js';
import { openModel, toPlainArray, wrapModel } from '../core/model-json.js';
import { baselineCumulativeHazard, increasingTimeOrder, survivalFromBaseline } from '../stats/baseline-hazard.js';
import { logistic } from '../stats/logistic.js';

interface SignatureState {
  featureNames: readonly string[];
  lambda: number;
  alpha: number;
  intercept: number;
  beta: Float64Array;
}

/** What both signature families share: coefficients on the original feature scale at one lambda. */
abstract class LinearSignature {
  static readonly kind = 'ElasticNetSignature';
  static readonly schemaVersion = 1;
  /** Names of the features the signature expects (all features of the path, in order). */
  readonly featureNames: readonly string[];
  /** The lambda the coefficients were taken at. */
  readonly lambda: number;
  readonly alpha: number;
  /** The intercept (binomial; 0 for Cox). */
  readonly intercept: number;
  /** One coefficient per feature, zeros included. */
  readonly beta: Float64Array;

  constructor(state: SignatureState) {
    this.featureNames = Object.freeze([...state.featureNames]);
    this.lambda = state.lambda;
    this.alpha = state.alpha;
    this.intercept = state.intercept;
    this.beta = state.beta;
  }

  /** The features with a nonzero coefficient, in input order. */
  get terms(): { name: string; coef: number }[] {
    const out: { name: string; coef: number }[] = [];
    for (let j = 0; j < this.beta.length; j++) if (this.beta[j] !== 0) out.push({ name: this.featureNames[j], coef: this.beta[j] });
    return out;
  }

  /** The Rad-score: intercept + sum of coefficient x feature (the linear predictor). */
  linearPredictor(input: MatrixInput): Float64Array {
    const X = checkFeatures(`${this.constructor.name}.linearPredictor`, input, this.featureNames);
    const out = new Float64Array(X.rows).fill(this.intercept);
    for (let j = 0; j < this.beta.length; j++) {
      const b = this.beta[j];
      if (b === 0) continue;
      const col = X.column(j);
      for (let i = 0; i < X.rows; i++) out[i] += b * col[i];
    }
    for (let i = 0; i < out.length; i++) {
      if (!Number.isFinite(out[i])) throw new DataError(`${this.constructor.name}.linearPredictor: row ${i + 1} has a missing or infinite value in a signature feature`, 'DATA_MISSING');
    }
    return out;
  }

  protected stateJSON(): Record<string, unknown> {
    return { featureNames: [...this.featureNames], lambda: this.lambda, alpha: this.alpha, intercept: this.intercept, beta: toPlainArray(this.beta) };
  }

  abstract toJSON(): object;
}

/** A binary elastic-net signature: the Rad-score is the log-odds, its probability includes the intercept. */
export class BinarySignature extends LinearSignature implements BinaryModel {
  readonly family = 'binomial' as const;

  /** Predicted probability of the positive class: logistic(Rad-score). */
  predictProbability(X: MatrixInput): Float64Array {
    return this.linearPredictor(X).map(logistic);
  }

  toJSON(): object {
    return wrapModel(LinearSignature.kind, LinearSignature.schemaVersion, { family: this.family, ...this.stateJSON() });
  }
}

/**
 * A Cox elastic-net signature. The risk score is the Rad-score (the linear predictor); predicted
 * survival uses the baseline hazard of the training data with the coefficients held fixed
 * (survfit.coxph on a model with these coefficients and no further fitting, as glmnet's survfit.coxnet).
 */
export class CoxSignature extends LinearSignature implements SurvivalModel {
  readonly family = 'cox' as const;
  /** Mean training Rad-score: the baseline hazard is that of a patient with this score. */
  readonly centre: number;
  /** Cumulative baseline hazard at the centre, at every distinct training time. */
  readonly baseline: { time: Float64Array; cumhaz: Float64Array };
  readonly ties: 'efron' | 'breslow';

  constructor(state: SignatureState & { centre: number; baseline: { time: Float64Array; cumhaz: Float64Array }; ties: 'efron' | 'breslow' }) {
    super(state);
    this.centre = state.centre;
    this.baseline = state.baseline;
    this.ties = state.ties;
  }

  /** The Rad-score (higher = worse). */
  riskScore(X: MatrixInput): Float64Array {
    return this.linearPredictor(X);
  }

  /** Predicted survival, rows x times: exp(-H0(t) exp(score - centre)). */
  survivalAt(X: MatrixInput, times: ArrayLike<number>): Matrix64 {
    const grid = checkTimes('CoxSignature.survivalAt', times);
    const score = this.linearPredictor(X);
    for (let i = 0; i < score.length; i++) score[i] -= this.centre;
    return survivalFromBaseline(this.baseline, score, grid);
  }

  toJSON(): object {
    return wrapModel(LinearSignature.kind, LinearSignature.schemaVersion, {
      family: this.family,
      ...this.stateJSON(),
      ties: this.ties,
      centre: this.centre,
      baseline: { time: toPlainArray(this.baseline.time), cumhaz: toPlainArray(this.baseline.cumhaz) },
    });
  }
}

/** A frozen elastic-net signature of either family. */
export type ElasticNetSignature = BinarySignature | CoxSignature;

/**
 * Freezes coefficients at one lambda as a signature. For Cox, the training data (the rows the path
 * was fitted on) give the baseline hazard.
 * @internal use {@link FittedElasticNet.signature}.
 */
export function makeSignature(
  family: 'binomial' | 'cox',
  state: SignatureState,
  ties: 'efron' | 'breslow',
  training: { X: MatrixInput; response: SurvivalResponse } | undefined,
): ElasticNetSignature {
  if (family === 'binomial') return new BinarySignature(state);
  const where = 'FittedElasticNet.signature';
  if (training === undefined) throw new DataError(`${where}: a Cox signature needs the training data ({ X, response }) for its baseline hazard`, 'DATA_SHAPE');
  const partial = new BinarySignature(state);
  const X = toMatrix(where, training.X);
  const score = partial.linearPredictor(X);
  const { time, event } = survivalResponse(where, training.response, X.rows);
  let centre = 0;
  for (let i = 0; i < score.length; i++) centre += score[i];
  centre /= score.length;
  const centred = score.map((v) => v - centre);
  const baseline = baselineCumulativeHazard(time, event, centred, ties, increasingTimeOrder(time));
  return new CoxSignature({ ...state, centre, baseline, ties });
}

/** Loads a signature written by `toJSON`. @throws ModelFormatError for a malformed file. */
export function signatureFromJSON(json: unknown): ElasticNetSignature {
  const r = openModel(json, LinearSignature.kind, LinearSignature.schemaVersion);
  const family = r.oneOf('family', ['binomial', 'cox'] as const);
  const featureNames = r.strings('featureNames');
  const state: SignatureState = {
    featureNames,
    lambda: r.number('lambda'),
    alpha: r.number('alpha'),
    intercept: r.number('intercept'),
    beta: r.numbers('beta', featureNames.length),
  };
  if (!(state.lambda >= 0)) throw new ModelFormatError(`${LinearSignature.kind}.fromJSON: lambda must be non-negative`);
  if (!(state.alpha >= 0 && state.alpha <= 1)) throw new ModelFormatError(`${LinearSignature.kind}.fromJSON: alpha must be between 0 and 1, got ${state.alpha}`);
  if (new Set(featureNames).size !== featureNames.length) throw new ModelFormatError(`${LinearSignature.kind}.fromJSON: featureNames repeats a feature`);
  if (family === 'binomial') return new BinarySignature(state);
  const b = r.object('baseline');
  const time = b.numbers('time');
  const cumhaz = b.numbers('cumhaz', time.length);
  if (cumhaz.length > 0 && !(cumhaz[0] >= 0)) throw new ModelFormatError(`${LinearSignature.kind}.fromJSON: baseline cumulative hazard must be non-negative, got ${cumhaz[0]}`);
  for (let k = 1; k < time.length; k++) {
    if (!(time[k] > time[k - 1]) || !(cumhaz[k] >= cumhaz[k - 1])) throw new ModelFormatError(`${LinearSignature.kind}.fromJSON: baseline times must increase and the cumulative hazard must not decrease (entry ${k + 1})`);
  }
  return new CoxSignature({ ...state, ties: r.oneOf('ties', ['efron', 'breslow'] as const), centre: r.number('centre'), baseline: { time, cumhaz } });
}
