import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataError, parseTable, readTable } from '../../src/index.js';
import { tempFolder, writeFixture } from '../helpers/tmp.js';

// parseTable also takes bytes (the browser has no readTable): UTF-8 decoding as readTable does.
describe('parseTable from bytes', () => {
  const csv = '\ufeffid,name,x\nP1,Zoë,1.5\nP2,"a,b",2\n';
  const fromText = parseTable(csv, { source: 't.csv' });
  const dir = tempFolder();

  it('reads an ArrayBuffer, a Uint8Array and a view into a larger buffer like the text', () => {
    const bytes = new TextEncoder().encode(csv);
    const padded = new Uint8Array(bytes.length + 7);
    padded.set(bytes, 3);
    for (const input of [bytes.buffer, bytes, padded.subarray(3, 3 + bytes.length), new DataView(padded.buffer, 3, bytes.length)]) {
      const table = parseTable(input, { source: 't.csv' });
      expect(table.names).toEqual(['id', 'name', 'x']);
      expect(table.column('name').values).toEqual(fromText.column('name').values);
      expect(table.column('x').values).toEqual(new Float64Array([1.5, 2]));
    }
  });

  it('decodes invalid UTF-8 as readTable does', () => {
    const bytes = Buffer.concat([Buffer.from('id,name\nP1,'), Buffer.from([0xff, 0xfe]), Buffer.from('x\n')]);
    const path = writeFixture(dir, 'bad.csv', bytes);
    expect(parseTable(new Uint8Array(bytes)).column('name').values).toEqual(readTable(path).column('name').values);
  });

  it('rejects gzip bytes with a DataError naming the source', () => {
    const gz = gzipSync(Buffer.from(csv));
    expect(() => parseTable(gz, { source: 'features.csv.gz' })).toThrow(DataError);
    expect(() => parseTable(gz, { source: 'features.csv.gz' })).toThrow(/^features\.csv\.gz: is not a delimited text table: it is gzip-compressed data/);
  });
});
