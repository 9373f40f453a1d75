/**
 * Median or mean imputation of missing feature values, as a fit/transform stage so that the fill
 * values are learned on training rows only.
 */
import { checkOneOf, resolveOptions } from '../core/checks.js';
import { DataError } from '../core/errors.js';
import { Matrix64 } from '../core/matrix.js';
import { quote } from '../core/messages.js';
import { openModel, toPlainArray, wrapModel } from '../core/model-json.js';

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
 * const fitted = new Imputer({ strategy: 'median' }).fit(Xtrain, names);
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
   * @param featureNames names for messages and the model file (default x1, x2, ...).
   * @throws DataError when a feature has no present value in the training rows.
   */
  fit(X: Matrix64, featureNames?: readonly string[]): FittedImputer {
    const names = featureNames ? [...featureNames] : Array.from({ length: X.cols }, (_, j) => `x${j + 1}`);
    if (names.length !== X.cols) throw new DataError(`Imputer.fit: ${names.length} feature names for ${X.cols} columns`, 'DATA_SHAPE');
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
    }
    return new FittedImputer(this.options, names, fill, missing);
  }
}

/** An {@link Imputer} fitted to training rows. */
export class FittedImputer {
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

  /** A copy of X with missing cells replaced by the learned fill values. @throws DataError for a wrong number of columns. */
  transform(X: Matrix64): Matrix64 {
    if (X.cols !== this.fill.length) {
      throw new DataError(`FittedImputer.transform: X has ${X.cols} features, the imputer was fitted on ${this.fill.length}`, 'DATA_SHAPE');
    }
    const out = X.clone();
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
    return new FittedImputer({ strategy }, names, r.numbers('fill', names.length), r.numbers('trainingMissing', names.length));
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
