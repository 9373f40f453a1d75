import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { radsig } from '../helpers/cli.js';
import { expectClose, golden } from '../helpers/golden.js';
import { realData, tempFolder } from '../helpers/tmp.js';

const models = golden('models.json');
const km = golden('kaplan-meier.json');
const logRank = golden('log-rank.json');

describe('radsig fit and km', () => {
  const dir = tempFolder();
  const d = models.pbc;
  const file = join(dir, 'pbc-cc.csv');
  const names = ['age', 'logbili', 'logalb', 'logpro', 'edema'];
  writeFileSync(file, ['time,event,' + names.join(','), ...d.time.map((t: number, i: number) => [t, d.event[i], ...d.x.map((c: number[]) => c[i])].join(','))].join('\n') + '\n');

  it('fit cox --json matches coxph', async () => {
    const r = await radsig(['fit', 'cox', file, '--time', 'time', '--event', 'event', '--json']);
    // no PyRadiomics names: every numeric column without a role is a feature, with a warning naming them
    expect(r.stderr).toBe(
      'radsig: warning: no column has a PyRadiomics feature name ([region_]imageType_featureClass_feature), so every numeric column without a role is a feature (5: age, logbili, logalb, logpro, edema); name the features with --features or leave columns out with --exclude, and give clinical columns as --covariates\n',
    );
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['n', 'nEvents', 'ties', 'logLik', 'concordance', 'coefficients', 'zph', 'tests', 'features']);
    expect(json.features).toEqual({ rule: 'numeric', used: 5, names, leftOut: [], warnings: [expect.stringMatching(/^no column has a PyRadiomics feature name/)] });
    expectClose([json.zph.global.chisq], [d.zph.efron_km.chisq[5]], 1e-6, 0, 'zph global');
    expectClose(json.coefficients.map((c: { estimate: number }) => c.estimate), d.efron.coef, 1e-6, 0, 'coef');
    expectClose([json.logLik, json.concordance], [d.efron.loglik[1], d.efron.concordance], 1e-6, 0, 'loglik, C');
    const breslow = JSON.parse((await radsig(['fit', 'cox', file, '--time', 'time', '--event', 'event', '--ties', 'breslow', '--json'])).stdout);
    expectClose(breslow.coefficients.map((c: { se: number }) => c.se), d.breslow.se, 1e-6, 0, 'breslow se');
  });

  it('fit cox with a single event: fitted as coxph does, the PH test reported as unavailable with the reason', async () => {
    const one = join(dir, 'one-event.csv');
    writeFileSync(one, 'time,event,original_shape_Volume\n' + [1, 2, 3, 4, 5, 6, 7, 8].map((t, i) => `${t},${i === 2 ? 1 : 0},${[1, 3, 2, 5, 4, 6, 8, 7][i]}`).join('\n') + '\n');
    const r = await radsig(['fit', 'cox', one, '--time', 'time', '--event', 'event', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.nEvents).toBe(1);
    expect(json.zph).toEqual({ unavailable: 'coxZph: singular information matrix' });
    expect(r.stderr).toMatch(/monotone likelihood/);
    expect(r.stdout).not.toMatch(/NaN/);
  });

  it('fit logistic --json matches glm, intercept first', async () => {
    const r = await radsig(['fit', 'logistic', file, '--outcome', 'event', '--features', names.join(','), '--json']);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['n', 'converged', 'logLik', 'aic', 'coefficients', 'features']);
    expect(json.features).toEqual({ rule: 'listed', used: 5, names, leftOut: [{ column: 'time', reason: 'not listed' }], warnings: [] });
    expect(json.coefficients[0].term).toBe('(Intercept)');
    expectClose(json.coefficients.map((c: { estimate: number }) => c.estimate), d.logistic.coef, 1e-6, 0, 'coef');
    expectClose([json.aic], [d.logistic.aic], 1e-6, 0, 'aic');
  });

  it('km --json matches survfit and survdiff', async () => {
    const r = await radsig(['km', realData('pbc.csv.gz'), '--time', 'time', '--event', 'status', '--event-value', '2', '--json']);
    const json = JSON.parse(r.stdout);
    expect(json.logrank).toBe(null);
    const g = json.groups[0];
    expectClose(g.survival, km.pbc_death.log.surv, 1e-10, 0, 'surv');
    expectClose([g.median, g.medianLower, g.medianUpper], [km.pbc_death.log.median, km.pbc_death.log.median_lower, km.pbc_death.log.median_upper], 1e-12, 0, 'median');
    const byEdema = JSON.parse((await radsig(['km', realData('pbc.csv.gz'), '--time', 'time', '--event', 'status', '--event-value', '2', '--group', 'edema', '--json'])).stdout);
    expect(byEdema.groups.map((x: { group: string }) => x.group)).toEqual(['0', '0.5', '1']);
    expectClose([byEdema.logrank.chisq], [logRank.edema.chisq], 1e-10, 0, 'log-rank');
  });

  it('usage errors', async () => {
    expect((await radsig(['fit', 'probit', file])).stderr).toMatch(/model must be logistic, cox or rsf/);
    expect((await radsig(['fit', 'rsf', file])).stderr).toMatch(/fit rsf: --time COL and --event COL are required/);
    expect((await radsig(['km', file, '--time', 'time'])).code).toBe(2);
  });
});
