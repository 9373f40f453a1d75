import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { radsig } from '../helpers/cli.js';
import { golden } from '../helpers/golden.js';
import { tempFolder } from '../helpers/tmp.js';

const ref = golden('binary-metrics.json');

describe('radsig metrics (binary)', () => {
  const dir = tempFolder();
  const r = ref.crlm;
  const file = join(dir, 'scores.csv');
  writeFileSync(file, ['y,p1,p2,lp1', ...r.y.map((y: number, i: number) => `${y},${r.p1[i]},${r.p2[i]},${Math.log(r.p1[i] / (1 - r.p1[i]))}`)].join('\n') + '\n');

  it('--json with --compare and --dca gives the documented fields and R\'s numbers', async () => {
    const out = await radsig(['metrics', file, '--score', 'p1', '--outcome', 'y', '--compare', 'p2', '--dca', '0.05,0.5,0.05', '--json']);
    expect(out.stderr).toBe('');
    const json = JSON.parse(out.stdout);
    for (const key of ['n', 'auc', 'aucLower', 'aucUpper', 'youden', 'brier', 'calibrationIntercept', 'calibrationSlope', 'hosmerLemeshow', 'delongTest', 'netBenefit']) expect(json).toHaveProperty(key);
    expect(Math.abs(json.auc - r.auc)).toBeLessThan(1e-8 * r.auc);
    expect(Math.abs(json.aucLower - r.ci[0])).toBeLessThan(1e-8);
    expect(Math.abs(json.delongTest.z - r.delong.z)).toBeLessThan(1e-8 * Math.abs(r.delong.z));
    expect(Math.abs(json.calibrationSlope - r.val_prob.Slope)).toBeLessThan(1e-6);
    expect(json.netBenefit.length).toBe(10);
    expect(Object.keys(json.netBenefit[0])).toEqual(['threshold', 'model', 'treatAll']);
  });

  it('--score-type lp gives the same as the probability', async () => {
    const a = JSON.parse((await radsig(['metrics', file, '--score', 'p1', '--outcome', 'y', '--json'])).stdout);
    const b = JSON.parse((await radsig(['metrics', file, '--score', 'lp1', '--outcome', 'y', '--score-type', 'lp', '--json'])).stdout);
    expect(Math.abs(a.brier - b.brier)).toBeLessThan(1e-12);
    expect(b.auc).toBe(a.auc);
  });

  it('errors', async () => {
    const lp = await radsig(['metrics', file, '--score', 'lp1', '--outcome', 'y']);
    expect(lp.code).toBe(3);
    expect(lp.stderr).toMatch(/not a probability; use --score-type lp/);
    expect((await radsig(['metrics', file, '--score', 'p1', '--time', 't', '--event', 'e'])).stderr).toMatch(/no column named "t" \(given to --time\)/);
    expect((await radsig(['metrics', file, '--score', 'p1', '--outcome', 'y', '--dca', '0.5,0.1,0.1'])).stderr).toMatch(/--dca must be FROM,TO,BY/);
  });
});

describe('radsig metrics (survival)', () => {
  const dir = tempFolder();
  const td = golden('time-dependent.json');
  const cindex = golden('concordance.json');
  const file = join(dir, 'surv.csv');
  const g = td.horizons;
  writeFileSync(file, ['time,status,lp,s1000,s2000,s3000', ...td.time.map((t: number, i: number) => `${t},${td.event[i]},${td.lp[i]},${1 - g.risk[0][i]},${1 - g.risk[1][i]},${1 - g.risk[2][i]}`)].join('\n') + '\n');

  it('Harrell and Uno C, time-dependent AUC and Brier, IBS as survival and riskRegression', async () => {
    const out = await radsig(['metrics', file, '--score', 'lp', '--time', 'time', '--event', 'status', '--times', '1000,2000,3000', '--survival-prob', 's1000,s2000,s3000', '--json']);
    expect(out.stderr).toBe('');
    const json = JSON.parse(out.stdout);
    expect(Object.keys(json)).toEqual(['n', 'nEvents', 'harrellC', 'harrellCse', 'unoC', 'timeDependent', 'ibs']);
    expect(Math.abs(json.harrellC - cindex.harrell.concordance)).toBeLessThan(1e-6);
    expect(Math.abs(json.harrellCse - cindex.harrell.se)).toBeLessThan(1e-6 * cindex.harrell.se);
    expect(Math.abs(json.unoC - cindex.uno.concordance)).toBeLessThan(1e-6);
    json.timeDependent.forEach((x: { auc: number; brier: number }, k: number) => {
      expect(Math.abs(x.auc - g.auc[k])).toBeLessThan(1e-6);
      expect(Math.abs(x.brier - g.brier[k])).toBeLessThan(1e-6);
    });
    expect(Math.abs(json.ibs - g.ibs[2])).toBeLessThan(1e-6);
    const dca = JSON.parse((await radsig(['metrics', file, '--score', 'lp', '--time', 'time', '--event', 'status', '--times', '2000', '--survival-prob', 's2000', '--dca', '0.1,0.3,0.1', '--json'])).stdout);
    expect(dca.netBenefit.map((x: { threshold: number }) => x.threshold)).toEqual([0.1, 0.2, 0.3]);
    expect(Object.keys(dca.netBenefit[0])).toEqual(['time', 'threshold', 'model', 'treatAll']);
  });
});
