/**
 * The part every fitted feature filter shares: which input columns it keeps, and applying that to
 * new data.
 */
import { DataError, ModelFormatError } from '../core/errors.js';
import type { Matrix64 } from '../core/matrix.js';

/** A fitted filter's selection of input columns. */
export abstract class FittedColumnSelection {
  constructor(
    /** Feature names the filter was fitted on, in input order. */
    readonly inputNames: readonly string[],
    /** Zero-based input positions of the kept features, in input order. */
    readonly keptIndex: Int32Array,
  ) {}

  /** Names of the kept features, in input order. */
  get keptNames(): string[] {
    return Array.from(this.keptIndex, (j) => this.inputNames[j]);
  }

  /** The kept columns of X. @throws DataError when X does not have the fitted number of features. */
  transform(X: Matrix64): Matrix64 {
    if (X.cols !== this.inputNames.length) {
      throw new DataError(`${this.constructor.name}.transform: X has ${X.cols} features, the filter was fitted on ${this.inputNames.length}`, 'DATA_SHAPE');
    }
    return X.selectColumns(this.keptIndex);
  }
}

/** Default names x1, x2, ... or the given ones, checked against the column count. */
export function featureNamesFor(where: string, X: Matrix64, names: readonly string[] | undefined): string[] {
  const out = names ? [...names] : Array.from({ length: X.cols }, (_, j) => `x${j + 1}`);
  if (out.length !== X.cols) throw new DataError(`${where}: ${out.length} feature names for ${X.cols} columns`, 'DATA_SHAPE');
  return out;
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
  return Int32Array.from(kept, (name) => {
    const j = inputNames.indexOf(name);
    if (j < 0) throw new ModelFormatError(`${kind}.fromJSON: kept feature "${name}" is not among inputNames`);
    return j;
  });
}
