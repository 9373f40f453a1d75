import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError, formatTable, parseTable, readTable } from '../../src/index.js';
import { CellKind, classifyBytes, parsedValue } from '../../src/data/parse-number.js';
import { readTableAsync, TableParser } from '../../src/data/read-table.js';
import { tempFolder, writeFixture } from '../helpers/tmp.js';

function errorOf(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    return e as DataError;
  }
  throw new Error('expected an error');
}

function utf16(text: string, endian: 'le' | 'be'): Buffer {
  const le = Buffer.from('\ufeff' + text, 'utf16le');
  if (endian === 'le') return le;
  const be = Buffer.from(le);
  for (let i = 0; i + 1 < be.length; i += 2) [be[i], be[i + 1]] = [le[i + 1], le[i]];
  return be;
}

describe('formats and tokens (issue 14)', () => {
  const dir = tempFolder();
  const text = 'id,name,x\nP1,Émile,1.5\nP2,Zoë,-2\n';

  it('UTF-16 LE and BE with a byte-order mark read as UTF-8 does', () => {
    for (const endian of ['le', 'be'] as const) {
      const t = readTable(writeFixture(dir, `u16${endian}.csv`, utf16(text, endian)));
      expect(t.names).toEqual(['id', 'name', 'x']);
      expect(t.column('name').values).toEqual(['Émile', 'Zoë']);
      expect(Array.from(t.column('x').values as Float64Array)).toEqual([1.5, -2]);
    }
    // and gzipped
    const t = readTable(writeFixture(dir, 'u16.csv.gz', utf16(text, 'le')));
    expect(t.nRows).toBe(2);
    // without a byte-order mark: a clear message, not "line 2 has 1 fields"
    const bare = Buffer.from(text, 'utf16le');
    expect(errorOf(() => readTable(writeFixture(dir, 'nobom.csv', bare))).message).toMatch(/looks like UTF-16 text without a byte-order mark/);
  });

  it('--na-values tokens, decimal commas with semicolons, whitespace-only lines, Excel\'s trailing delimiter', () => {
    const t = parseTable('id,x,y\na,N/A,1\nb,.,2\nc,NULL,3\n', { missingTokens: ['', 'NA', 'N/A', 'NULL', '.'] });
    expect(t.column('x').kind).toBe('numeric');
    expect(t.column('x').missing).toBe(3);
    const eu = parseTable('id;x;y\na;1,5;-2,25e1\nb;3;0,001\n', { delimiter: ';', decimalMark: ',' });
    expect(Array.from(eu.column('x').values as Float64Array)).toEqual([1.5, 3]);
    expect(Array.from(eu.column('y').values as Float64Array)).toEqual([-22.5, 0.001]);
    expect(eu.format).toEqual({ delimiter: ';', decimalMark: ',' });
    const blank = parseTable('id,x\n   \na,1\n\t\n  \t \nb,2\n,\n');
    expect(blank.nRows).toBe(2);
    expect(blank.locate(1)).toBe('line 6');
    const excel = parseTable('id,x,\r\na,1,\r\nb,2,\r\n');
    expect(excel.names).toEqual(['id', 'x']);
    // an unnamed last column with values is kept (and is never a feature by default)
    expect(parseTable('id,x,\na,1,3\n').names).toEqual(['id', 'x', '...3']);
  });

  it('readTable picks ";" for a .csv read with a decimal comma; a semicolon file read as "," says how to read it', () => {
    const f = writeFixture(dir, 'eu.csv', 'id;x\na;1,5\nb;2\n');
    expect(Array.from(readTable(f, { decimalMark: ',' }).column('x').values as Float64Array)).toEqual([1.5, 2]);
    expect(errorOf(() => readTable(f)).message).toBe('eu.csv: the header has no "," but has ";" - the file looks semicolon-separated (a European spreadsheet export, often with decimal commas); read it with delimiter: ";" and, for decimal commas, decimalMark: ","');
  });

  it('binary input stops with a clear error: NUL bytes, known binary formats, devices, garbage named .gz', () => {
    expect(errorOf(() => readTable(writeFixture(dir, 'nul.csv', Buffer.from('id,x\na,1\n\0\0\0')))).message).toMatch(/^nul\.csv: is a binary file, not a delimited text table \(a NUL byte near byte 9 on line 3\)$/);
    expect(errorOf(() => readTable(writeFixture(dir, 'book.csv', Buffer.from('PK\x03\x04rest of a zip')))).message).toMatch(/an Excel \.xlsx workbook/);
    expect(errorOf(() => readTable('/dev/zero')).message).toBe('zero: is a device, not a table file (read standard input as "-")');
    const garbage = writeFixture(dir, 'garbage.bin', Buffer.from('not gzip at all, just text\n1,2\n'));
    writeFileSync(join(dir, 'garbage.csv.gz'), Buffer.from('not gzip at all, just text\n1,2\n'));
    expect(errorOf(() => readTable(join(dir, 'garbage.csv.gz'))).message).toMatch(/the name ends in \.gz but the file is not gzip-compressed/);
    expect(garbage).toBeTruthy();
    const whole = gzipSync(Buffer.from('id,x\n' + 'a,1\n'.repeat(1000)));
    writeFileSync(join(dir, 'cut.csv.gz'), whole.subarray(0, whole.length - 5));
    expect(errorOf(() => readTable(join(dir, 'cut.csv.gz'))).message).toBe('cut.csv.gz: the gzip data is damaged or truncated (unexpected end of file)');
  });

  it('endless lines stop at the line-length limit instead of taking all memory', () => {
    const parser = new TableParser({ source: 'endless', maxLineBytes: 1000 });
    const chunk = new Uint8Array(400).fill(0x79); // yyyy... without a line break
    expect(() => {
      for (let k = 0; k < 10; k++) parser.push(chunk);
    }).toThrow(/^endless: line 1 is longer than 1000 bytes \(no line break, or an unclosed quote\): this is not a delimited table$/);
    const quoted = new TableParser({ source: 'q', maxLineBytes: 1000 });
    expect(() => {
      quoted.push(new TextEncoder().encode('a,b\n1,"'));
      for (let k = 0; k < 10; k++) quoted.push(chunk);
    }).toThrow(/line 2 is longer than 1000 bytes/);
  });

  it('1e400 is not silently infinite: the column is text and the feature message says why', () => {
    const t = parseTable('x,y\n1e400,0\n2,1\n');
    expect(t.column('x').kind).toBe('text');
    expect(parseTable('x\n1e-400\n').column('x').values[0]).toBe(0);
    expect(parseTable('x\n-0\n').column('x').kind).toBe('numeric');
    expect(parseTable('x\n0x1A\n').column('x').kind).toBe('text');
  });

  it('truncated gzip through the stream reader', async () => {
    const whole = gzipSync(Buffer.from('id,x\n' + 'a,1\n'.repeat(100000)));
    const path = join(dir, 'cut2.csv.gz');
    writeFileSync(path, whole.subarray(0, whole.length - 5));
    await expect(readTableAsync(path)).rejects.toThrow(/^cut2\.csv\.gz: the gzip data is damaged or truncated \(unexpected end of file\)$/);
  });

  it('standard input and named pipes through readTableAsync, gzip detected from the content', async () => {
    async function* from(bytes: Uint8Array, step: number) {
      for (let p = 0; p < bytes.length; p += step) yield bytes.subarray(p, p + step);
    }
    const plain = new TextEncoder().encode(text);
    const a = await readTableAsync('-', { stdin: from(plain, 3) });
    expect(a.source).toBe('standard input');
    expect(a.column('name').values).toEqual(['Émile', 'Zoë']);
    const b = await readTableAsync('-', { stdin: from(gzipSync(plain), 5) });
    expect(b.column('x').values).toEqual(a.column('x').values);
    const c = await readTableAsync(writeFixture(dir, 'async.csv.gz', text));
    expect(c.column('name').values).toEqual(['Émile', 'Zoë']);
  });
});

describe('the streaming parser gives the same table however the bytes are split', () => {
  it('property: random tables, random chunk boundaries', () => {
    const cell = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.constantFrom('', 'NA', '"q,""x"""', 'é', '007', 'a b', '"two\nlines"', '1e-300', '  3  '),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }), fc.boolean(), (cols, rows, steps, crlf) => {
        const nl = crlf ? '\r\n' : '\n';
        const lines = [['c1', 'c2', 'c3', 'c4'].slice(0, cols).join(','), ...rows.map((r) => r.slice(0, cols).join(','))];
        const bytes = new TextEncoder().encode(lines.join(nl) + nl);
        let whole;
        try {
          whole = parseTable(bytes, { keepText: true });
        } catch (e) {
          // the same error however it is split
          let split: unknown;
          try {
            const p = new TableParser({ keepText: true });
            for (let pos = 0, k = 0; pos < bytes.length; k++) {
              const step = steps[k % steps.length];
              p.push(bytes.subarray(pos, pos + step));
              pos += step;
            }
            p.finish();
          } catch (f) {
            split = f;
          }
          expect((split as Error).message).toBe((e as Error).message);
          return;
        }
        const p = new TableParser({ keepText: true });
        for (let pos = 0, k = 0; pos < bytes.length; k++) {
          const step = steps[k % steps.length];
          p.push(bytes.subarray(pos, pos + step));
          pos += step;
        }
        const parts = p.finish();
        expect(parts.names).toEqual(whole.names);
        expect(parts.nRows).toBe(whole.nRows);
        expect(formatTable(parts)).toBe(formatTable(whole));
        for (let j = 0; j < whole.columns.length; j++) {
          expect(parts.columns[j].kind).toBe(whole.columns[j].kind);
          for (let i = 0; i < whole.nRows; i++) {
            expect(parts.text(i, j)).toBe(whole.text(i, j));
            expect(parts.locate(i)).toBe(whole.locate(i));
          }
        }
      }),
      { numRuns: 300, seed: 14 },
    );
  });

  it('keepText keeps exactly the original characters of the kept columns, and only those', () => {
    const t = parseTable('id,x,y\n007, 1.50 ,1e-05\nP2,NA,2.0\n', { keepText: (name) => name !== 'y' });
    expect([t.text(0, 0), t.text(0, 1), t.text(1, 1)]).toEqual(['007', ' 1.50 ', 'NA']);
    expect([t.text(0, 2), t.text(1, 2)]).toEqual(['0.00001', '2']);
  });

  it('a file read in two passes (row count known) and a stream give identical tables', async () => {
    const dir = tempFolder();
    const rows = ['id,a,b,c'];
    for (let i = 0; i < 3000; i++) rows.push(`P${i},${i * 0.5},${i % 7 === 0 ? '' : -i},x${i % 3}`);
    const path = writeFixture(dir, 'big.csv', rows.join('\n') + '\n\n\n');
    const sync = readTable(path);
    const streamed = await readTableAsync(path);
    async function* once() {
      yield new TextEncoder().encode(rows.join('\n') + '\n');
    }
    const piped = await readTableAsync('-', { stdin: once() });
    for (const t of [streamed, piped]) {
      expect(formatTable(t)).toBe(formatTable(sync));
      expect(t.locate(2999)).toBe('line 3001');
    }
    // numeric columns sit side by side in one block: the feature matrix needs no copy
    const a = sync.column('a').values as Float64Array;
    const b = sync.column('b').values as Float64Array;
    expect(b.buffer).toBe(a.buffer);
    expect(b.byteOffset).toBe(a.byteOffset + 3000 * 8);
  });
});

describe('numbers from bytes are the doubles Number() gives', () => {
  const enc = new TextEncoder();
  const parse = (s: string) => {
    const b = enc.encode(s);
    return classifyBytes(b, 0, b.length, false) === CellKind.Number ? parsedValue.value : undefined;
  };

  it('property: 16 to 19 significant digits (full-precision output of R, Python and radsig), every exponent form', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 15, max: 21 }), (x, digits) => {
        for (const s of [String(x), x.toPrecision(digits), x.toExponential(digits - 1)]) {
          if (/[eE]/.test(s) && Math.abs(Number(s)) === Infinity) continue;
          expect(Object.is(parse(s), Number(s)), s).toBe(true);
        }
      }),
      { numRuns: 20000, seed: 7 },
    );
  });

  it('exact halfway cases round to even, as Number()', () => {
    for (let k = 0; k < 2000; k++) {
      const tie = (2n ** 53n + BigInt(2 * k + 1)).toString();
      expect(parse(tie)).toBe(Number(tie));
      const s = `${tie.slice(0, 9)}.${tie.slice(9)}`;
      expect(parse(s)).toBe(Number(s));
    }
  });

  it('a caller that reuses its buffer for the next chunk (as a file reader does) gets the same table', () => {
    const rows = ['id,a,b'];
    for (let i = 0; i < 500; i++) rows.push(`P${i},${i / 7},${-i / 3}`);
    const bytes = enc.encode(rows.join('\n') + '\n');
    const reused = new Uint8Array(97);
    const p = new TableParser({});
    for (let pos = 0; pos < bytes.length; pos += reused.length) {
      const n = Math.min(reused.length, bytes.length - pos);
      reused.set(bytes.subarray(pos, pos + n));
      p.push(Buffer.from(reused.buffer, 0, n));
    }
    expect(formatTable(p.finish())).toBe(formatTable(parseTable(bytes)));
  });
});
