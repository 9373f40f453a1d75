/**
 * A hostile but realistic user of the study pipeline (`radsig run`, `radsig apply`): study files and
 * data that once gave a crash, a silent wrong answer or a half-written output folder.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { radsig } from '../helpers/cli.js';
import { sharedData, tempFolder } from '../helpers/tmp.js';

const dir = tempFolder();
const write = (name: string, study: object | string) => {
  writeFileSync(join(dir, name), typeof study === 'string' ? study : JSON.stringify(study, null, 2));
  return name;
};
const read = (path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8'));

const pbcStudy = {
  data: { train: sharedData('pbc.csv.gz'), id: 'id', missing: 'median' },
  outcome: { type: 'survival', time: 'time', event: 'status', eventValue: 2, horizons: [1825, 3650] },
  features: { include: ['bili', 'albumin', 'protime', 'ast', 'copper', 'chol'] },
  steps: { select: { nFolds: 5 } },
  models: ['radscore', 'cox'],
  validation: { method: 'cv', folds: 3, repeats: 1, seed: 5 },
};

describe('survival measures', () => {
  it('the integrated Brier score is given (it was null in every survival study)', async () => {
    write('pbc-ibs.json', pbcStudy);
    const r = await radsig(['run', 'pbc-ibs.json', '--out', 'pbc-ibs', '--workers', '1', '--quiet'], dir);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const results = read('pbc-ibs/results.json');
    for (const name of ['radscore', 'cox']) {
      const m = results.models[name];
      expect(m.apparent.ibs).toBeGreaterThan(0);
      expect(m.apparent.ibs).toBeLessThan(0.25);
      expect(m.validation.metrics.ibs.folds).toBe(3);
      expect(m.validation.metrics.ibs.mean).toBeGreaterThan(0);
    }
  });
});
