import { describe, expect, it } from 'vitest';
import { parseTable } from '../../src/index.js';
import { radsig } from '../helpers/cli.js';
import { tempFolder, writeFixture } from '../helpers/tmp.js';

describe('missing-value tokens that are numbers (hostile-input sweep 2)', () => {
  it('a sentinel such as -999 or 999 given as a missing token is missing, as in R\'s na.strings', () => {
    // read.csv(text = ..., na.strings = c("NA", "-999", "999")): x has 2 NA, y 1 NA; 999.0 and -999.5 stay numbers
    const t = parseTable('id,x,y\na,-999,1\nb,2.5,999\nc, -999 ,999.0\nd,-999.5,3\n', { missingTokens: ['', 'NA', '-999', '999'] });
    const x = t.column('x');
    const y = t.column('y');
    expect(x.kind).toBe('numeric');
    expect(x.missing).toBe(2);
    expect(Array.from(x.values as Float64Array)).toEqual([NaN, 2.5, NaN, -999.5]);
    expect(y.missing).toBe(1);
    expect(Array.from(y.values as Float64Array)).toEqual([1, NaN, 999, 3]);
  });

  it('the default tokens leave every number a number', () => {
    const t = parseTable('x\n-999\n0\n1\n');
    expect(t.column('x').missing).toBe(0);
  });

  it('on the command line: describe counts them as missing', async () => {
    const dir = tempFolder();
    const lines = ['id,site,original_firstorder_A,original_firstorder_B'];
    for (let i = 0; i < 20; i++) lines.push(`p${i},S${i % 2},${((i * 7) % 13) + 0.5},${i === 4 ? '-999' : ((i * 3) % 11) + 0.25}`);
    const f = writeFixture(dir, 's.csv', lines.join('\n') + '\n');
    const d = await radsig(['describe', f, '--id', 'id', '--batch', 'site', '--na-values=-999', '--json']);
    expect(d.code).toBe(0);
    expect(JSON.parse(d.stdout).missing).toEqual({ original_firstorder_B: 1 });
    const without = await radsig(['describe', f, '--id', 'id', '--batch', 'site', '--json']);
    expect(JSON.parse(without.stdout).missing).toEqual({});
  });
});

describe('what radsig writes, radsig reads back (hostile-input sweep 2)', () => {
  it('an output named .txt is tab-separated, as the reader takes .txt', async () => {
    const { tableFileOptions } = await import('../../src/data/write-table.js');
    for (const name of ['o.txt', 'o.TXT', 'o.txt.gz', 'o.tsv', 'o.tab']) expect(tableFileOptions(name).delimiter, name).toBe('\t');
    expect(tableFileOptions('o.csv').delimiter).toBe(',');
    const dir = tempFolder();
    const lines = ['id,y,original_firstorder_A,original_firstorder_B'];
    for (let i = 0; i < 30; i++) lines.push(`p${i},${i % 2},${((i * 7) % 13) / 3 + (i % 2)},${((i * 5) % 11) / 7}`);
    const f = writeFixture(dir, 't.csv', lines.join('\n') + '\n');
    const out = `${dir}/scores.txt`;
    const r = await radsig(['cv-glmnet', f, '--id', 'id', '--outcome', 'y', '--nfolds', '3', '--radscore-out', out]);
    expect(r.code).toBe(0);
    const back = await radsig(['describe', out, '--id', 'id', '--outcome', 'y', '--json']);
    expect(back.code).toBe(0);
    expect(JSON.parse(back.stdout).rows).toBe(30);
    expect(JSON.parse(back.stdout).features.names).toEqual(['original_firstorder_A', 'original_firstorder_B']);
  });
});

describe('an unnamed header cell whose readr name collides with a real column', () => {
  it('the duplicate-name error says which column had no name', () => {
    expect(() => parseTable('y,,...2\n1,2,3\n', { source: 'u.csv' })).toThrow(
      /^u\.csv: duplicate column name "\.\.\.2" in the header \(columns 2 and 3\); column 2 has no name and is called "\.\.\.2" \(its position\), as readr names unnamed columns$/,
    );
    expect(() => parseTable('a,a\n1,2\n', { source: 'd.csv' })).toThrow(/^d\.csv: duplicate column name "a" in the header \(columns 1 and 2\)$/);
  });
});

describe('a gzip file that decompresses to much binary (issue 20, item 11)', () => {
  // 64 MB of NUL bytes: gunzip's output outruns the parser, so the feeding loop waits for "drain"
  // when the parser stops at the first NUL byte. That wait never ended (the stream is destroyed, it
  // never drains): Node exited 13 ("unsettled top-level await") with nothing printed.
  const dir = tempFolder();
  const zeros = writeFixture(dir, 'z.csv.gz', Buffer.alloc(64 * 2 ** 20));
  const header = writeFixture(dir, 'h.csv.gz', Buffer.concat([Buffer.from('id,x\na,1\n'), Buffer.alloc(48 * 2 ** 20)]));

  it('readTableAsync rejects with the binary-file error at any size (the promise settles)', async () => {
    const { readTableAsync } = await import('../../src/data/read-table.js');
    await expect(readTableAsync(zeros)).rejects.toThrow(/z\.csv\.gz: is a binary file, not a delimited text table/);
    await expect(readTableAsync(header)).rejects.toThrow(/h\.csv\.gz: is a binary file/);
  }, 60_000);

  it('the command line exits 3 with that one line', async () => {
    const d = await radsig(['describe', zeros, '--id', 'id', '--outcome', 'x']);
    expect(d.code).toBe(3);
    expect(d.stderr.trim()).toMatch(/^radsig: error: \S*z\.csv\.gz: is a binary file, not a delimited text table[^\n]*$/);
  }, 60_000);
});

describe('cells a spreadsheet would run as formulas (issue 20, item 13)', () => {
  it('counts text cells and names beginning with =, +, -, @, tab or CR, not numbers', async () => {
    const { formulaCells, formulaCellsWarning } = await import('../../src/data/format-table.js');
    const t = parseTable('id,grade,x\n=HYPERLINK("http://x"),+A,-1.5\n@SUM(A1),-,2\np3,-1e5,3\n"\tTAB",b,4\n');
    const found = formulaCells(t);
    // =HYPERLINK, @SUM, +A and -; -1.5 and -1e5 are numbers (the grade column is text because of +A);
    // the reader trims spaces and tabs around values, so "\tTAB" is read as TAB
    expect(found.count).toBe(4);
    expect(found.first).toEqual({ column: 'id', row: 1, value: '=HYPERLINK("http://x")' });
    const warning = formulaCellsWarning(t, 'predictions.csv')!;
    expect(warning).toMatch(/^predictions\.csv: 4 cells begin with =, \+, - or @ \(first: column "id", data row 1: "=HYPERLINK\(\\"http:\/\/x\\"\)"\), which a spreadsheet may run as a formula; the values are written unchanged/);
    expect(warning).not.toMatch(/\n/);
    expect(formulaCellsWarning(parseTable('id,x\np1,-2\np2,+3\np3,1e-3\n'), 'a.csv')).toBeNull();
    expect(formulaCells(parseTable('=cmd,x\na,1\n')).first).toEqual({ column: '=cmd', row: 0, value: '=cmd' });
  });

  it('the values are written unchanged', async () => {
    const { formatTable } = await import('../../src/data/format-table.js');
    const text = 'id,x\n=1+1,1\n@A,2\n';
    expect(formatTable(parseTable(text))).toBe(text);
  });
});
