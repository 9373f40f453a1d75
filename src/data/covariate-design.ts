/**
 * Design-matrix columns for covariates: numeric columns as they are, text columns dummy-coded
 * against their first level (R's treatment contrasts), with the coding learned once and applied
 * to new data.
 */
import { DataError } from '../core/errors.js';
import { Matrix64 } from '../core/matrix.js';
import { listPreview, quote } from '../core/messages.js';
import type { ModelReader } from '../core/model-json.js';
import { cellValue, sortValues } from './column-values.js';
import type { Column } from './table.js';

/** How one covariate enters the design. */
export type CovariateTerm = { name: string; type: 'numeric' } | { name: string; type: 'categorical'; levels: string[] };

/**
 * The coding of a set of covariates: learned from training columns by {@link CovariateDesign.learn},
 * applied to any rows by {@link CovariateDesign.encode}.
 */
export class CovariateDesign {
  constructor(readonly terms: readonly CovariateTerm[]) {}

  /**
   * Learns the coding: numeric columns stay numeric; text columns become categorical with levels
   * sorted (numbers numerically, text by code point, as R's `factor` in the C locale), the first
   * level being the reference.
   * @throws DataError for missing values or a categorical covariate with one level.
   */
  static learn(columns: readonly Column[], where: string): CovariateDesign {
    const terms: CovariateTerm[] = columns.map((column) => {
      if (column.missing > 0) throw new DataError(`${where}: covariate ${quote(column.name)} has ${column.missing} missing values`, 'DATA_MISSING');
      if (column.kind === 'numeric') return { name: column.name, type: 'numeric' };
      const levels = sortValues([...new Set(column.values as string[])]);
      if (levels.length < 2) throw new DataError(`${where}: categorical covariate ${quote(column.name)} has only one level (${listPreview(levels)})`, 'DATA_ONE_CLASS');
      return { name: column.name, type: 'categorical', levels };
    });
    return new CovariateDesign(terms);
  }

  /** Names of the design columns (`age`, `sexM`, ...), as R's `model.matrix` names them. */
  get columnNames(): string[] {
    return this.terms.flatMap((t) => (t.type === 'numeric' ? [t.name] : t.levels.slice(1).map((l) => `${t.name}${l}`)));
  }

  /**
   * The n x q design columns for `columns` (matched by name).
   * @throws DataError for a missing covariate, missing values or a level not seen in training.
   */
  encode(columns: readonly Column[], n: number, where: string): Matrix64 {
    const out = new Matrix64(n, this.columnNames.length);
    let c = 0;
    for (const term of this.terms) {
      const column = columns.find((col) => col.name === term.name);
      if (column === undefined) throw new DataError(`${where}: covariate ${quote(term.name)} is missing from the new data`, 'DATA_UNKNOWN_COLUMN');
      if (column.values.length !== n) throw new DataError(`${where}: covariate ${quote(term.name)} has ${column.values.length} values, expected ${n}`, 'DATA_SHAPE');
      if (term.type === 'numeric') {
        if (column.kind !== 'numeric') throw new DataError(`${where}: covariate ${quote(term.name)} was numeric in training but is text here`, 'DATA_NOT_NUMERIC');
        for (let i = 0; i < n; i++) {
          const v = column.values[i];
          if (!Number.isFinite(v)) throw new DataError(`${where}: covariate ${quote(term.name)} has a missing or infinite value in row ${i + 1}`, 'DATA_MISSING');
          out.data[i + c * n] = v;
        }
        c++;
      } else {
        for (let i = 0; i < n; i++) {
          const v = cellValue(column, i);
          if (v === null) throw new DataError(`${where}: covariate ${quote(term.name)} has a missing value in row ${i + 1}`, 'DATA_MISSING');
          const level = term.levels.indexOf(v);
          if (level < 0) {
            throw new DataError(`${where}: covariate ${quote(term.name)} has the level ${quote(v)} (row ${i + 1}), not seen in training (${listPreview(term.levels)})`, 'DATA_UNKNOWN_LEVEL');
          }
          if (level > 0) out.data[i + (c + level - 1) * n] = 1;
        }
        c += term.levels.length - 1;
      }
    }
    return out;
  }

  toJSON(): CovariateTerm[] {
    return this.terms.map((t) => (t.type === 'numeric' ? { ...t } : { ...t, levels: [...t.levels] }));
  }

  /** Reads the terms written by {@link CovariateDesign.toJSON}. */
  static fromReaders(readers: ModelReader[]): CovariateDesign {
    return new CovariateDesign(
      readers.map((r) => {
        const type = r.oneOf('type', ['numeric', 'categorical'] as const);
        return type === 'numeric' ? { name: r.string('name'), type } : { name: r.string('name'), type, levels: r.strings('levels') };
      }),
    );
  }
}
