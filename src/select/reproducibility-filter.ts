/**
 * Reproducibility filter: keep features whose ICC between repeated segmentations reaches a threshold.
 */
import { checkNumber, checkOneOf, resolveOptions } from '../core/checks.js';
import { DataError, ModelFormatError, ParameterError } from '../core/errors.js';
import { listPreview } from '../core/messages.js';
import { openModel, wrapModel } from '../core/model-json.js';
import { checkFitOptions, resolveFeatureNames, toMatrix, type FitOptions, type MatrixInput, type Response } from '../core/estimator.js';
import { FittedColumnSelection, keptPositions } from './column-selection.js';
import { computeIcc, ICC_FORMS, type IccForm, type IccResult, type RepeatedRatings } from './icc.js';

/** Options of {@link ReproducibilityFilter}. */
export interface ReproducibilityFilterOptions {
  /**
   * ICC form (psych's names).
   * @defaultValue 'ICC2' (two-way random effects, absolute agreement, single rater: Koo & Li 2016)
   */
  form: IccForm;
  /**
   * Minimum ICC to keep a feature.
   * @defaultValue 0.75 (Koo & Li 2016: good reliability)
   */
  threshold: number;
  /**
   * Compare the threshold with the point estimate or with the lower confidence bound (stricter).
   * @defaultValue 'point'
   */
  on: 'point' | 'lower';
  /** @defaultValue 0.95 */
  level: number;
}

/** One feature's reproducibility decision. */
export interface ReproducibilityDecision {
  feature: string;
  form: IccForm;
  icc: number;
  lower: number;
  upper: number;
  f: number;
  df1: number;
  df2: number;
  p: number;
  kept: boolean;
}

/**
 * Keeps features whose ICC (form, threshold and point or lower bound configurable) is at least
 * the threshold; features with undefined ICC (no variance) are dropped. Thresholds follow Koo &
 * Li 2016 (doi:10.1016/j.jcm.2016.02.012): < 0.5 poor, 0.5-0.75 moderate, 0.75-0.9 good, > 0.9
 * excellent.
 *
 * @example
 * const ratings = repeatedRatingsFromLong(repeats, { subject: 'id', rater: 'reader' });
 * const fitted = new ReproducibilityFilter({ on: 'lower' }).fit(Xtrain, null, { icc: ratings });
 */
export class ReproducibilityFilter {
  static readonly defaults: Readonly<ReproducibilityFilterOptions> = { form: 'ICC2', threshold: 0.75, on: 'point', level: 0.95 };
  readonly options: Readonly<ReproducibilityFilterOptions>;

  constructor(options?: Partial<ReproducibilityFilterOptions>) {
    const opts = resolveOptions('ReproducibilityFilter', ReproducibilityFilter.defaults, options);
    checkOneOf('ReproducibilityFilter', 'form', opts.form, ICC_FORMS);
    checkNumber('ReproducibilityFilter', 'threshold', opts.threshold, { min: -1, max: 1 });
    checkOneOf('ReproducibilityFilter', 'on', opts.on, ['point', 'lower'] as const);
    checkNumber('ReproducibilityFilter', 'level', opts.level, { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
    this.options = Object.freeze(opts);
  }

  /**
   * Decides on each feature (column) of X from its ICC; only X's feature names are used.
   * @param _response ignored (ICCs come from repeated segmentations, which have no outcome).
   * @param options.icc repeated ratings (ICCs are computed at the filter's level) or ICCs already
   *   computed; every feature of X must have one.
   * @throws DataError for a feature without ICC; ParameterError when `icc` is missing or precomputed
   *   ICCs have another confidence level than the filter uses on the lower bound.
   */
  fit(input: MatrixInput, _response: Response | null | undefined, options: Pick<FitOptions, 'featureNames'> & { icc: RepeatedRatings | IccResult }): FittedReproducibilityFilter {
    const where = 'ReproducibilityFilter.fit';
    checkFitOptions(where, options, ['featureNames', 'icc']);
    const icc = options?.icc;
    if (icc === undefined || icc === null || typeof icc !== 'object') throw new ParameterError(`${where}: the icc option (repeated ratings or computed ICCs) is required`);
    const featureNames = resolveFeatureNames(where, toMatrix(where, input), options.featureNames);
    const result = 'byRater' in icc ? computeIcc(icc, { level: this.options.level }) : icc;
    if (!('byRater' in icc) && this.options.on === 'lower' && result.level !== this.options.level) {
      throw new ParameterError(`ReproducibilityFilter: the ICCs were computed at level ${result.level}, the filter uses ${this.options.level}`);
    }
    const byName = new Map(result.features.map((f) => [f.feature, f]));
    const names = featureNames;
    const missing = names.filter((n) => !byName.has(n));
    if (missing.length > 0) {
      throw new DataError(`ReproducibilityFilter: no ICC for ${missing.length} features (${listPreview(missing)}); the repeat segmentations must include every feature`, 'DATA_UNKNOWN_COLUMN');
    }
    const decisions: ReproducibilityDecision[] = names.map((feature) => {
      const e = byName.get(feature)!.forms[this.options.form];
      const value = this.options.on === 'point' ? e.icc : e.lower;
      return { feature, form: e.form, icc: e.icc, lower: e.lower, upper: e.upper, f: e.f, df1: e.df1, df2: e.df2, p: e.p, kept: value >= this.options.threshold };
    });
    const kept = Int32Array.from(decisions.flatMap((d, j) => (d.kept ? [j] : [])));
    return new FittedReproducibilityFilter(this.options, names, kept, decisions, result.nSubjects, result.nRaters);
  }
}

/** A fitted {@link ReproducibilityFilter}. */
export class FittedReproducibilityFilter extends FittedColumnSelection {
  static readonly kind = 'FittedReproducibilityFilter';
  static readonly schemaVersion = 1;

  constructor(
    readonly options: Readonly<ReproducibilityFilterOptions>,
    inputNames: readonly string[],
    keptIndex: Int32Array,
    readonly decisions: readonly ReproducibilityDecision[],
    readonly nSubjects: number,
    readonly nRaters: number,
  ) {
    super(inputNames, keptIndex);
  }

  /** One row per feature: feature, form, icc, lower, upper, f, df1, df2, p, kept. */
  summary(): ReproducibilityDecision[] {
    return this.decisions.map((d) => ({ ...d }));
  }

  toJSON(): object {
    return wrapModel(FittedReproducibilityFilter.kind, FittedReproducibilityFilter.schemaVersion, {
      options: { ...this.options },
      nSubjects: this.nSubjects,
      nRaters: this.nRaters,
      featureNames: [...this.featureNames],
      kept: this.keptNames,
      decisions: this.decisions.map((d) => ({ ...d, icc: orNull(d.icc), lower: orNull(d.lower), upper: orNull(d.upper), f: orNull(d.f), p: orNull(d.p) })),
    });
  }

  static fromJSON(json: unknown): FittedReproducibilityFilter {
    const r = openModel(json, FittedReproducibilityFilter.kind, FittedReproducibilityFilter.schemaVersion);
    const o = r.object('options');
    const options: ReproducibilityFilterOptions = { form: o.oneOf('form', ICC_FORMS), threshold: o.number('threshold'), on: o.oneOf('on', ['point', 'lower'] as const), level: o.number('level') };
    const inputNames = r.strings('featureNames');
    const num = (d: ReturnType<typeof r.object>, field: string) => (d.has(field) ? d.number(field) : NaN);
    const decisions = r.objects('decisions').map((d) => ({
      feature: d.string('feature'),
      form: d.oneOf('form', ICC_FORMS),
      icc: num(d, 'icc'),
      lower: num(d, 'lower'),
      upper: num(d, 'upper'),
      f: num(d, 'f'),
      df1: d.number('df1'),
      df2: d.number('df2'),
      p: num(d, 'p'),
      kept: d.boolean('kept'),
    }));
    if (decisions.length !== inputNames.length) throw new ModelFormatError(`${FittedReproducibilityFilter.kind}.fromJSON: ${decisions.length} decisions for ${inputNames.length} input features`);
    return new FittedReproducibilityFilter(options, inputNames, keptPositions(FittedReproducibilityFilter.kind, r.strings('kept'), inputNames), decisions, r.integer('nSubjects', 2), r.integer('nRaters', 2));
  }
}

function orNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

