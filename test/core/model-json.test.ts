import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelFormatError, openModel, RADSIG_VERSION, wrapModel } from '../../src/index.js';

describe('model JSON envelope', () => {
  it('writes kind, schemaVersion and the radsig version first', () => {
    const json = wrapModel('Thing', 2, { a: 1 });
    expect(Object.keys(json)).toEqual(['kind', 'schemaVersion', 'radsigVersion', 'a']);
    expect(json.radsigVersion).toBe(RADSIG_VERSION);
  });

  it('the version constant equals package.json', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'));
    expect(RADSIG_VERSION).toBe(pkg.version);
  });

  it('reads fields with validation that names the field', () => {
    const r = openModel(JSON.stringify(wrapModel('Thing', 1, { n: 3, xs: [1, null, 2], name: 'x', nested: { k: true } })), 'Thing', 1);
    expect(r.integer('n')).toBe(3);
    expect(Array.from(r.numbers('xs', 3, true))).toEqual([1, NaN, 2]);
    expect(r.object('nested').boolean('k')).toBe(true);
    expect(() => r.numbers('xs')).toThrow(/field xs\[1\] must be a finite number/);
    expect(() => r.string('n')).toThrow(ModelFormatError);
    expect(() => r.object('nested').string('k')).toThrow(/field nested\.k must be a string/);
  });

  it('rejects other kinds, newer schema versions and non-models', () => {
    const good = wrapModel('Thing', 1, {});
    expect(() => openModel({ ...good, kind: 'Other' }, 'Thing', 1)).toThrow(/model kind is "Other", expected "Thing"/);
    expect(() => openModel({ ...good, schemaVersion: 2 }, 'Thing', 1)).toThrow(/newer/);
    expect(() => openModel('{not json', 'Thing', 1)).toThrow(ModelFormatError);
    expect(() => openModel([1, 2], 'Thing', 1)).toThrow(/expected a model object/);
    expect(() => openModel({}, 'Thing', 1)).toThrow(/no "kind" field/);
  });
});
