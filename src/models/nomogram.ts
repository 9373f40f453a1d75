/**
 * Nomogram data for a linear predictor (logistic or Cox, also from penalized coefficients), scaled
 * as rms::nomogram.
 */
import { DataError, ParameterError } from '../core/errors.js';
import { checkFeatures, type MatrixInput } from '../core/estimator.js';
import { stepIndex } from '../stats/binary-search.js';
import { pretty, tickLabels } from '../stats/pretty.js';
import type { FittedCoxPH } from './fitted-cox-ph.js';
import type { FittedLogisticRegression } from './fitted-logistic-regression.js';

/** One predictor of a nomogram: its coefficient and its values in the training data (one per patient, aligned across terms). */
export interface NomogramTerm {
  name: string;
  coefficient: number;
  values: ArrayLike<number>;
}

/** A nomogram axis: predictor values and their points. */
export interface NomogramAxis {
  name: string;
  values: number[];
  /** The values written for display (the fewest decimals that show them exactly, the same on the axis). */
  labels: string[];
  /** coefficient * value */
  xbeta: number[];
  points: number[];
}

/** Nomogram data: an axis per predictor, the total-points scale and the conversion to the linear predictor. */
export interface NomogramData {
  axes: NomogramAxis[];
  /** Points per unit of linear predictor. */
  scale: number;
  /** Linear predictor at zero total points (intercept plus each predictor's smallest contribution). */
  offset: number;
  /** Tick values of the total-points axis, as rms (pretty over 0 .. the points of the largest pretty training linear predictor). */
  totalPoints: number[];
  /** The total-points ticks written for display. */
  totalPointsLabels: string[];
  /** The linear-predictor axis: pretty values over the training linear predictors (rms's lp.at), their labels and total points. */
  lpAxis: { lp: number[]; labels: string[]; points: number[] };
  /** Axes of functions of the linear predictor (predicted risk, survival at horizons), in the order given. */
  functionAxes: NomogramFunctionAxis[];
}

/** A function of the linear predictor to draw as a nomogram axis (e.g. a probability). */
export interface NomogramFunction {
  name: string;
  /** Maps a linear predictor (on the nomogram's scale: intercept included, centred for Cox) to the function's value. */
  fun: (lp: number) => number;
  /** Tick values; by default pretty(fun(range of the linear-predictor axis)). */
  at?: ArrayLike<number>;
}

/** A function axis: tick values and the total points at which the function takes them. */
export interface NomogramFunctionAxis {
  name: string;
  values: number[];
  /** The values written for display. */
  labels: string[];
  points: number[];
}

/** Options of {@link nomogramData}. */
export interface NomogramOptions {
  /** Points of the predictor with the widest effect. @defaultValue 100 */
  maxscale: number;
  /** Number of intervals asked of pretty(). @defaultValue 10 */
  nint: number;
  /** Function axes. @defaultValue [] */
  functions: readonly NomogramFunction[];
}

/**
 * Nomogram data as `rms::nomogram`: each continuous predictor's axis runs over
 * `pretty(range(values), nint)` (predictors with fewer than 10 distinct values use those values);
 * its points are `scale * (b x - min b x)`, with `scale` chosen so that the predictor with the
 * widest range of `b x` spans `maxscale` (100) points. Total points convert back to the linear
 * predictor by `lp = offset + total / scale`, then to a probability (logistic) or a survival
 * probability at a horizon (Cox) with {@link nomogramLinearPredictor}.
 *
 * @throws ParameterError for no terms; DataError for predictors without finite values.
 */
export function nomogramData(terms: readonly NomogramTerm[], intercept = 0, options: Partial<NomogramOptions> = {}): NomogramData {
  const maxscale = options.maxscale ?? 100;
  const nint = options.nint ?? 10;
  const functions = options.functions ?? [];
  if (terms.length === 0) throw new ParameterError('nomogramData: needs at least one term');
  const raw = terms.map((t) => {
    const finite = Array.from(t.values).filter(Number.isFinite);
    if (finite.length === 0) throw new DataError(`nomogramData: predictor "${t.name}" has no finite values`, 'DATA_MISSING');
    const distinct = [...new Set(finite)].sort((a, b) => a - b);
    const values = distinct.length < 10 ? distinct : pretty(distinct[0], distinct[distinct.length - 1], nint);
    const xbeta = values.map((v) => t.coefficient * v);
    return { name: t.name, values, xbeta, min: Math.min(...xbeta), max: Math.max(...xbeta) };
  });
  const widest = Math.max(...raw.map((r) => r.max - r.min));
  const scale = widest > 0 ? maxscale / widest : 1;
  const axes = raw.map((r) => ({ name: r.name, values: r.values, labels: tickLabels(r.values), xbeta: r.xbeta, points: r.xbeta.map((x) => (x - r.min) * scale) }));
  const offset = intercept + raw.reduce((s, r) => s + r.min, 0);
  // total-points axis as rms: pretty over 0 .. the points of the largest pretty linear predictor of the training patients
  const n = terms[0].values.length;
  let sumMax: number;
  let lpAt: number[];
  if (terms.every((t) => t.values.length === n)) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      let lp = intercept;
      for (const t of terms) lp += t.coefficient * t.values[i];
      if (Number.isFinite(lp)) {
        lo = Math.min(lo, lp);
        hi = Math.max(hi, lp);
      }
    }
    lpAt = pretty(lo, hi, nint);
    sumMax = terms.length === 1 ? maxscale : Math.max(maxscale, scale * (Math.max(...lpAt) - offset));
  } else {
    sumMax = raw.reduce((s, r) => s + (r.max - r.min) * scale, 0);
    lpAt = pretty(offset, offset + sumMax / scale, nint);
  }
  const functionAxes = functions.map((f) => functionAxis(f, lpAt, offset, scale, nint));
  const totalPoints = pretty(0, sumMax, nint);
  return { axes, scale, offset, totalPoints, totalPointsLabels: tickLabels(totalPoints), lpAxis: { lp: lpAt, labels: tickLabels(lpAt), points: lpAt.map((lp) => (lp - offset) * scale) }, functionAxes };
}

/**
 * A function axis as rms::nomogram draws it: tick values `at` (default pretty(fun(range of lp.at)));
 * the function evaluated on 1,000 equally spaced linear predictors over lp.at and inverted by linear
 * interpolation (R's approx with ties = mean); ticks outside the function's range are dropped.
 */
function functionAxis(f: NomogramFunction, lpAt: number[], offset: number, scale: number, nint: number): NomogramFunctionAxis {
  const lo = Math.min(...lpAt);
  const hi = Math.max(...lpAt);
  let at: number[];
  if (f.at !== undefined) at = Array.from(f.at);
  else {
    const a = f.fun(lo);
    const b = f.fun(hi);
    if (!Number.isFinite(a) || !Number.isFinite(b)) throw new DataError(`nomogramData: function "${f.name}" is not finite over the linear-predictor axis`, 'DATA_MISSING');
    at = pretty(Math.min(a, b), Math.max(a, b), nint);
  }
  // seq(min(lp.at), max(lp.at), length = 1000), computed as R does
  const grid = 1000;
  const by = (hi - lo) / (grid - 1);
  const xs: number[] = [];
  const fs: number[] = [];
  for (let k = 0; k < grid; k++) {
    const lp = k === grid - 1 ? hi : lo + k * by;
    const v = f.fun(lp);
    if (!Number.isNaN(v)) {
      xs.push(lp);
      fs.push(v);
    }
  }
  const lpOf = approxTiesMean(fs, xs, at);
  const values: number[] = [];
  const points: number[] = [];
  at.forEach((v, k) => {
    if (!Number.isNaN(lpOf[k]) && !Number.isNaN(v)) {
      values.push(v);
      points.push((lpOf[k] - offset) * scale);
    }
  });
  return { name: f.name, values, labels: tickLabels(values), points };
}

/** R's approx(x, y, xout, ties = mean, rule = 1): linear interpolation, NaN outside the range of x. */
function approxTiesMean(x: readonly number[], y: readonly number[], xout: readonly number[]): number[] {
  const order = x.map((_, i) => i).sort((a, b) => x[a] - x[b]);
  const ux: number[] = [];
  const uy: number[] = [];
  for (let q = 0; q < order.length; ) {
    let end = q;
    let sum = 0;
    while (end < order.length && x[order[end]] === x[order[q]]) sum += y[order[end++]];
    ux.push(x[order[q]]);
    uy.push(sum / (end - q));
    q = end;
  }
  return xout.map((v) => {
    if (ux.length === 0 || !(v >= ux[0] && v <= ux[ux.length - 1])) return NaN;
    const k = stepIndex(ux, v);
    if (ux[k] === v || k === ux.length - 1) return uy[k];
    return uy[k] + ((uy[k + 1] - uy[k]) * (v - ux[k])) / (ux[k + 1] - ux[k]);
  });
}

/**
 * Nomogram of a fitted logistic model (intercept and coefficients, e.g. a Rad-score with clinical
 * covariates) with a predicted-risk axis, as `nomogram(lrm(...), fun = plogis)`. `X` holds the
 * training values of the model's features (they set the axes' ranges).
 */
export function logisticNomogram(fit: FittedLogisticRegression, X: MatrixInput, options: Partial<Omit<NomogramOptions, 'functions'>> & { riskAt?: ArrayLike<number> } = {}): NomogramData {
  const terms = termsOf(fit.featureNames, fit.coefficients.subarray(1), X, 'logisticNomogram');
  const risk: NomogramFunction = { name: 'Risk', fun: (lp) => 1 / (1 + Math.exp(-lp)), at: options.riskAt === undefined ? undefined : Array.from(options.riskAt) };
  return nomogramData(terms, fit.coefficients[0], { maxscale: options.maxscale, nint: options.nint, functions: [risk] });
}

/**
 * Nomogram of a fitted Cox model with survival axes at the given horizons, as
 * `nomogram(cph(...), fun = function(lp) Survival(fit)(horizon, lp))`: the linear predictor is
 * centred at the covariate means (rms's Intercept = -center) and survival at horizon t is
 * exp(-H0(t) exp(lp)), H0 the baseline cumulative hazard at the means (survfit.coxph).
 */
export function coxNomogram(fit: FittedCoxPH, X: MatrixInput, horizons: ArrayLike<number>, options: Partial<Omit<NomogramOptions, 'functions'>> & { survivalAt?: ArrayLike<number>; labels?: readonly string[] } = {}): NomogramData {
  const terms = termsOf(fit.featureNames, fit.coefficients, X, 'coxNomogram');
  if (options.labels !== undefined && options.labels.length !== horizons.length) throw new ParameterError(`coxNomogram: ${options.labels.length} labels for ${horizons.length} horizons`);
  let centre = 0;
  for (let j = 0; j < fit.means.length; j++) centre += fit.means[j] * fit.coefficients[j];
  const survivalAt = options.survivalAt === undefined ? undefined : Array.from(options.survivalAt);
  const functions = Array.from(horizons, (t, k) => {
    if (!(t > 0) || !Number.isFinite(t)) throw new ParameterError(`coxNomogram: horizons must be positive, got ${t}`);
    const at = stepIndex(fit.baseline.time, t);
    const H0 = at < 0 ? 0 : fit.baseline.cumhaz[at];
    return { name: options.labels?.[k] ?? `Survival at ${t}`, fun: (lp: number) => Math.exp(-H0 * Math.exp(lp)), at: survivalAt };
  });
  return nomogramData(terms, -centre, { maxscale: options.maxscale, nint: options.nint, functions });
}

function termsOf(names: readonly string[], coefficients: ArrayLike<number>, input: MatrixInput, where: string): NomogramTerm[] {
  const X = checkFeatures(where, input, names);
  return names.map((name, j) => ({ name, coefficient: coefficients[j], values: X.column(j) }));
}

/** The linear predictor corresponding to a number of total points. */
export function nomogramLinearPredictor(data: NomogramData, totalPoints: number): number {
  return data.offset + totalPoints / data.scale;
}
