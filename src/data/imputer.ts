/**
 * Median or mean imputation of missing feature values, as a fit/transform stage so that the fill
 * values are learned on training rows only.
 */
import { checkOneOf, resolveOptions } from '../core/checks.js';
import { DataError } from '../core/errors.js';
import { Matrix64 } from '../core/matrix.js';
import { checkFeatures, checkFitOptions, resolveFeatureNames, toMatrix, type FitOptions, type FittedTransformer, type MatrixInput, type Response } from '../core/estimator.js';
import { quote } from '../core/messages.js';
import { modelInvariants, openModel, toPlainArray, wrapModel } from '../core/model-json.js';

/** Options of {@link Imputer}. */
export interface ImputerOptions {
  /**
   * Fill value per feature: the median (R's `median`, averaging the two middle values) or the mean
   * of the present training values.
   * @defaultValue 'median'
   */
  strategy: 'median' | 'mean';
}

/**
 * Learns one fill value per feature from training rows.
 *
 * Imputing before a train/test split leaks test information into training; radsig's pipeline
 * refits this stage inside every resample.
 *
 * @example
 * const fitted = new Imputer({ strategy: 'median' }).fit(Xtrain, null, { featureNames: names });
 * const Xtest2 = fitted.transform(Xtest);
 */
export class Imputer {
  static readonly defaults: Readonly<ImputerOptions> = { strategy: 'median' };
  readonly options: Readonly<ImputerOptions>;

  /** @throws ParameterError for an unknown strategy or option. */
  constructor(options?: Partial<ImputerOptions>) {
    const opts = resolveOptions('Imputer', Imputer.defaults, options);
    checkOneOf('Imputer', 'strategy', opts.strategy, ['median', 'mean'] as const);
    this.options = Object.freeze(opts);
  }

  /**
   * @param _response ignored (imputation is unsupervised); present so every stage fits alike.
   * @throws DataError when a feature has no present value in the training rows.
   */
  fit(input: MatrixInput, _response?: Response | null, options: Pick<FitOptions, 'featureNames'> = {}): FittedImputer {
    checkFitOptions('Imputer.fit', options, ['featureNames']);
    const X = toMatrix('Imputer.fit', input);
    const names = resolveFeatureNames('Imputer.fit', X, options.featureNames);
    const fill = new Float64Array(X.cols);
    const missing = new Float64Array(X.cols);
    const buffer = new Float64Array(X.rows);
    for (let j = 0; j < X.cols; j++) {
      const column = X.column(j);
      let m = 0;
      for (let i = 0; i < column.length; i++) if (!Number.isNaN(column[i])) buffer[m++] = column[i];
      missing[j] = column.length - m;
      if (m === 0) throw new DataError(`Imputer.fit: feature ${quote(names[j])} has no present values to learn a fill value from`, 'DATA_MISSING');
      fill[j] = this.options.strategy === 'mean' ? mean(buffer, m) : median(buffer, m);
      if (!Number.isFinite(fill[j])) {
        throw new DataError(`Imputer.fit: feature ${quote(names[j])} has infinite values, so its ${this.options.strategy} (the fill value) is not finite; correct or remove them before imputing`, 'DATA_MISSING');
      }
    }
    return new FittedImputer(this.options, names, fill, missing);
  }
}

/** An {@link Imputer} fitted to training rows. */
export class FittedImputer implements FittedTransformer {
  static readonly kind = 'FittedImputer';
  static readonly schemaVersion = 1;

  constructor(
    readonly options: Readonly<ImputerOptions>,
    readonly featureNames: readonly string[],
    /** Fill value of each feature. */
    readonly fill: Float64Array,
    /** Missing cells of each feature in the training rows. */
    readonly trainingMissing: Float64Array,
  ) {}

  /** The output columns: the same features. */
  get outputNames(): readonly string[] {
    return this.featureNames;
  }

  /** A copy of X with missing cells replaced by the learned fill values. @throws DataError when X's features differ from the fitted ones. */
  transform(input: MatrixInput): Matrix64 {
    const X = checkFeatures('FittedImputer.transform', input, this.featureNames);
    const out = new Matrix64(X.rows, X.cols, X.data.slice(), this.featureNames);
    const n = X.rows;
    for (let j = 0; j < X.cols; j++) {
      const f = this.fill[j];
      const offset = j * n;
      for (let i = 0; i < n; i++) if (Number.isNaN(out.data[offset + i])) out.data[offset + i] = f;
    }
    return out;
  }

  /** One row per feature. */
  summary(): { feature: string; fill: number; missingInTraining: number }[] {
    return this.featureNames.map((feature, j) => ({ feature, fill: this.fill[j], missingInTraining: this.trainingMissing[j] }));
  }

  toJSON(): object {
    return wrapModel(FittedImputer.kind, FittedImputer.schemaVersion, {
      options: { ...this.options },
      featureNames: [...this.featureNames],
      fill: toPlainArray(this.fill),
      trainingMissing: toPlainArray(this.trainingMissing),
    });
  }

  /** @throws ModelFormatError for anything but a valid FittedImputer object. */
  static fromJSON(json: unknown): FittedImputer {
    const r = openModel(json, FittedImputer.kind, FittedImputer.schemaVersion);
    const options = r.object('options');
    const strategy = options.oneOf('strategy', ['median', 'mean'] as const);
    const names = r.strings('featureNames');
    const missing = r.numbers('trainingMissing', names.length);
    missing.forEach((v, j) => modelInvariants.count(FittedImputer.kind, `trainingMissing[${j}]`, v, Number.MAX_SAFE_INTEGER));
    return new FittedImputer({ strategy }, names, r.numbers('fill', names.length), missing);
  }
}

function mean(values: Float64Array, m: number): number {
  let s = 0;
  for (let i = 0; i < m; i++) s += values[i];
  const mu = s / m;
  // second pass as R's mean, for accuracy
  let r = 0;
  for (let i = 0; i < m; i++) r += values[i] - mu;
  return mu + r / m;
}

function median(values: Float64Array, m: number): number {
  const sorted = values.slice(0, m).sort();
  const h = m >> 1;
  return m % 2 === 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
}
