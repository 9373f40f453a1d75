/**
 * Cross-validation of elastic-net paths, reproducing glmnet's `cv.glmnet`.
 */
import { checkBoolean, checkInteger, checkOneOf, resolveOptions } from '../core/checks.js';
import { DataError, ParameterError } from '../core/errors.js';
import { libraryOptionName } from '../core/messages.js';
import { Matrix64 } from '../core/matrix.js';
import { isArrayLike, toMatrix, type MatrixInput } from '../core/estimator.js';
import { Rng } from '../core/rng.js';
import { withRetainedArena } from '../core/simd-kernels.js';
import { ElasticNet } from './elastic-net/elastic-net.js';
import { FittedElasticNet } from './elastic-net/fitted-elastic-net.js';
import { selectResponseRows, type ElasticNetResponse } from './elastic-net/options.js';
import { CoxFamily } from './glm-families.js';

/** Cross-validation measure: binomial deviance, misclassification, AUC; Cox partial-likelihood deviance, Harrell's C. */
export type CvMeasure = 'deviance' | 'class' | 'auc' | 'C';

/** Options of {@link crossValidateElasticNet}, glmnet's names camelCased. */
export interface CvElasticNetOptions {
  /** Names of X's columns (else X's column names, else x1, x2, ...). @defaultValue null */
  featureNames: readonly string[] | null;
  /** @defaultValue 10 */
  nFolds: number;
  /** Fold of each observation (1..K); overrides nFolds and the seed. @defaultValue null */
  foldId: ArrayLike<number> | null;
  /**
   * Balance outcome classes (binomial) or events (Cox) across folds. Off to match glmnet;
   * recommended for rare outcomes.
   * @defaultValue false
   */
  stratify: boolean;
  /** @defaultValue 'deviance' */
  measure: CvMeasure;
  /** Repeat the cross-validation with new folds and average cvm and cvsd. @defaultValue 1 */
  nRepeats: number;
  /** Seed for the folds. @defaultValue 1 */
  seed: number;
}

/**
 * A cross-validated path, with glmnet's fields. Plain arrays, so that `JSON.stringify` writes it as
 * it is (the full-data fit `fit` serializes as its model file).
 */
export interface CvElasticNetResult {
  /** The measure used (deviance when AUC was asked with fewer than 10 observations per fold, as glmnet). */
  measure: CvMeasure;
  lambda: number[];
  cvm: number[];
  cvsd: number[];
  cvup: number[];
  cvlo: number[];
  nzero: number[];
  lambdaMin: number;
  lambda1se: number;
  indexMin: number;
  index1se: number;
  /** The fit on all observations. */
  fit: FittedElasticNet;
  /** Folds of the (first) repeat. */
  foldId: number[];
  /** The number of folds used (nFolds, or the number of observations when nFolds was larger; with foldId, its largest fold). */
  nFolds: number;
  warnings: string[];
}

/** @internal */
export const DEFAULTS: CvElasticNetOptions = { featureNames: null, nFolds: 10, foldId: null, stratify: false, measure: 'deviance', nRepeats: 1, seed: 1 };

/**
 * K-fold cross-validation of an elastic-net path, as `cv.glmnet` (Friedman et al. 2010): the path
 * is fitted on all observations, then on each training fold (with the same user lambda sequence,
 * or its own default path whose coefficients are interpolated at the full-data lambdas, glmnet's
 * `alignment = "lambda"`). Measures: binomial deviance (probabilities clipped to [1e-5, 1 - 1e-5]),
 * misclassification and AUC per fold; for Cox the grouped partial-likelihood deviance of Verweij &
 * van Houwelingen (1993, doi:10.1002/sim.4780122407) per event and Harrell's C per fold. `cvm` is
 * the fold-weighted mean and `cvsd` its standard error; `lambdaMin` is the largest lambda with the
 * best `cvm` and `lambda1se` the largest within one standard error of it.
 *
 * Folds come from the seeded Rng (R's `sample` is not reproduced); give `foldId` to match a
 * glmnet run exactly.
 *
 * @throws ParameterError for a measure that does not fit the family, or bad folds.
 */
export function crossValidateElasticNet(model: ElasticNet, input: MatrixInput, response: ElasticNetResponse, options?: Partial<CvElasticNetOptions>): CvElasticNetResult {
  const where = 'crossValidateElasticNet';
  const X = toMatrix(where, input);
  const opts = resolveCvOptions(where, model, X, options);
  // (the folds' fits reuse the full fit's memory)
  return withRetainedArena(() => {
    const plan = crossValidationPlan(model, X, response, opts);
    const folds: Int32Array[] = [];
    const perRepeat = [];
    for (let repeat = 0; repeat < opts.nRepeats; repeat++) {
      const foldId = foldsOf(where, opts, X.rows, plan.strata, repeat, plan.warnings);
      folds.push(foldId);
      const foldFits = trainingRows(foldId).map((train, k) => fitFold(model, X, response, train, k));
      perRepeat.push(oneCrossValidation(model, X, response, plan.fit, foldId, opts.measure, plan.warnings, foldFits));
    }
    return summarize(opts, plan.fit, folds[0], perRepeat, plan.warnings);
  });
}

/** Fits the full path. */
function crossValidationPlan(model: ElasticNet, X: Matrix64, response: ElasticNetResponse, opts: CvElasticNetOptions & { warnings: string[] }) {
  const fit = model.fit(X, response, { featureNames: opts.featureNames ?? undefined });
  return { fit, warnings: [...opts.warnings, ...fit.diagnostics.warnings], strata: stratumOf(response, model.options.family, X.rows) };
}

/**
 * Resolves and checks the options against the family and the data; AUC with fewer than 10
 * observations per fold becomes deviance with a warning, as glmnet's cv.lognet.
 * @internal
 */
export function resolveCvOptions(where: string, model: ElasticNet, X: Matrix64, options: Partial<CvElasticNetOptions> | undefined): CvElasticNetOptions & { warnings: string[] } {
  const opts = resolveOptions(where, DEFAULTS, options);
  checkOptions(where, model, opts);
  const warnings: string[] = [];
  if (opts.foldId === null && opts.nFolds > X.rows) {
    // cv.glmnet's rep(seq(nfolds), length = N) gives N folds of one observation: leave-one-out, said aloud
    warnings.push(`${where}: nFolds is ${opts.nFolds}, more than the ${X.rows} observations; ${X.rows} folds were used (leave-one-out)`);
    opts.nFolds = X.rows;
  }
  const nFolds = opts.foldId !== null ? Math.max(...Array.from(opts.foldId)) : opts.nFolds;
  if (opts.measure === 'auc' && X.rows / nFolds < 10) {
    warnings.push(`${where}: too few (< 10) observations per fold for measure "auc" (${X.rows} observations in ${nFolds} folds); changed to measure "deviance", as glmnet. Alternatively, use fewer folds`);
    return { ...opts, measure: 'deviance', warnings };
  }
  return { ...opts, warnings };
}

function checkOptions(where: string, model: ElasticNet, opts: CvElasticNetOptions): void {
  if (opts.featureNames !== null && !Array.isArray(opts.featureNames)) throw new ParameterError(`${where}: featureNames must be an array of strings or null`);
  if (opts.foldId !== null && !isArrayLike(opts.foldId)) throw new ParameterError(`${where}: foldId must be an array of fold numbers or null`);
  checkInteger(where, 'nFolds', opts.nFolds, { min: 3 });
  checkBoolean(where, 'stratify', opts.stratify);
  checkOneOf(where, 'measure', opts.measure, ['deviance', 'class', 'auc', 'C'] as const);
  checkInteger(where, 'nRepeats', opts.nRepeats, { min: 1 });
  checkInteger(where, 'seed', opts.seed, { min: 0 });
  const family = model.options.family;
  if (family === 'binomial' && opts.measure === 'C') throw new ParameterError(`${where}: ${libraryOptionName('measure', 'C')} is for Cox models; use deviance, class or auc`);
  if (family === 'cox' && (opts.measure === 'class' || opts.measure === 'auc')) throw new ParameterError(`${where}: ${libraryOptionName('measure', opts.measure)} is for binomial models; use deviance or C`);
}

/** Averages the repeats and chooses lambda.min and lambda.1se. */
/** @internal */
export function summarize(opts: CvElasticNetOptions, fit: FittedElasticNet, firstFolds: Int32Array, perRepeat: { cvm: Float64Array; cvsd: Float64Array }[], warnings: string[]): CvElasticNetResult {
  const lambda = fit.lambda;
  const L = lambda.length;
  const cvm = new Float64Array(L);
  const cvsd = new Float64Array(L);
  for (const r of perRepeat) {
    for (let l = 0; l < L; l++) {
      cvm[l] += r.cvm[l] / perRepeat.length;
      cvsd[l] += r.cvsd[l] / perRepeat.length;
    }
  }
  const { indexMin, index1se } = chooseLambda(lambda, cvm, cvsd, opts.measure === 'auc' || opts.measure === 'C');
  return {
    measure: opts.measure,
    lambda: Array.from(lambda),
    cvm: Array.from(cvm),
    cvsd: Array.from(cvsd),
    cvup: Array.from(cvm, (v, l) => v + cvsd[l]),
    cvlo: Array.from(cvm, (v, l) => v - cvsd[l]),
    nzero: Array.from(fit.df),
    lambdaMin: lambda[indexMin],
    lambda1se: lambda[index1se],
    indexMin,
    index1se,
    fit,
    foldId: Array.from(firstFolds),
    nFolds: Math.max(...firstFolds),
    warnings: [...new Set(warnings)],
  };
}

/** glmnet's `getOptcv.glmnet`: lambda.min is the largest lambda with the best cvm; lambda.1se the largest with cvm within one cvsd of it. */
export function chooseLambda(lambda: ArrayLike<number>, cvm: ArrayLike<number>, cvsd: ArrayLike<number>, larger: boolean): { indexMin: number; index1se: number } {
  const L = lambda.length;
  const value = (l: number) => (larger ? -cvm[l] : cvm[l]);
  let best = Infinity;
  for (let l = 0; l < L; l++) if (value(l) < best) best = value(l);
  let indexMin = -1;
  for (let l = 0; l < L; l++) if (value(l) <= best && (indexMin < 0 || lambda[l] > lambda[indexMin])) indexMin = l;
  const bound = value(indexMin) + cvsd[indexMin];
  let index1se = -1;
  for (let l = 0; l < L; l++) if (value(l) <= bound && (index1se < 0 || lambda[l] > lambda[index1se])) index1se = l;
  return { indexMin, index1se };
}

/** @internal */
export function foldsOf(where: string, opts: CvElasticNetOptions, n: number, strata: Int32Array, repeat: number, warnings: string[]): Int32Array {
  if (opts.foldId !== null && opts.nRepeats > 1 && repeat === 0) warnings.push(`${where}: foldId is used for the first repeat; later repeats draw folds from the seed`);
  return opts.foldId !== null && repeat === 0 ? checkFolds(where, opts.foldId, n) : makeFolds(n, opts.nFolds, opts.stratify ? strata : null, new Rng(opts.seed).fork(repeat));
}

/** Training rows of each fold. */
/** @internal */
export function trainingRows(foldId: Int32Array): number[][] {
  const K = Math.max(...foldId);
  return Array.from({ length: K }, (_, k) => {
    const rows: number[] = [];
    for (let i = 0; i < foldId.length; i++) if (foldId[i] !== k + 1) rows.push(i);
    return rows;
  });
}

function fitFold(model: ElasticNet, X: Matrix64, response: ElasticNetResponse, train: number[], k: number): FittedElasticNet {
  try {
    return model.fitRows(X, train, selectResponseRows(response, train));
  } catch (error) {
    if (error instanceof DataError) throw new DataError(`cross-validation fold ${k + 1}: ${error.message}`, error.code);
    throw error;
  }
}

/** @internal */
export function oneCrossValidation(model: ElasticNet, X: Matrix64, response: ElasticNetResponse, fit: FittedElasticNet, foldId: Int32Array, measure: CvMeasure, warnings: string[], foldFits: FittedElasticNet[]): { cvm: Float64Array; cvsd: Float64Array } {
  const n = X.rows;
  const K = Math.max(...foldId);
  const lambda = fit.lambda;
  const L = lambda.length;
  const family = model.options.family;
  const coxRaw = new Matrix64(K, L); // Cox grouped deviance per fold
  const foldValue = new Matrix64(K, L);
  const foldWeight = new Float64Array(K);
  const foldRows: number[][] = Array.from({ length: K }, () => []);
  for (let i = 0; i < n; i++) foldRows[foldId[i] - 1].push(i);
  const fullCox = family === 'cox' ? survivalOf(response) : null;
  const fullFamily = fullCox ? new CoxFamily(fullCox.time, fullCox.event, new Float64Array(n).fill(1), model.options.ties) : null;
  const allRows = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < K; k++) {
    const test = foldRows[k];
    if (test.length === 0) continue;
    const inTest = new Uint8Array(n);
    for (const i of test) inTest[i] = 1;
    const train: number[] = [];
    for (let i = 0; i < n; i++) if (!inTest[i]) train.push(i);
    const sub = selectResponseRows(response, train);
    const foldFit = foldFits[k];
    warnings.push(...foldFit.diagnostics.warnings.map((w) => `fold ${k + 1}: ${w}`));
    let trainFamily: CoxFamily | null = null;
    if (fullFamily && measure === 'deviance') {
      const trainSurv = survivalOf(sub);
      trainFamily = new CoxFamily(trainSurv.time, trainSurv.event, new Float64Array(train.length).fill(1), model.options.ties);
    }
    // held-out linear predictors; the Cox deviance also needs every row's (glmnet's grouped deviance)
    const rows = Int32Array.from(trainFamily ? allRows : test);
    const m = rows.length;
    const xd = X.data;
    const etaRows = new Float64Array(m);
    // this fold's held-out linear predictors (test row q at lambda l: q + l * test.length), not all n x L at once
    const mt = test.length;
    const held = new Float64Array(mt * L);
    for (let l = 0; l < L; l++) {
      const { intercept, beta } = foldFit.coef(lambda[l]);
      etaRows.fill(intercept);
      for (let j = 0; j < beta.length; j++) {
        const b = beta[j];
        if (b === 0) continue;
        const o = j * n;
        for (let q = 0; q < m; q++) etaRows[q] += b * xd[o + rows[q]];
      }
      if (fullFamily && trainFamily) {
        for (let q = 0; q < mt; q++) held[q + l * mt] = etaRows[test[q]];
        const etaTrain = Float64Array.from(train, (i) => etaRows[i]);
        const full = 2 * (fullFamily.loss(etaRows) - fullFamily.saturatedLoss);
        const part = 2 * (trainFamily.loss(etaTrain) - trainFamily.saturatedLoss);
        coxRaw.data[k + l * K] = full - part;
      } else {
        held.set(etaRows, l * mt);
      }
    }
    foldMeasures(k, test, held);
  }

  /** Fold k's value at every lambda and its weight, from its held-out linear predictors. */
  function foldMeasures(k: number, rows: readonly number[], held: Float64Array): void {
    const mt = rows.length;
    if (family === 'binomial') {
      const y = response as ArrayLike<number>;
      foldWeight[k] = mt;
      for (let l = 0; l < L; l++) {
        if (measure === 'auc') {
          foldValue.data[k + l * K] = aucOf(rows.map((_, q) => 1 / (1 + Math.exp(-held[q + l * mt]))), rows.map((i) => y[i]));
          continue;
        }
        let s = 0;
        for (let q = 0; q < mt; q++) {
          const i = rows[q];
          const prob = 1 / (1 + Math.exp(-held[q + l * mt]));
          if (measure === 'deviance') {
            const pc = Math.min(Math.max(prob, 1e-5), 1 - 1e-5);
            s += -2 * (y[i] * Math.log(pc) + (1 - y[i]) * Math.log(1 - pc));
          } else {
            s += y[i] === 1 ? (prob <= 0.5 ? 1 : 0) : prob > 0.5 ? 1 : 0;
          }
        }
        foldValue.data[k + l * K] = s / mt;
      }
    } else {
      const { time, event } = fullCox!;
      let events = 0;
      for (const i of rows) events += event[i];
      foldWeight[k] = measure === 'deviance' ? events : mt;
      for (let l = 0; l < L; l++) {
        if (measure === 'deviance') foldValue.data[k + l * K] = coxRaw.data[k + l * K] / events;
        else foldValue.data[k + l * K] = harrellC(rows.map((_, q) => held[q + l * mt]), rows.map((i) => time[i]), rows.map((i) => event[i]));
      }
    }
  }
  // fold-weighted mean and its standard error (glmnet's cvstats)
  const cvm = new Float64Array(L);
  const cvsd = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    let sw = 0;
    let s = 0;
    let used = 0;
    for (let k = 0; k < K; k++) {
      const v = foldValue.data[k + l * K];
      if (!Number.isFinite(v) || foldWeight[k] === 0) continue;
      sw += foldWeight[k];
      s += foldWeight[k] * v;
      used++;
    }
    const m = s / sw;
    let ss = 0;
    for (let k = 0; k < K; k++) {
      const v = foldValue.data[k + l * K];
      if (!Number.isFinite(v) || foldWeight[k] === 0) continue;
      ss += foldWeight[k] * (v - m) * (v - m);
    }
    cvm[l] = m;
    cvsd[l] = Math.sqrt(ss / sw / (used - 1));
  }
  return { cvm, cvsd };
}

/** AUC with ties counted one half (survival::concordance(y ~ prob)). */
export function aucOf(score: number[], y: number[]): number {
  const pos: number[] = [];
  const neg: number[] = [];
  score.forEach((s, i) => (y[i] === 1 ? pos : neg).push(s));
  if (pos.length === 0 || neg.length === 0) return NaN;
  pos.sort((a, b) => a - b);
  neg.sort((a, b) => a - b);
  let concordant = 0;
  let lo = 0;
  let hi = 0;
  for (const s of pos) {
    while (lo < neg.length && neg[lo] < s) lo++;
    hi = Math.max(hi, lo);
    while (hi < neg.length && neg[hi] <= s) hi++;
    concordant += lo + 0.5 * (hi - lo);
  }
  return concordant / (pos.length * neg.length);
}

/**
 * Harrell's C of a risk score (higher = earlier event), as survival::concordance(Surv ~ -score):
 * pairs are comparable when the shorter time is an event (a censored time tied with an event time
 * counts as longer); pairs tied on the score count one half; pairs of tied event times are excluded.
 */
export function harrellC(score: number[], time: number[], event: number[]): number {
  const n = score.length;
  let concordant = 0;
  let discordant = 0;
  let tied = 0;
  for (let i = 0; i < n; i++) {
    if (event[i] !== 1) continue;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      if (!(time[j] > time[i] || (time[j] === time[i] && event[j] === 0))) continue;
      if (score[i] > score[j]) concordant++;
      else if (score[i] < score[j]) discordant++;
      else tied++;
    }
  }
  const total = concordant + discordant + tied;
  return total === 0 ? NaN : (concordant + 0.5 * tied) / total;
}

function survivalOf(response: ElasticNetResponse): { time: Float64Array; event: Float64Array } {
  const r = response as { time: ArrayLike<number>; event: ArrayLike<number> };
  return { time: Float64Array.from(r.time), event: Float64Array.from(r.event) };
}


/** @internal */
export function stratumOf(response: ElasticNetResponse, family: string, n: number): Int32Array {
  if (family === 'binomial') return Int32Array.from({ length: n }, (_, i) => (response as ArrayLike<number>)[i]);
  const r = response as { event: ArrayLike<number> };
  return Int32Array.from({ length: n }, (_, i) => r.event[i]);
}

/** Random folds 1..K of nearly equal size, optionally balanced within strata. */
export function makeFolds(n: number, K: number, strata: Int32Array | null, rng: Rng): Int32Array {
  return rng.stratifiedFolds(strata ?? n, Math.min(K, n));
}

function checkFolds(where: string, foldId: ArrayLike<number>, n: number): Int32Array {
  if (foldId.length !== n) throw new ParameterError(`${where}: foldId has ${foldId.length} values for ${n} observations`);
  const folds = Int32Array.from(foldId);
  const K = Math.max(...folds);
  if (K < 3) throw new ParameterError(`${where}: foldId needs at least 3 folds, got ${K}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(foldId[i]) || foldId[i] < 1) throw new ParameterError(`${where}: foldId must hold fold numbers 1..K, got ${foldId[i]} at ${i + 1}`);
  }
  return folds;
}
