import { describe, expect, it } from 'vitest';
import { DataError, formatTable, parseTable, readTable } from '../../src/index.js';
import { realData, tempFolder, writeFixture } from '../helpers/tmp.js';

describe('readTable', () => {
  const dir = tempFolder();

  it('reads the shared radiomics table: 84 rows, 422 columns, numeric features', () => {
    const t = readTable(realData('HCC-TACE-Seg.csv.gz'));
    expect(t.nRows).toBe(84);
    expect(t.columns.length).toBe(422);
    expect(t.names.slice(-2)).toEqual(['ID', 'Target']);
    expect(t.columns.filter((c) => c.kind === 'text').map((c) => c.name)).toEqual(['ID']);
    expect(t.source).toBe('HCC-TACE-Seg.csv.gz');
  });

  it('reads PBC with quoted headers, text columns and empty cells as missing', () => {
    const t = readTable(realData('pbc.csv.gz'));
    expect(t.nRows).toBe(418);
    expect(t.column('sex').kind).toBe('text');
    expect(t.column('chol').missing).toBe(134);
    expect(t.column('time').kind).toBe('numeric');
  });

  it('reads csv, csv.gz, tsv and tsv.gz with BOM, CRLF and quoted fields alike', () => {
    const rows = [
      ['id', 'note', 'x'],
      ['a', '"hello, ""world"""', '1.5'],
      ['b', '"two\nlines"', '-2e-3'],
    ];
    const csv = '\ufeff' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
    const tsv = rows.map((r) => r.join('\t')).join('\n');
    for (const [name, text] of [
      ['t.csv', csv],
      ['t.csv.gz', csv],
      ['t.tsv', tsv],
      ['t.tsv.gz', tsv],
    ]) {
      const t = readTable(writeFixture(dir, name, text));
      expect(t.names).toEqual(['id', 'note', 'x']);
      expect(t.column('note').values).toEqual(['hello, "world"', 'two\nlines']);
      expect(Array.from(t.column('x').values as Float64Array)).toEqual([1.5, -0.002]);
      expect(t.locate(1)).toBe('line 3');
    }
  });

  it('reads every missing token as missing and keeps zero-padded ids as text', () => {
    const t = parseTable('id,x,y\n007,,1\n010,NA,2\n011,NaN,3\n012,nan,4\n013,null,5\n014,#N/A,6\n', { source: 's.csv' });
    expect(t.column('x').missing).toBe(6);
    expect(t.column('id').kind).toBe('text');
    expect(t.column('id').values[0]).toBe('007');
    expect(t.column('y').kind).toBe('numeric');
  });

  it('parses numbers exactly as Number() does', () => {
    const cells = ['0.1', '1e-300', '123456789012345678', '0.12345678901234567', '-0', '1.7976931348623157e308', '5e-324', '.5', '5.', '+3', '4.35', '1E5'];
    const t = parseTable('x\n' + cells.join('\n') + '\n');
    const values = t.column('x').values as Float64Array;
    cells.forEach((c, i) => expect(Object.is(values[i], Number(c))).toBe(true));
  });

  it('keeps the original text when asked', () => {
    const t = parseTable('id,x\n1.50,2\n', { keepText: true });
    expect(t.text(0, 0)).toBe('1.50');
    const plain = parseTable('id,x\n1.50,2\n');
    expect(plain.text(0, 0)).toBe('1.5');
  });

  it('withColumns keeps untouched text and formats replaced and appended columns', async () => {
    const { numericColumn } = await import('../../src/index.js');
    const t = parseTable('id,x\n007,1.50\n008,2.0\n', { keepText: true });
    const u = t.withColumns([numericColumn('x', Float64Array.of(3, 4)), numericColumn('score', Float64Array.of(0.5, NaN))]);
    expect(formatTable(u)).toBe('id,x,score\n007,3,0.5\n008,4,\n');
  });

  it('names an empty header cell as readr does (R row names)', () => {
    const t = parseTable('"","a"\n"1",2\n');
    expect(t.names).toEqual(['...1', 'a']);
  });

  it('round-trips through formatTable at full precision', () => {
    const text = 'id,x,y\n"a,b",0.1,1e-300\nc,0.30000000000000004,\n';
    const t = parseTable(text);
    const again = parseTable(formatTable(t));
    expect(again.names).toEqual(t.names);
    expect(Array.from(again.column('x').values as Float64Array)).toEqual([0.1, 0.30000000000000004]);
    expect(again.column('id').values).toEqual(['a,b', 'c']);
    expect(again.column('y').missing).toBe(1);
  });

  describe('bad input: one-line DataError naming the file and line', () => {
    const cases: [string, string, string, RegExp][] = [
      ['empty.csv', '', 'DATA_EMPTY', /^empty\.csv: the file is empty$/],
      ['blank.csv', '\n\n  \n', 'DATA_EMPTY', /the file is empty/],
      ['header.csv', 'a,b,c\n', 'DATA_NO_ROWS', /^header\.csv: has a header but no data rows$/],
      ['dup.csv', 'a,b,a\n1,2,3\n', 'DATA_DUPLICATE_COLUMN', /duplicate column name "a" in the header \(columns 1 and 3\)/],
      ['ragged.csv', 'a,b,c\n1,2,3\n4,5\n', 'DATA_RAGGED_ROW', /^ragged\.csv: line 3 has 2 fields, the header has 3$/],
      ['comma.csv', 'a,b\n1,2\n3,4,5\n', 'DATA_RAGGED_ROW', /line 3 has 3 fields, the header has 2 \(.*decimal comma/],
      ['quote.csv', 'a,b\n1,"oops\n', 'DATA_QUOTE', /line 2: a quoted field is never closed/],
      ['semi.csv', 'a;b;c\n1,5;2;3\n', 'DATA_DELIMITER', /semicolon-separated/],
    ];
    for (const [name, text, code, pattern] of cases) {
      it(`${name}: ${code}`, () => {
        const path = writeFixture(dir, name, text);
        let error: unknown;
        try {
          readTable(path);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DataError);
        expect((error as DataError).code).toBe(code);
        expect((error as DataError).message).toMatch(pattern);
        expect((error as DataError).message).not.toContain('\n');
      });
    }

    it('a missing file', () => {
      expect(() => readTable(dir + '/nope.csv')).toThrow(/nope\.csv: cannot read table: no such file/);
    });

    it('a folder', () => {
      expect(() => readTable(dir)).toThrow(/is a folder/);
    });
  });
});
