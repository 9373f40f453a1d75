import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDataset, ComBat, formatTable, parseTable, readTable, simulateCohort } from '../../src/index.js';
import { radsig } from '../helpers/cli.js';
import { tempFolder } from '../helpers/tmp.js';

describe('radsig harmonize', () => {
  const dir = tempFolder();
  const cohort = simulateCohort({ seed: 3, n: 90, features: 30, centers: 3, repeats: 0 });
  const input = join(dir, 'features.csv');
  writeFileSync(input, formatTable(cohort.features));
  const roles = ['--id', 'id', '--batch', 'center', '--covariates', 'age,sex', '--exclude', 'scanner,afp,tumor_size_cm,cirrhosis,mvi,rfs_months,recurrence'];

  it('writes the input columns in order, changes only features, and matches the library', async () => {
    const out = join(dir, 'h.csv');
    const model = join(dir, 'combat.json');
    const r = await radsig(['harmonize', input, ...roles, '--out', out, '--save-model', model, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.features).toMatchObject({ rule: 'pyradiomics', used: 30, warnings: [] });
    expect(summary.shareAnovaSignificant.after).toBeLessThan(summary.shareAnovaSignificant.before);
    const before = readTable(input, { keepText: true });
    const after = readTable(out, { keepText: true });
    expect(after.names).toEqual(before.names);
    expect(after.nRows).toBe(before.nRows);
    const data = buildDataset(before, { id: 'id', batch: 'center', covariates: ['age', 'sex'], exclude: ['scanner', 'afp', 'tumor_size_cm', 'cirrhosis', 'mvi', 'rfs_months', 'recurrence'] });
    const expected = new ComBat().fit(data.X, null, { batch: data.batch!, covariates: data.covariates }).transform(data.X, { batch: data.batch!, covariates: data.covariates });
    for (let j = 0; j < before.columns.length; j++) {
      const name = before.names[j];
      const k = data.featureNames.indexOf(name);
      for (let i = 0; i < before.nRows; i++) {
        if (k < 0) expect(after.text(i, j)).toBe(before.text(i, j));
        else expect((after.column(name).values as Float64Array)[i]).toBe(expected.get(i, k));
      }
    }
    // applying the saved model reproduces the output exactly
    const again = join(dir, 'h2.csv');
    const applied = await radsig(['harmonize', input, '--id', 'id', '--model', model, '--out', again]);
    expect(applied.stderr).toBe('');
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });

  it('new batches: error by default, estimated with --new-batch estimate', async () => {
    const model = join(dir, 'm2.json');
    await radsig(['harmonize', input, ...roles, '--out', join(dir, 'tmp.csv'), '--save-model', model]);
    const text = readFileSync(input, 'utf8').replaceAll(',C1,', ',C9,');
    const newInput = join(dir, 'new.csv');
    writeFileSync(newInput, text);
    const failed = await radsig(['harmonize', newInput, '--model', model, '--out', join(dir, 'never.csv')]);
    expect(failed.code).toBe(3);
    // the library's message in the command line's terms: the file named, the option as a flag
    expect(failed.stderr).toMatch(new RegExp(`^radsig: error: ${newInput.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: FittedComBat\\.transform: batch "C9" was not seen in training .*; use --new-batch estimate to estimate it`));
    expect(existsSync(join(dir, 'never.csv'))).toBe(false);
    const ok = await radsig(['harmonize', newInput, '--model', model, '--new-batch', 'estimate', '--out', join(dir, 'new-out.csv')]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
  });

  it('missing feature values stay missing; fitting needs --missing', async () => {
    const t = parseTable(readFileSync(input, 'utf8'));
    const lines = readFileSync(input, 'utf8').split('\n');
    const header = lines[0].split(',');
    const col = header.indexOf('original_firstorder_Mean');
    const cells = lines[5].split(',');
    cells[col] = '';
    lines[5] = cells.join(',');
    const withMissing = join(dir, 'missing.csv');
    writeFileSync(withMissing, lines.join('\n'));
    const failed = await radsig(['harmonize', withMissing, ...roles, '--out', join(dir, 'm.csv')]);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toMatch(/missing values in 1 feature columns .*use --missing drop, median or mean/);
    for (const policy of ['drop', 'median']) {
      const out = join(dir, `m-${policy}.csv`);
      const r = await radsig(['harmonize', withMissing, ...roles, '--missing', policy, '--out', out]);
      expect(r.stderr).toBe('');
      const written = readTable(out);
      expect(written.column('original_firstorder_Mean').missing).toBe(1);
      expect(written.nRows).toBe(t.nRows);
    }
  });

  it('usage errors', async () => {
    expect((await radsig(['harmonize', input, '--batch', 'center'])).stderr).toBe('radsig: error: harmonize: --out OUT.csv is required\n');
    expect((await radsig(['harmonize', input, '--out', 'x.csv'])).stderr).toMatch(/--batch COL is required/);
    expect((await radsig(['harmonize', input, '--model', 'm.json', '--no-eb', '--out', 'x.csv'])).code).toBe(2);
    const badModel = join(dir, 'bad.json');
    writeFileSync(badModel, '{"kind":"FittedImputer","schemaVersion":1,"radsigVersion":"0.1.0"}');
    const r = await radsig(['harmonize', input, '--model', badModel, '--out', join(dir, 'x.csv')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/bad\.json: FittedComBat\.fromJSON: model kind is "FittedImputer"/);
  });
});
