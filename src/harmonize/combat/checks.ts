/**
 * ComBat's input checks: batch labels, finite features and sva's confounding checks of the design.
 */
import { DataError } from '../../core/errors.js';
import { qrRank } from '../../core/linalg.js';
import { Matrix64 } from '../../core/matrix.js';
import { listPreview, quote } from '../../core/messages.js';

export function checkBatch(where: string, batch: ArrayLike<string | number>, n: number): string[] {
  const ok = Array.isArray(batch) || ArrayBuffer.isView(batch);
  if (!ok || batch.length !== n) {
    throw new DataError(`${where}: batch has ${ok ? batch.length : 'no'} values, X has ${n} samples`, 'DATA_SHAPE');
  }
  return Array.from(batch, (b, i) => {
    if (b === null || b === undefined || b === '' || (typeof b === 'number' && !Number.isFinite(b))) {
      throw new DataError(`${where}: batch is missing for sample ${i + 1}; every sample needs a batch`, 'DATA_MISSING');
    }
    return String(b);
  });
}

export function checkFiniteMatrix(where: string, X: Matrix64, names: readonly string[], allowMissing = false): void {
  for (let j = 0; j < X.cols; j++) {
    const col = X.column(j);
    for (let i = 0; i < X.rows; i++) {
      if (!Number.isFinite(col[i]) && !(allowMissing && Number.isNaN(col[i]))) {
        throw new DataError(`${where}: feature ${quote(names[j])} has a ${Number.isNaN(col[i]) ? 'missing' : 'infinite'} value for sample ${i + 1}; impute missing values before harmonizing`, 'DATA_MISSING');
      }
    }
  }
}

/** sva's confounding checks, with its three messages. */
export function checkDesign(where: string, D: Matrix64, K: number, q: number, covariateNames: string[]): void {
  const m = K + q;
  if (qrRank(D) >= m) return;
  if (m === K + 1) {
    throw new DataError(`${where}: the covariate ${quote(covariateNames[0])} is confounded with batch (singular design); remove it`, 'DATA_CONFOUNDED');
  }
  const covOnly = new Matrix64(D.rows, q, D.data.slice(K * D.rows));
  if (qrRank(covOnly) < q) {
    throw new DataError(`${where}: the covariates are confounded with each other (singular design); remove one or more of ${listPreview(covariateNames)}`, 'DATA_CONFOUNDED');
  }
  throw new DataError(`${where}: at least one covariate is confounded with batch (singular design); remove it (${listPreview(covariateNames)})`, 'DATA_CONFOUNDED');
}
