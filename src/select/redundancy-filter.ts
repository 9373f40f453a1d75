/**
 * Redundancy filter: among highly correlated features keep one, the most reproducible, then the
 * most associated with the outcome, then the most variable.
 */
import { checkNumber, checkOneOf, resolveOptions } from '../core/checks.js';
import { ModelFormatError } from '../core/errors.js';
import { Matrix64 } from '../core/matrix.js';
import { quote } from '../core/messages.js';
import { openModel, wrapModel } from '../core/model-json.js';
import { columnDot, columnDot2x4, columnDot4, unitColumns } from '../stats/correlation.js';
import { checkComplete, FittedColumnSelection, keptPositions } from './column-selection.js';
import { binaryResponse, checkFitOptions, isSurvivalResponse, resolveFeatureNames, survivalResponse, toMatrix, type MatrixInput, type Response } from '../core/estimator.js';

/** Options of {@link RedundancyFilter}. */
export interface RedundancyFilterOptions {
  /** @defaultValue 'pearson' */
  method: 'pearson' | 'spearman';
  /**
   * Features whose absolute correlation with an already kept feature exceeds this are dropped.
   * @defaultValue 0.9
   */
  threshold: number;
}

/** Options of {@link RedundancyFilter.fit} beyond the data. */
export interface RedundancyFitOptions {
  featureNames?: readonly string[];
  /** ICC of each feature (by name), e.g. from a fitted reproducibility filter. */
  icc?: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
}

/** One feature's place in the filter. */
export interface RedundancyDecision {
  feature: string;
  kept: boolean;
  /** The kept feature that stands for a dropped one (its most correlated kept feature), null when kept. */
  representedBy: string | null;
  /** Correlation with that representative (signed), null when kept. */
  correlation: number | null;
  /** Preference keys, in the order they are compared (NaN when not known). */
  icc: number;
  association: number;
  variance: number;
  /** Position in the preference order (0 = most preferred). */
  rank: number;
}

/**
 * Greedy redundancy filter: features are ranked by preference (higher ICC when ICCs are given,
 * then stronger association with the outcome on the training rows, then larger variance, then
 * input order); going down that ranking, a feature is kept unless its absolute correlation with a
 * feature already kept exceeds the threshold, in which case the most correlated kept feature
 * stands for it. The result is deterministic, and no two kept features correlate above the
 * threshold.
 *
 * Association is the absolute correlation (Pearson, or Spearman with that method) with the binary
 * outcome, or with the martingale residual of the null Cox model (`event - NelsonAalen(time)`) for
 * survival, the direction of the univariable Cox score test.
 *
 * Correlations are computed on unit-norm columns in blocks, only between candidates and kept
 * features: 5,000 features x 500 rows take seconds.
 *
 * @example
 * const fitted = new RedundancyFilter({ threshold: 0.9 }).fit(Xtrain, ytrain, { featureNames: names });
 * fitted.summary().filter((d) => !d.kept); // who stands for whom
 */
export class RedundancyFilter {
  static readonly defaults: Readonly<RedundancyFilterOptions> = { method: 'pearson', threshold: 0.9 };
  readonly options: Readonly<RedundancyFilterOptions>;

  constructor(options?: Partial<RedundancyFilterOptions>) {
    const opts = resolveOptions('RedundancyFilter', RedundancyFilter.defaults, options);
    checkOneOf('RedundancyFilter', 'method', opts.method, ['pearson', 'spearman'] as const);
    checkNumber('RedundancyFilter', 'threshold', opts.threshold, { min: 0, max: 1, exclusiveMin: true });
    this.options = Object.freeze(opts);
  }

  /**
   * @param response the training outcome (`y` or `{ time, event }`), for the association ranking;
   *   null or omitted ranks by ICC and variance only.
   * @throws DataError for missing values or outcome arrays of the wrong length.
   */
  fit(input: MatrixInput, response?: Response | null, options: RedundancyFitOptions = {}): FittedRedundancyFilter {
    const where = 'RedundancyFilter.fit';
    checkFitOptions(where, options, ['featureNames', 'icc']);
    const X = toMatrix(where, input);
    const names = resolveFeatureNames(where, X, options.featureNames);
    checkComplete(where, X, names);
    const n = X.rows;
    const p = X.cols;
    const spearman = this.options.method === 'spearman';
    const Z = unitColumns(X, spearman);

    // preference keys
    const icc = new Float64Array(p).fill(NaN);
    const known = options.icc;
    if (known !== undefined) {
      names.forEach((name, j) => {
        const v = known instanceof Map ? known.get(name) : (known as Readonly<Record<string, number>>)[name];
        if (typeof v === 'number') icc[j] = v;
      });
    }
    const target = outcomeTarget(where, n, response ?? null);
    const association = new Float64Array(p).fill(NaN);
    if (target !== null) {
      const T = unitColumns(Matrix64.fromColumns([target]), false);
      const t = T.column(0);
      for (let j = 0; j < p; j++) {
        let s = 0;
        const offset = j * n;
        for (let i = 0; i < n; i++) s += Z.data[offset + i] * t[i];
        association[j] = Math.abs(s);
      }
    }
    const variance = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      const col = X.column(j);
      let mean = 0;
      for (let i = 0; i < n; i++) mean += col[i];
      mean /= n;
      let ss = 0;
      for (let i = 0; i < n; i++) ss += (col[i] - mean) * (col[i] - mean);
      variance[j] = ss / (n - 1);
    }
    const order = Array.from({ length: p }, (_, j) => j).sort((a, b) => compareKeys(icc[b], icc[a]) || compareKeys(association[b], association[a]) || compareKeys(variance[b], variance[a]) || a - b);

    // greedy pass in blocks of candidates
    const threshold = this.options.threshold;
    const kept: number[] = [];
    const keptFlag = new Uint8Array(p);
    const representative = new Int32Array(p).fill(-1);
    const representativeR = new Float64Array(p);
    const BLOCK = 64;
    const best = new Float64Array(BLOCK);
    const bestAt = new Int32Array(BLOCK);
    const buffer = new Float64Array(8);
    for (let start = 0; start < p; start += BLOCK) {
      const block = order.slice(start, start + BLOCK);
      best.fill(0);
      bestAt.fill(-1);
      // against features kept before this block: two kept by four candidates at a time (kept
      // features in their order, so that the first of equally correlated ones stands for a candidate)
      const take = (c: number, r: number, k: number) => {
        if (Math.abs(r) > Math.abs(best[c])) {
          best[c] = r;
          bestAt[c] = k;
        }
      };
      for (let e = 0; e < kept.length; e += 2) {
        const k0 = kept[e];
        const k1 = e + 1 < kept.length ? kept[e + 1] : -1;
        let c = 0;
        for (; c + 3 < block.length; c += 4) {
          if (k1 >= 0) {
            columnDot2x4(Z, k0, k1, block[c], block[c + 1], block[c + 2], block[c + 3], buffer);
            for (let q = 0; q < 4; q++) {
              take(c + q, buffer[q], k0);
              take(c + q, buffer[4 + q], k1);
            }
          } else {
            columnDot4(Z, k0, block[c], block[c + 1], block[c + 2], block[c + 3], buffer);
            for (let q = 0; q < 4; q++) take(c + q, buffer[q], k0);
          }
        }
        for (; c < block.length; c++) {
          take(c, columnDot(Z, k0, block[c]), k0);
          if (k1 >= 0) take(c, columnDot(Z, k1, block[c]), k1);
        }
      }
      // within the block, in order
      const keptInBlock: number[] = [];
      for (let c = 0; c < block.length; c++) {
        const j = block[c];
        for (const k of keptInBlock) {
          const r = columnDot(Z, k, j);
          if (Math.abs(r) > Math.abs(best[c])) {
            best[c] = r;
            bestAt[c] = k;
          }
        }
        // a constant feature (all-zero unit column) correlates with nothing: it is kept (the variance filter removes it)
        if (bestAt[c] >= 0 && Math.abs(best[c]) > threshold) {
          representative[j] = bestAt[c];
          representativeR[j] = Math.min(1, Math.max(-1, best[c]));
        } else {
          keptInBlock.push(j);
          keptFlag[j] = 1;
        }
      }
      kept.push(...keptInBlock);
    }
    const rankOf = new Int32Array(p);
    order.forEach((j, r) => (rankOf[j] = r));
    const decisions: RedundancyDecision[] = names.map((feature, j) => ({
      feature,
      kept: keptFlag[j] === 1,
      representedBy: representative[j] >= 0 ? names[representative[j]] : null,
      correlation: representative[j] >= 0 ? representativeR[j] : null,
      icc: icc[j],
      association: association[j],
      variance: variance[j],
      rank: rankOf[j],
    }));
    const keptIndex = Int32Array.from(kept).sort();
    return new FittedRedundancyFilter(this.options, names, keptIndex, decisions);
  }
}

/** Descending comparison helper that puts NaN last: returns b - a style numbers for (b, a) arguments. */
function compareKeys(b: number, a: number): number {
  const na = Number.isNaN(a);
  const nb = Number.isNaN(b);
  if (na && nb) return 0;
  if (nb) return 1;
  if (na) return -1;
  return b - a;
}

/** The vector whose correlation with a feature measures its association with the outcome, or null. */
function outcomeTarget(where: string, n: number, response: Response | null): Float64Array | null {
  if (response === null) return null;
  if (isSurvivalResponse(response)) {
    const { time, event } = survivalResponse(where, response, n);
    return nullMartingaleResiduals(time, event);
  }
  return Float64Array.from(binaryResponse(where, response, n));
}

/** Martingale residuals of the null Cox model: event_i - NelsonAalen(time_i). */
export function nullMartingaleResiduals(time: ArrayLike<number>, event: ArrayLike<number>): Float64Array {
  const n = time.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a] - time[b]);
  const cumhaz = new Float64Array(n);
  let h = 0;
  let k = 0;
  while (k < n) {
    let m = k;
    let deaths = 0;
    while (m < n && time[order[m]] === time[order[k]]) {
      deaths += event[order[m]];
      m++;
    }
    h += deaths / (n - k);
    for (let q = k; q < m; q++) cumhaz[order[q]] = h;
    k = m;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = event[i] - cumhaz[i];
  return out;
}

/** A fitted {@link RedundancyFilter}. */
export class FittedRedundancyFilter extends FittedColumnSelection {
  static readonly kind = 'FittedRedundancyFilter';
  static readonly schemaVersion = 1;

  constructor(
    readonly options: Readonly<RedundancyFilterOptions>,
    inputNames: readonly string[],
    keptIndex: Int32Array,
    readonly decisions: readonly RedundancyDecision[],
  ) {
    super(inputNames, keptIndex);
  }

  /** One row per input feature. */
  summary(): RedundancyDecision[] {
    return this.decisions.map((d) => ({ ...d }));
  }

  toJSON(): object {
    const orNull = (x: number) => (Number.isFinite(x) ? x : null);
    return wrapModel(FittedRedundancyFilter.kind, FittedRedundancyFilter.schemaVersion, {
      options: { ...this.options },
      featureNames: [...this.featureNames],
      kept: this.keptNames,
      decisions: this.decisions.map((d) => ({ ...d, icc: orNull(d.icc), association: orNull(d.association), variance: orNull(d.variance) })),
    });
  }

  static fromJSON(json: unknown): FittedRedundancyFilter {
    const kind = FittedRedundancyFilter.kind;
    const r = openModel(json, kind, FittedRedundancyFilter.schemaVersion);
    const o = r.object('options');
    const inputNames = r.strings('featureNames');
    const num = (d: ReturnType<typeof r.object>, f: string) => (d.has(f) ? d.number(f) : NaN);
    const decisions = r.objects('decisions').map((d) => ({
      feature: d.string('feature'),
      kept: d.boolean('kept'),
      representedBy: d.has('representedBy') ? d.string('representedBy') : null,
      correlation: d.has('correlation') ? d.number('correlation') : null,
      icc: num(d, 'icc'),
      association: num(d, 'association'),
      variance: num(d, 'variance'),
      rank: d.integer('rank', 0),
    }));
    if (decisions.length !== inputNames.length) throw new ModelFormatError(`${kind}.fromJSON: ${decisions.length} decisions for ${inputNames.length} input features`);
    for (const d of decisions) {
      if (d.representedBy !== null && !inputNames.includes(d.representedBy)) throw new ModelFormatError(`${kind}.fromJSON: representative ${quote(d.representedBy)} is not an input feature`);
    }
    return new FittedRedundancyFilter(
      { method: o.oneOf('method', ['pearson', 'spearman'] as const), threshold: o.number('threshold') },
      inputNames,
      keptPositions(kind, r.strings('kept'), inputNames),
      decisions,
    );
  }
}
