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
