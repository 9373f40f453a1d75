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
    expect((await radsig(['metrics', file, '--score', 'p1', '--time', 't', '--event', 'e'])).code).toBe(2);
    expect((await radsig(['metrics', file, '--score', 'p1', '--outcome', 'y', '--dca', '0.5,0.1,0.1'])).stderr).toMatch(/--dca must be FROM,TO,BY/);
  });
});
