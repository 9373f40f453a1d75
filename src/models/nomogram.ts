/**
 * Nomogram data for a linear predictor (logistic or Cox, also from penalized coefficients), scaled
 * as rms::nomogram.
 */
import { DataError, ParameterError } from '../core/errors.js';
import { pretty } from '../stats/pretty.js';

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
export function nomogramData(terms: readonly NomogramTerm[], intercept = 0, options: { maxscale?: number; nint?: number } = {}): NomogramData {
  const maxscale = options.maxscale ?? 100;
  const nint = options.nint ?? 10;
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
  const axes = raw.map((r) => ({ name: r.name, values: r.values, xbeta: r.xbeta, points: r.xbeta.map((x) => (x - r.min) * scale) }));
  const offset = intercept + raw.reduce((s, r) => s + r.min, 0);
  // total-points axis as rms: pretty over 0 .. the points of the largest pretty linear predictor of the training patients
  const n = terms[0].values.length;
  let sumMax: number;
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
    const lpAt = pretty(lo, hi, nint);
    sumMax = terms.length === 1 ? maxscale : Math.max(maxscale, scale * (Math.max(...lpAt) - offset));
  } else {
    sumMax = raw.reduce((s, r) => s + (r.max - r.min) * scale, 0);
  }
  return { axes, scale, offset, totalPoints: pretty(0, sumMax, nint) };
}

/** The linear predictor corresponding to a number of total points. */
export function nomogramLinearPredictor(data: NomogramData, totalPoints: number): number {
  return data.offset + totalPoints / data.scale;
}
