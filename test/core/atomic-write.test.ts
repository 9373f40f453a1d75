import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFilesAtomic } from '../../src/index.js';
import { tempFolder } from '../helpers/tmp.js';

describe('atomic writes', () => {
  const dir = tempFolder();

  it('writes the file and leaves no temporary behind', () => {
    const path = join(dir, 'a.txt');
    writeFileAtomic(path, ['hello ', Buffer.from('world')]);
    expect(readFileSync(path, 'utf8')).toBe('hello world');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes nothing when one of several files cannot be written', () => {
    const existing = join(dir, 'keep.txt');
    writeFileSync(existing, 'old');
    expect(() =>
      writeFilesAtomic([
        { path: existing, data: 'new' },
        { path: join(dir, 'missing-folder', 'b.txt'), data: 'x' },
      ]),
    ).toThrow();
    expect(readFileSync(existing, 'utf8')).toBe('old');
    expect(existsSync(join(dir, 'missing-folder'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('atomic write failures', () => {
  const dir = tempFolder();
  it('name the file as the caller names it, never the temporary file', () => {
    let message = '';
    try {
      writeFileAtomic(join(dir, 'no-folder', 'out.csv'), 'x', 'no-folder/out.csv');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('"no-folder/out.csv": cannot write: its folder does not exist (ENOENT)');
    expect(message).not.toMatch(/\.tmp/);
  });

  it('write lazily produced chunks (a generator) without joining them', () => {
    const path = join(dir, 'chunks.txt');
    function* chunks() {
      for (let k = 0; k < 5; k++) yield `${k},`;
    }
    writeFileAtomic(path, chunks());
    expect(readFileSync(path, 'utf8')).toBe('0,1,2,3,4,');
  });

  it('an error while producing the data leaves nothing behind and passes through', () => {
    const path = join(dir, 'broken.txt');
    function* chunks() {
      yield 'a';
      throw new RangeError('boom');
    }
    expect(() => writeFileAtomic(path, chunks())).toThrow(RangeError);
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
