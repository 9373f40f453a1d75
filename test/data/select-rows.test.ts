import { describe, expect, it } from 'vitest';
import { buildDataset, logRankTest, parseTable, Rng, selectDatasetRows } from '../../src/index.js';

describe('row selection takes any array-like of indices (issue 12, A1)', () => {
  const table = parseTable('id,site,x,y\nP1,A,0.1,0\nP2,B,0.2,1\nP3,A,0.3,0\nP4,B,0.4,1\nP5,A,0.5,1\n', { source: 'f.csv' });
  const data = buildDataset(table, { id: 'id', outcome: 'y', batch: 'site' });

  it('an Int32Array from Rng.bootstrap keeps ids and batch labels as text', () => {
    const rows = new Rng(3).bootstrap(data.n);
    expect(rows).toBeInstanceOf(Int32Array);
    const sub = selectDatasetRows(data, rows);
    expect(sub.ids).toEqual(Array.from(rows, (i) => data.ids[i]));
    expect(sub.batch).toEqual(Array.from(rows, (i) => data.batch![i]));
    expect(sub.ids.every((id) => typeof id === 'string' && id.startsWith('P'))).toBe(true);
    expect(Array.from(sub.X.column(0))).toEqual(Array.from(rows, (i) => data.X.get(i, 0)));
    expect(sub.locate(0)).toBe(data.locate(rows[0]));
  });

  it('a typed array, a plain array and a Uint8Array select the same rows', () => {
    const a = selectDatasetRows(data, [4, 0, 2]);
    const b = selectDatasetRows(data, Int32Array.of(4, 0, 2));
    const c = selectDatasetRows(data, Uint8Array.of(4, 0, 2));
    for (const d of [b, c]) {
      expect(d.ids).toEqual(a.ids);
      expect(d.batch).toEqual(a.batch);
      expect(Array.from(d.rows)).toEqual(Array.from(a.rows));
    }
    expect(a.ids).toEqual(['P5', 'P1', 'P3']);
  });

  it('rejects indices out of range or fractional', () => {
    expect(() => selectDatasetRows(data, [0, 5])).toThrow(/rows must be row numbers from 0 to 4, got 5 at position 1/);
    expect(() => selectDatasetRows(data, [1.5])).toThrow(/got 1.5/);
  });

  it('logRankTest takes group labels as a typed array', () => {
    const time = Float64Array.of(1, 2, 3, 4, 5, 6);
    const event = Uint8Array.of(1, 1, 0, 1, 1, 0);
    const typed = logRankTest(time, event, Int32Array.of(0, 1, 0, 1, 0, 1));
    const plain = logRankTest(time, event, [0, 1, 0, 1, 0, 1]);
    expect(typed.chisq).toBe(plain.chisq);
  });
});
