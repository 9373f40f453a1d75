import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeIcc, formatTable, readTable, repeatedRatingsFromLong, simulateCohort } from '../../src/index.js';
import { radsig } from '../helpers/cli.js';
import { tempFolder } from '../helpers/tmp.js';

describe('radsig icc', () => {
  const dir = tempFolder();
  const cohort = simulateCohort({ seed: 4, n: 60, features: 25, centers: 2, repeats: 20 });
  const repeats = join(dir, 'repeats.csv');
  writeFileSync(repeats, formatTable(cohort.repeats));

  it('long table: CSV and JSON with the documented fields, matching the library', async () => {
    const out = join(dir, 'icc.csv');
    const r = await radsig(['icc', repeats, '--subject', 'id', '--rater', 'reader', '--form', 'ICC3', '--threshold', '0.8', '--on', 'lower', '--out', out, '--json']);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['form', 'threshold', 'on', 'level', 'nSubjects', 'nRaters', 'icc', 'features']);
    expect(json.icc.length).toBe(25);
    expect(Object.keys(json.icc[0])).toEqual(['feature', 'icc', 'lower', 'upper', 'f', 'df1', 'df2', 'p', 'kept']);
    // the repeats table's center is text and not a feature; subject and rater are roles
    expect(json.features).toEqual({ rule: 'pyradiomics', used: 25, names: cohort.repeats.names.slice(3), leftOut: [{ column: 'center', reason: 'not a PyRadiomics feature name' }], warnings: [] });
    const lib = computeIcc(repeatedRatingsFromLong(cohort.repeats, { subject: 'id', rater: 'reader', features: cohort.repeats.names.slice(3) }));
    json.icc.forEach((f: { icc: number; lower: number; kept: boolean }, j: number) => {
      expect(f.icc).toBe(lib.features[j].forms.ICC3.icc);
      expect(f.kept).toBe(lib.features[j].forms.ICC3.lower >= 0.8);
    });
    const csv = readTable(out);
    expect(csv.names).toEqual(['feature', 'form', 'icc', 'lower', 'upper', 'f', 'df1', 'df2', 'p', 'kept']);
    expect(csv.nRows).toBe(25);
  });

  it('two aligned tables matched by id give the same ICCs as the long table', async () => {
    const text = readFileSync(repeats, 'utf8').trim().split('\n');
    const header = text[0];
    const first = [header, ...text.slice(1).filter((_, k) => k % 2 === 0)].join('\n');
    const second = [header, ...text.slice(1).filter((_, k) => k % 2 === 1).reverse()].join('\n');
    writeFileSync(join(dir, 'test.csv'), first + '\n');
    writeFileSync(join(dir, 'retest.csv'), second + '\n');
    const paired = await radsig(['icc', join(dir, 'test.csv'), '--retest', join(dir, 'retest.csv'), '--id', 'id', '--exclude', 'reader', '--json']);
    const long = await radsig(['icc', repeats, '--subject', 'id', '--rater', 'reader', '--json']);
    expect(paired.stderr).toBe('');
    const a = JSON.parse(paired.stdout).icc.map((f: { icc: number }) => f.icc);
    const b = JSON.parse(long.stdout).icc.map((f: { icc: number }) => f.icc);
    a.forEach((x: number, j: number) => expect(Math.abs(x - b[j])).toBeLessThan(1e-12));
  });

  it('unbalanced input and usage errors', async () => {
    const lines = readFileSync(repeats, 'utf8').trim().split('\n');
    writeFileSync(join(dir, 'unbalanced.csv'), lines.slice(0, -1).join('\n') + '\n');
    const r = await radsig(['icc', join(dir, 'unbalanced.csv'), '--subject', 'id', '--rater', 'reader']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^radsig: error: .*unbalanced\.csv: subject "HCC-\d+" has no row for rater "2"/);
    expect((await radsig(['icc', repeats, '--subject', 'id'])).code).toBe(2);
    expect((await radsig(['icc', repeats, '--subject', 'id', '--rater', 'reader', '--form', 'ICC4'])).stderr).toMatch(/--form must be one of/);
    expect((await radsig(['icc', repeats, '--retest', repeats])).stderr).toMatch(/--retest needs --id/);
    expect((await radsig(['icc', repeats, '--subject', 'patient', '--rater', 'reader'])).stderr).toMatch(/no column named "patient" \(given to --subject\)/);
    expect((await radsig(['icc', repeats, '--retest', repeats, '--id', 'key'])).stderr).toMatch(/no column named "key" \(given to --id\)/);
  });
});
