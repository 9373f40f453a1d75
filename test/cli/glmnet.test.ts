import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDataset, crossValidateElasticNet, ElasticNet, formatTable, readTable, simulateCohort } from '../../src/index.js';
import { radsig } from '../helpers/cli.js';
import { realData, tempFolder } from '../helpers/tmp.js';

describe('radsig glmnet and cv-glmnet', () => {
  const dir = tempFolder();

  it('glmnet --json: every feature in beta, one value per lambda, as the library', async () => {
    const r = await radsig(['glmnet', realData('HCC-TACE-Seg.csv.gz'), '--id', 'ID', '--outcome', 'Target', '--alpha', '0.5', '--json']);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['family', 'alpha', 'lambda', 'a0', 'beta', 'df', 'devRatio', 'features']);
    expect(Object.keys(json.beta).length).toBe(420);
    expect(json.features).toMatchObject({ rule: 'pyradiomics', used: 420, leftOut: [] });
    const data = buildDataset(readTable(realData('HCC-TACE-Seg.csv.gz')), { id: 'ID', outcome: 'Target' });
    const fit = new ElasticNet({ alpha: 0.5 }).fit(data.X, data.y!, { featureNames: data.featureNames });
    expect(json.lambda).toEqual(Array.from(fit.lambda));
    expect(json.beta[data.featureNames[7]]).toEqual(fit.beta.map((b) => b[7]));
  });

  it('cv-glmnet --json with a fold column and Cox: lambda.min, lambda.1se and nonzero coefficients', async () => {
    const cohort = simulateCohort({ seed: 5, n: 120, features: 40, repeats: 0 });
    const file = join(dir, 'cohort.csv');
    const folds = Array.from({ length: 120 }, (_, i) => (i % 5) + 1);
    const text = formatTable(cohort.features).split('\n');
    writeFileSync(file, [text[0] + ',fold', ...text.slice(1, -1).map((line, i) => `${line},${folds[i]}`)].join('\n') + '\n');
    const roles = ['--id', 'id', '--time', 'rfs_months', '--event', 'recurrence', '--exclude', 'center,scanner,age,sex,afp,tumor_size_cm,cirrhosis,mvi'];
    const r = await radsig(['cv-glmnet', file, ...roles, '--foldid', 'fold', '--measure', 'C', '--json']);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['family', 'alpha', 'measure', 'lambda', 'cvm', 'cvsd', 'nzero', 'lambdaMin', 'lambda1se', 'coefMin', 'coef1se', 'features']);
    expect(json.features.used).toBe(40);
    const data = buildDataset(readTable(file), { id: 'id', time: 'rfs_months', event: 'recurrence', exclude: ['center', 'scanner', 'age', 'sex', 'afp', 'tumor_size_cm', 'cirrhosis', 'mvi', 'fold'] });
    const cv = crossValidateElasticNet(new ElasticNet({ family: 'cox' }), data.X, { time: data.time!, event: data.event! }, { foldId: folds, measure: 'C', featureNames: data.featureNames });
    expect(json.cvm).toEqual(Array.from(cv.cvm));
    expect(json.lambdaMin).toBe(cv.lambdaMin);
    const coef = cv.fit.coef(cv.lambdaMin).beta;
    expect(Object.keys(json.coefMin).length).toBe(coef.filter((b) => b !== 0).length);
    // the Rad-score as a new column of the input table
    const out = join(dir, 'with-radscore.csv');
    await radsig(['cv-glmnet', file, ...roles, '--foldid', 'fold', '--measure', 'C', '--radscore-out', out]);
    const written = readTable(out);
    expect(written.names).toEqual([...readTable(file).names, 'radscore']);
    const expected = cv.fit.linearPredictor(data.X, cv.lambda1se);
    expect(Array.from(written.column('radscore').values as Float64Array)).toEqual(Array.from(expected));
    // the same with two workers
    const parallel = await radsig(['cv-glmnet', file, ...roles, '--foldid', 'fold', '--measure', 'C', '--workers', '2', '--json']);
    expect(JSON.parse(parallel.stdout)).toEqual(json);
  });

  it('unpenalized covariates and usage errors', async () => {
    const r = await radsig(['cv-glmnet', realData('HCC-TACE-Seg.csv.gz'), '--id', 'ID', '--outcome', 'Target', '--unpenalized', 'Mass_original_shape_MeshVolume', '--nfolds', '5', '--json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).coefMin).toHaveProperty('Mass_original_shape_MeshVolume');
    expect((await radsig(['glmnet', realData('HCC-TACE-Seg.csv.gz'), '--id', 'ID'])).stderr).toMatch(/give --outcome COL \(binomial\) or --time COL --event COL \(Cox\)/);
    expect((await radsig(['cv-glmnet', realData('HCC-TACE-Seg.csv.gz'), '--id', 'ID', '--outcome', 'Target', '--measure', 'C'])).stderr).toMatch(/radsig: error: crossValidateElasticNet: --measure C is for Cox models; use deviance, class or auc/);
    const bad = await radsig(['glmnet', realData('HCC-TACE-Seg.csv.gz'), '--id', 'ID', '--outcome', 'Target', '--unpenalized', 'nope']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/--unpenalized names "nope"/);
  });
});

describe('cv-glmnet with more folds than patients (issue 20, item 13)', () => {
  it('says so in the command line\'s terms (--nfolds), and uses leave-one-out', async () => {
    const r = await radsig(['cv-glmnet', realData('HCC-TACE-Seg.csv.gz'), '--id', 'ID', '--outcome', 'Target', '--nfolds', '200', '--measure', 'deviance', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^radsig: warning: crossValidateElasticNet: --nfolds is 200, more than the 84 observations; 84 folds were used \(leave-one-out\)$/m);
    expect(r.stderr).not.toMatch(/nFolds/);
  }, 120_000);
});
