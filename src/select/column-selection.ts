/**
 * The part every fitted feature filter shares: which input columns it keeps, and applying that to
 * new data.
 */
import { DataError, ModelFormatError } from '../core/errors.js';
import type { Matrix64 } from '../core/matrix.js';
import { checkFeatures, type FittedTransformer, type MatrixInput } from '../core/estimator.js';

/** A fitted filter's selection of input columns. */
export abstract class FittedColumnSelection implements FittedTransformer {
  constructor(
    /** Feature names the filter was fitted on, in input order. */
    readonly featureNames: readonly string[],
    /** Zero-based input positions of the kept features, in input order. */
    readonly keptIndex: Int32Array,
  ) {}

  /** Names of the kept features, in input order. */
  get keptNames(): string[] {
    return Array.from(this.keptIndex, (j) => this.featureNames[j]);
  }

  /** Names of the output columns: the kept features. */
  get outputNames(): string[] {
    return this.keptNames;
  }

  /**
   * The kept columns of X, named.
   * @throws DataError when X's features differ from those the filter was fitted on.
   */
  transform(input: MatrixInput): Matrix64 {
    const X = checkFeatures(`${this.constructor.name}.transform`, input, this.featureNames);
    return X.selectColumns(this.keptIndex).withColumnNames(this.keptNames);
  }
}

/** Rejects missing or infinite values (filters are fitted after imputation). */
export function checkComplete(where: string, X: Matrix64, names: readonly string[]): void {
  for (let j = 0; j < X.cols; j++) {
    const col = X.column(j);
    for (let i = 0; i < X.rows; i++) {
      if (!Number.isFinite(col[i])) {
        throw new DataError(`${where}: feature "${names[j]}" has a ${Number.isNaN(col[i]) ? 'missing' : 'infinite'} value in row ${i + 1}; impute missing values first`, 'DATA_MISSING');
      }
    }
  }
}

/** Positions of kept feature names among the input names (model files store names). */
export function keptPositions(kind: string, kept: readonly string[], inputNames: readonly string[]): Int32Array {
  if (new Set(inputNames).size !== inputNames.length) throw new ModelFormatError(`${kind}.fromJSON: featureNames repeats a feature`);
  const positions = Int32Array.from(kept, (name) => {
    const j = inputNames.indexOf(name);
    if (j < 0) throw new ModelFormatError(`${kind}.fromJSON: kept feature "${name}" is not among inputNames`);
    return j;
  });
  // a filter keeps columns in their input order, each once
  for (let k = 1; k < positions.length; k++) if (positions[k] <= positions[k - 1]) throw new ModelFormatError(`${kind}.fromJSON: kept features must be in input order, each once ("${kept[k]}" after "${kept[k - 1]}")`);
  return positions;
}
