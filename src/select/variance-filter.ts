/**
 * Near-zero-variance filter, as `caret::nearZeroVar`.
 */
import { checkNumber, resolveOptions } from '../core/checks.js';
import { openModel, wrapModel } from '../core/model-json.js';
import { checkComplete, FittedColumnSelection, keptPositions } from './column-selection.js';
import { checkFitOptions, resolveFeatureNames, toMatrix, type FitOptions, type MatrixInput, type Response } from '../core/estimator.js';

/** Options of {@link VarianceFilter}, caret's names. */
export interface VarianceFilterOptions {
  /**
   * Ratio of the most common value's count to the second most common's above which a feature may
   * be near-zero variance.
   * @defaultValue 95 / 5
   */
  freqCut: number;
  /**
   * Percentage of distinct values (of the rows) at or below which a feature may be near-zero variance.
   * @defaultValue 10
   */
  uniqueCut: number;
}

/** Per-feature metrics, as caret's `saveMetrics = TRUE`. */
export interface VarianceMetrics {
  feature: string;
  freqRatio: number;
  percentUnique: number;
  zeroVar: boolean;
  nzv: boolean;
}

/**
 * Drops features with zero variance, and features whose most common value dominates
 * (`freqRatio > freqCut`) while few distinct values occur (`percentUnique <= uniqueCut`), the rule
 * of caret's `nearZeroVar` (Kuhn 2008, doi:10.18637/jss.v028.i05).
 *
 * @example
 * const fitted = new VarianceFilter().fit(Xtrain, null, { featureNames: names });
 * fitted.keptNames;
 */
export class VarianceFilter {
  static readonly defaults: Readonly<VarianceFilterOptions> = { freqCut: 95 / 5, uniqueCut: 10 };
  readonly options: Readonly<VarianceFilterOptions>;

  constructor(options?: Partial<VarianceFilterOptions>) {
    const opts = resolveOptions('VarianceFilter', VarianceFilter.defaults, options);
    checkNumber('VarianceFilter', 'freqCut', opts.freqCut, { min: 1 });
    checkNumber('VarianceFilter', 'uniqueCut', opts.uniqueCut, { min: 0, max: 100 });
    this.options = Object.freeze(opts);
  }

  /**
   * @param _response ignored (the filter is unsupervised); present so every stage fits alike.
   * @throws DataError for missing values or mismatched names.
   */
  fit(input: MatrixInput, _response?: Response | null, options: Pick<FitOptions, 'featureNames'> = {}): FittedVarianceFilter {
    checkFitOptions('VarianceFilter.fit', options, ['featureNames']);
    const X = toMatrix('VarianceFilter.fit', input);
    const names = resolveFeatureNames('VarianceFilter.fit', X, options.featureNames);
    checkComplete('VarianceFilter.fit', X, names);
    const metrics: VarianceMetrics[] = [];
    const kept: number[] = [];
    const sorted = new Float64Array(X.rows);
    for (let j = 0; j < X.cols; j++) {
      // distinct values and the two largest counts, from the sorted column (-0 and 0 are one value)
      sorted.set(X.column(j));
      sorted.sort();
      let distinct = 0;
      let first = 0;
      let second = 0;
      for (let i = 0; i < sorted.length; ) {
        let run = 1;
        while (i + run < sorted.length && sorted[i + run] === sorted[i]) run++;
        distinct++;
        if (run > first) {
          second = first;
          first = run;
        } else if (run > second) second = run;
        i += run;
      }
      const freqRatio = distinct <= 1 ? 0 : first / second;
      const percentUnique = (100 * distinct) / X.rows;
      const zeroVar = distinct === 1;
      const nzv = (freqRatio > this.options.freqCut && percentUnique <= this.options.uniqueCut) || zeroVar;
      metrics.push({ feature: names[j], freqRatio, percentUnique, zeroVar, nzv });
      if (!nzv) kept.push(j);
    }
    return new FittedVarianceFilter(this.options, names, Int32Array.from(kept), metrics);
  }
}

/** A fitted {@link VarianceFilter}. */
export class FittedVarianceFilter extends FittedColumnSelection {
  static readonly kind = 'FittedVarianceFilter';
  static readonly schemaVersion = 1;

  constructor(
    readonly options: Readonly<VarianceFilterOptions>,
    inputNames: readonly string[],
    keptIndex: Int32Array,
    readonly metrics: readonly VarianceMetrics[],
  ) {
    super(inputNames, keptIndex);
  }

  summary(): VarianceMetrics[] {
    return this.metrics.map((m) => ({ ...m }));
  }

  toJSON(): object {
    return wrapModel(FittedVarianceFilter.kind, FittedVarianceFilter.schemaVersion, {
      options: { ...this.options },
      featureNames: [...this.featureNames],
      kept: this.keptNames,
      metrics: this.metrics,
    });
  }

  static fromJSON(json: unknown): FittedVarianceFilter {
    const r = openModel(json, FittedVarianceFilter.kind, FittedVarianceFilter.schemaVersion);
    const o = r.object('options');
    const inputNames = r.strings('featureNames');
    const kept = keptPositions(FittedVarianceFilter.kind, r.strings('kept'), inputNames);
    const metrics = r.objects('metrics').map((m) => ({
      feature: m.string('feature'),
      freqRatio: m.number('freqRatio'),
      percentUnique: m.number('percentUnique'),
      zeroVar: m.boolean('zeroVar'),
      nzv: m.boolean('nzv'),
    }));
    return new FittedVarianceFilter({ freqCut: o.number('freqCut'), uniqueCut: o.number('uniqueCut') }, inputNames, kept, metrics);
  }
}
