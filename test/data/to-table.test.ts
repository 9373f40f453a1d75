import { describe, expect, it } from 'vitest';
import { buildDataset, DataError, toTable } from '../../src/index.js';

describe('toTable: structural DataFrame interop', () => {
  const records = [
    { id: 'a', x: 1.5, grade: 'G1', y: 0 },
    { id: 'b', x: '2', grade: 'G2', y: 1 },
    { id: 'c', x: null, grade: 'G1', y: 1 },
  ];

  it('arrays of records: numbers and numeric strings make numeric columns, null is missing', () => {
    const t = toTable(records);
    expect(t.names).toEqual(['id', 'x', 'grade', 'y']);
    expect(t.column('x').kind).toBe('numeric');
    expect(Array.from(t.column('x').values as Float64Array)).toEqual([1.5, 2, NaN]);
    expect(t.column('x').missing).toBe(1);
    expect(t.column('grade').kind).toBe('text');
    expect(t.locate(2)).toBe('row 3');
  });

  it('danfojs { columns, values }, arquero columnNames()/array() and column objects give the same table', () => {
    const danfo = { columns: ['id', 'x', 'grade', 'y'], values: records.map((r) => [r.id, r.x, r.grade, r.y]) };
    const arquero = {
      columnNames: () => ['id', 'x', 'grade', 'y'],
      array: (name: string) => records.map((r) => (r as Record<string, unknown>)[name]),
    };
    const columns = { id: ['a', 'b', 'c'], x: Float64Array.of(1.5, 2, NaN), grade: ['G1', 'G2', 'G1'], y: [0, 1, 1] };
    const expected = toTable(records);
    for (const input of [danfo, arquero, columns]) {
      const t = toTable(input);
      expect(t.names).toEqual(expected.names);
      for (const name of t.names) expect(Array.from(t.column(name).values as ArrayLike<unknown>)).toEqual(Array.from(expected.column(name).values as ArrayLike<unknown>));
    }
  });

  it('feeds buildDataset like a file does', () => {
    const data = buildDataset(toTable(records), { id: 'id', outcome: 'y' }, { missing: 'drop' });
    expect(data.n).toBe(2);
    expect(data.featureNames).toEqual(['x']);
  });

  it('rejects inconsistent shapes with a message naming the row or column', () => {
    expect(() => toTable([{ a: 1 }, { b: 2 }])).toThrow(/row 2 has no field "a"/);
    expect(() => toTable([{ a: 1, b: 2 }, { a: 2 }])).toThrow(/row 2 has no field "b"/);
    expect(() => toTable([{ a: 1 }, { a: 2, c: 3 }])).toThrow(/row 2 has an extra field "c"/);
    expect(() => toTable({ columns: ['a', 'b'], values: [[1, 2], [3]] })).toThrow(/row 2 has 1 values, expected 2/);
    expect(() => toTable({ a: [1, 2], b: [1] })).toThrow(/column "b" has 1 values, expected 2/);
    expect(() => toTable([])).toThrow(DataError);
    expect(() => toTable(42 as never)).toThrow(DataError);
  });

  it('null, undefined, broken arquero-like objects and nested cells are data errors, never a TypeError or "[object Object]"', () => {
    expect(() => toTable(null as never)).toThrow(/toTable: expected a table .*got null/);
    expect(() => toTable(undefined as never)).toThrow(/toTable: expected a table .*got undefined/);
    expect(() => toTable({ columnNames: () => 'a', array: () => [1] } as never)).toThrow(/data frame: columnNames\(\) must return an array of strings, got string/);
    expect(() => toTable({ columnNames: () => ['a'], array: () => 7 } as never)).toThrow(/data frame: array\("a"\) must return an array, got number/);
    expect(() => toTable([{ a: { x: 1 } }, { a: { x: 2 } }])).toThrow(/records: column "a" holds a nested object in row 1; cells must be numbers, strings, booleans, dates or missing/);
    expect(() => toTable({ a: [1, [2, 3]] })).toThrow(/column "a" holds an array in row 2/);
    const dates = toTable([{ when: new Date(0) }, { when: new Date('not a date') }]).column('when');
    expect(dates.kind === 'text' && dates.values).toEqual(['1970-01-01T00:00:00.000Z', null]);
  });
});
