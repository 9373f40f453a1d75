import { describe, expect, it } from 'vitest';
import { DataError, Matrix64, ParameterError } from '../../src/index.js';

describe('Matrix64', () => {
  const X = Matrix64.fromRows([
    [1, 2, 3],
    [4, 5, 6],
  ]);

  it('stores column-major', () => {
    expect(Array.from(X.data)).toEqual([1, 4, 2, 5, 3, 6]);
    expect(X.get(1, 2)).toBe(6);
    expect(Array.from(X.column(1))).toEqual([2, 5]);
    expect(Array.from(X.row(1))).toEqual([4, 5, 6]);
  });

  it('column() is a view; clone() is a copy', () => {
    const Y = X.clone();
    Y.column(0)[0] = 100;
    expect(Y.get(0, 0)).toBe(100);
    expect(X.get(0, 0)).toBe(1);
  });

  it('selects rows and columns, transposes, round-trips rows', () => {
    expect(X.selectColumns([2, 0]).toRows()).toEqual([
      [3, 1],
      [6, 4],
    ]);
    expect(X.selectRows([1, 1, 0]).toRows()).toEqual([
      [4, 5, 6],
      [4, 5, 6],
      [1, 2, 3],
    ]);
    expect(X.transpose().toRows()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(Matrix64.fromColumns([[1, 4], [2, 5], [3, 6]]).toRows()).toEqual(X.toRows());
  });

  it('rejects inconsistent shapes', () => {
    expect(() => new Matrix64(2, 2, new Float64Array(3))).toThrow(ParameterError);
    expect(() => new Matrix64(-1, 2)).toThrow(ParameterError);
    expect(() => Matrix64.fromRows([[1, 2], [3]])).toThrow(DataError);
  });
});
