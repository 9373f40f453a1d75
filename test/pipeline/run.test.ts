/**
 * `radsig run` and `radsig apply` on the real tables: HCC-TACE-Seg (binary, bootstrap) and PBC
 * (survival with clinical covariates, Cox, combined, forest, repeated CV); identical results for any
 * number of workers; apply reproduces run; bad studies and data leave nothing behind.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { radsig } from '../helpers/cli.js';
import { realData, tempFolder } from '../helpers/tmp.js';

const dir = tempFolder();
const write = (name: string, study: object) => {
  writeFileSync(join(dir, name), JSON.stringify(study, null, 2));
  return name;
};
const read = (path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8'));
const csv = (path: string) => {
  const [header, ...lines] = readFileSync(join(dir, path), 'utf8').trim().split('\n');
  return { header: header.split(','), rows: lines.map((l) => l.split(',')) };
};

const hccStudy = {
  title: 'Lymph node metastasis in HCC-TACE-Seg',
  data: { train: realData('HCC-TACE-Seg.csv.gz'), id: 'ID' },
  outcome: { type: 'binary', column: 'Target' },
  steps: { variance: {}, redundancy: { threshold: 0.9 }, select: { alpha: 1, nFolds: 5 } },
  models: ['radscore', 'logistic'],
  validation: { method: 'bootstrap', B: 6, seed: 3 },
};

const pbcStudy = {
  data: { train: realData('pbc.csv.gz'), id: 'id', missing: 'median' },
  outcome: { type: 'survival', time: 'time', event: 'status', eventValue: 2, horizons: [1825, 3650] },
  features: { include: ['bili', 'albumin', 'protime', 'ast', 'copper', 'chol', 'alk.phos', 'trig', 'platelet'] },
  clinical: ['age', 'edema'],
  steps: { redundancy: { threshold: 0.9 }, select: { nFolds: 5 } },
  models: ['radscore', 'cox', 'clinical', 'combined', { name: 'rsf', trees: 60, minNodeSize: 15 }],
  validation: { method: 'cv', folds: 5, repeats: 2, seed: 5 },
};

describe('radsig run', () => {
  it('HCC-TACE-Seg, binary, bootstrap of the whole process; 1 and 2 workers give byte-identical results; apply reproduces run', async () => {
    write('hcc.json', hccStudy);
    const one = await radsig(['run', 'hcc.json', '--out', 'hcc1', '--workers', '1', '--quiet'], dir);
    expect(one.stderr).toBe('');
    expect(one.code).toBe(0);
    const two = await radsig(['run', 'hcc.json', '--out', 'hcc2', '--workers', '2', '--quiet'], dir);
    expect(two.code).toBe(0);
    expect(readFileSync(join(dir, 'hcc2', 'results.json'), 'utf8')).toBe(readFileSync(join(dir, 'hcc1', 'results.json'), 'utf8'));
    const r = read('hcc1/results.json');
    expect([r.n, r.nPositive]).toEqual([84, 12]);
    expect(r.data.features.candidates).toBe(420);
    expect(r.study.validation.B).toBe(6);
    const auc = r.models.logistic.validation.metrics.auc;
    expect(auc.corrected).toBeCloseTo(auc.apparent - auc.optimism, 12);
    expect(auc.resamples).toBeLessThanOrEqual(6);
    expect(auc.method).toBe('.632+');
    // the validated IPA is the corrected Brier score's, so that the two agree
    const { ipa, brier } = r.models.logistic.validation.metrics;
    expect(ipa.method).toBe('from the corrected Brier score');
    expect(ipa.corrected).toBeCloseTo(1 - (brier.corrected * (1 - ipa.apparent)) / brier.apparent, 12);
    expect(Object.keys(r.models.radscore.apparent)).toEqual(['auc', 'calibrationSlope', 'calibrationIntercept', 'brier', 'ipa']);
    expect(r.steps.variance.kept.length + r.steps.variance.dropped.length).toBe(420);
    expect(Object.values(r.steps.select.selectionFrequency).every((v) => (v as number) > 0 && (v as number) <= 1)).toBe(true);
    // comparisons on the development patients are out of sample (each resample's out-of-bag patients), with no p-value
    expect(r.comparisons[0]).toMatchObject({ models: ['radscore', 'logistic'], data: 'development', predictions: 'bootstrap' });
    expect(r.comparisons[0].contrasts.map((c: { metric: string }) => c.metric)).toEqual(['auc', 'brier']);
    expect(r.comparisons.every((c: { p?: unknown }) => c.p === undefined)).toBe(true);
    expect(r.models.logistic.curves.development.predictions).toEqual({ roc: 'bootstrap', decision: 'bootstrap', calibration: 'bootstrap', histogram: 'apparent', apparentRoc: 'apparent' });
    // apply the frozen model to the same patients: the run's predictions to 1e-12
    const applied = await radsig(['apply', 'hcc1/model.json', realData('HCC-TACE-Seg.csv.gz'), '--out', 'applied.csv'], dir);
    expect(applied.stderr).toBe('');
    const a = csv('applied.csv');
    const p = csv('hcc1/predictions.csv');
    // with the logistic model's 95% interval (the penalized Rad-score has none)
    expect(a.header).toEqual(['ID', 'radscore', 'logistic', 'logistic.lower', 'logistic.upper']);
    // predictions.csv adds each patient's out-of-bag prediction (the first resample that left them out)
    expect(p.header).toEqual(['ID', 'radscore', 'logistic', 'radscore.oob', 'logistic.oob']);
    expect(p.rows.filter((row) => row[4] !== '' && row[4] !== row[2]).length).toBeGreaterThan(70);
    for (let i = 0; i < p.rows.length; i++) {
      expect(a.rows[i][0]).toBe(p.rows[i][0]);
      for (let c = 1; c < 3; c++) expect(Math.abs(Number(a.rows[i][c]) - Number(p.rows[i][c]))).toBeLessThanOrEqual(1e-12);
    }
  });

  it('PBC, survival with clinical covariates: Cox, combined and forest, repeated CV with out-of-fold predictions', async () => {
    write('pbc.json', pbcStudy);
    const r1 = await radsig(['run', 'pbc.json', '--out', 'pbc', '--workers', '2', '--quiet'], dir);
    expect(r1.stderr).toBe('');
    expect(r1.code).toBe(0);
    const r = read('pbc/results.json');
    expect(r.outcome).toEqual({ type: 'survival', time: 'time', event: 'status', eventValue: 2, horizons: [1825, 3650] });
    expect([r.n, r.nEvents]).toEqual([418, 161]);
    expect(r.steps.imputation.filled.length).toBeGreaterThan(0);
    expect(Object.keys(r.models)).toEqual(['radscore', 'cox', 'clinical', 'combined', 'rsf']);
    const combined = r.models.combined;
    expect(combined.validation).toMatchObject({ method: 'cv', folds: 5, repeats: 2 });
    expect(Object.keys(combined.validation.metrics)).toEqual(['cIndex', 'unoC', 'calibrationSlope', 'tdAuc@1825', 'tdAuc@3650', 'brier@1825', 'brier@3650', 'ipa@1825', 'ipa@3650', 'ibs']);
    expect(combined.validation.metrics.cIndex.mean).toBeGreaterThan(0.7);
    expect(combined.validation.metrics.cIndex.folds).toBe(10);
    expect(combined.coefficients.map((c: { term: string }) => c.term)).toEqual(['radscore', 'age', 'edema']);
    expect(combined.nomogram.functionAxes.map((f: { name: string }) => f.name)).toEqual(['Survival at 1825', 'Survival at 3650']);
    expect(r.models.rsf.forest.trees).toBe(60);
    const pred = csv('pbc/predictions.csv');
    expect(pred.header).toContain('cox.survival@1825');
    expect(pred.header).toContain('rsf.oof');
    expect(pred.header).toContain('rsf.oof.survival@3650');
    expect(pred.rows.every((row) => Number.isFinite(Number(row[pred.header.indexOf('combined.oof')])))).toBe(true);
    // ten pairs compared on each repeat's pooled out-of-fold predictions: C, td-AUC and Brier at both horizons
    const validated = r.comparisons.filter((c: { predictions: string }) => c.predictions === 'cv');
    expect(validated.length).toBe(10);
    expect(validated[0].contrasts.map((c: { metric: string }) => c.metric)).toEqual(['cIndex', 'tdAuc@1825', 'tdAuc@3650', 'brier@1825', 'brier@3650']);
    expect(validated[0].contrasts[0].splits).toBe(2);
    // the pooled CV estimate beside the fold mean; the forest's development C is its out-of-bag one
    expect(combined.validation.metrics.cIndex.pooled.repeats).toBe(2);
    expect(combined.validation.metrics.cIndex.pooled.lower).toBeLessThan(combined.validation.metrics.cIndex.pooled.estimate);
    expect(r.models.rsf.apparentIs).toBe('resubstitution');
    expect(r.models.rsf.outOfBag.cIndex).toBeCloseTo(r.models.rsf.forest.oobCIndex, 10);
    expect(r.models.rsf.outOfBag.cIndex).toBeLessThan(r.models.rsf.apparent.cIndex);
    for (const m of Object.values(r.models) as { curves: { development: { predictions: Record<string, string> } } }[]) expect(Object.values(m.curves.development.predictions).every((p) => p === 'cv')).toBe(true);
  });

  it('a YAML study with an external table, --seed, and progress lines on a non-terminal stderr', async () => {
    // development on the first 60 HCC patients, external validation on the other 24 (a second table)
    const [header, ...lines] = (await import('node:zlib')).gunzipSync(readFileSync(realData('HCC-TACE-Seg.csv.gz'))).toString('utf8').trim().split('\n');
    const target = header.split(',').indexOf('Target');
    const positives = lines.filter((l) => l.split(',')[target] === '1');
    const negatives = lines.filter((l) => l.split(',')[target] !== '1');
    const dev = [...positives.slice(0, 8), ...negatives.slice(0, 52)];
    const ext = [...positives.slice(8), ...negatives.slice(52)];
    writeFileSync(join(dir, 'dev.csv'), [header, ...dev].join('\n') + '\n');
    writeFileSync(join(dir, 'ext.csv'), [header, ...ext].join('\n') + '\n');
    writeFileSync(
      join(dir, 'ext.yaml'),
      ['data: { train: dev.csv, external: ext.csv, id: ID }', 'outcome: { type: binary, column: Target }', 'steps:', '  redundancy: { threshold: 0.8 }', '  select: { nFolds: 5, rule: nFeatures, nFeatures: 3 }', 'models: [radscore, logistic]', 'validation: { method: bootstrap, B: 3, seed: 1 }', ''].join('\n'),
    );
    const r = await radsig(['run', 'ext.yaml', '--out', 'ext-out', '--workers', '1', '--seed', '9'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^radsig run: developing\n/);
    expect(r.stderr).toMatch(/\nradsig run: bootstrap 0\/3\n/);
    // (a .632+ estimate stopped at 0.5 says the out-of-bag value below chance)
    expect(r.stdout).toMatch(/logistic: AUC validated 0\.\d+ \(bootstrap \.632\+(; out-of-bag 0\.\d+, below chance)?\), apparent 0\.\d+, external 0\.\d+ \(95% CI/);
    const results = read('ext-out/results.json');
    expect(results.seed).toBe(9);
    expect([results.data.external.n, results.data.external.nPositive, results.data.external.source]).toEqual([24, 4, 'ext.csv']);
    expect(results.models.logistic.external.auc.method).toBe('DeLong');
    expect(results.comparisons.map((c: { data: string; predictions: string }) => [c.data, c.predictions])).toEqual([['development', 'bootstrap'], ['external', 'external']]);
  });

  it('bad study files and bad data: one line, exit 2 or 3, and no output folder', async () => {
    write('bad.json', { ...hccStudy, steps: { select: { alpha: 3 } } });
    const bad = await radsig(['run', 'bad.json', '--out', 'bad-out'], dir);
    expect([bad.code, bad.stderr]).toEqual([2, 'radsig: error: bad.json: /steps/select/alpha: must be <= 1\n']);
    write('nocol.json', { ...hccStudy, outcome: { type: 'binary', column: 'Nope' } });
    const nocol = await radsig(['run', 'nocol.json', '--out', 'nocol-out', '--quiet'], dir);
    expect(nocol.code).toBe(3);
    expect(nocol.stderr).toMatch(/^radsig: error: .*"Nope".*\n$/);
    const missing = await radsig(['run', 'nofile.json'], dir);
    expect([missing.code, missing.stderr]).toEqual([2, 'radsig: error: nofile.json: cannot read the study file (no such file)\n']);
    for (const out of ['bad-out', 'nocol-out', 'nofile-results']) expect(existsSync(join(dir, out))).toBe(false);
    const model = await radsig(['apply', 'hcc.json', realData('HCC-TACE-Seg.csv.gz'), '--out', 'x.csv'], dir);
    expect(model.code).toBe(3);
    expect(model.stderr).toMatch(/^radsig: error: hcc\.json: /);
  });
});
