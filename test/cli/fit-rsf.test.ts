import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDataset, FittedRandomSurvivalForest, readTable } from '../../src/index.js';
import { radsig } from '../helpers/cli.js';
import { realData, tempFolder, writeFixture } from '../helpers/tmp.js';

const features = 'trt,age,ascites,hepato,spiders,edema,bili,chol,albumin,copper,alk.phos,ast,trig,platelet,protime,stage';
const base = ['fit', 'rsf', realData('pbc.csv.gz'), '--time', 'time', '--event', 'status', '--event-value', '2', '--features', features, '--missing', 'drop'];

describe('radsig fit rsf', () => {
  const dir = tempFolder();

  it('--json has the specified fields; the saved forest predicts as the fitted one; 1 and 2 workers agree', async () => {
    const model = join(dir, 'rsf.json');
    const one = await radsig([...base, '--trees', '60', '--importance', '--seed', '3', '--json', '--save-model', model]);
    expect(one.code).toBe(0);
    expect(one.stderr).toBe('');
    const json = JSON.parse(one.stdout);
    expect(Object.keys(json)).toEqual(['n', 'nEvents', 'trees', 'mtry', 'minNodeSize', 'split', 'oobCIndex', 'oobUnoCIndex', 'importance', 'features']);
    expect(json.features.names).toEqual(features.split(','));
    expect(json.features.leftOut).toEqual(['id', 'sex'].map((column) => ({ column, reason: 'not listed' })));
    expect(json).toMatchObject({ n: 276, nEvents: 111, trees: 60, mtry: 4, minNodeSize: 15, split: 'logrank' });
    expect(Object.keys(json.importance)).toEqual(features.split(','));
    expect(json.oobCIndex).toBeGreaterThan(0.78);
    const two = await radsig([...base, '--trees', '60', '--importance', '--seed', '3', '--json', '--workers', '2']);
    expect(two.stdout).toBe(one.stdout);
    const forest = FittedRandomSurvivalForest.fromJSON(readFileSync(model, 'utf8'));
    expect(forest.oobCIndex).toBe(json.oobCIndex);
    const data = buildDataset(readTable(realData('pbc.csv.gz')), { time: 'time', event: 'status', eventValue: '2', features: features.split(',') }, { missing: 'drop' });
    expect(forest.predict(data.X).mortality.every((m) => m > 0)).toBe(true);
  });

  it('options reach the forest; text output without --json', async () => {
    const r = await radsig([...base, '--trees', '20', '--mtry', '6', '--min-node-size', '5', '--split', 'logrankscore', '--nsplit', '3', '--no-replace', '--sample-fraction', '0.7', '--max-depth', '4']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/random survival forest: 20 trees, mtry 6, min node size 5, logrankscore splitting\nn = 276, events = 111; out-of-bag Harrell's C = 0\.\d{4}, Uno's C = 0\.\d{4}\n/);
  });

  it('bad input: one line, exit 2 for usage and 3 for data, no model file left behind', async () => {
    const model = join(dir, 'never.json');
    const cases: [string[], number, RegExp][] = [
      [['fit', 'rsf', realData('pbc.csv.gz'), '--time', 'time'], 2, /--time COL and --event COL are required/],
      [[...base, '--split', 'gini'], 2, /--split must be logrank or logrankscore, got "gini"/],
      [[...base, '--mtry', '40'], 2, /--mtry is 40 but there are only 16 features/],
      [[...base, '--replace', '--no-replace'], 2, /not both/],
      [[...base, '--sample-fraction', '1.5'], 2, /^radsig: error: --sample-fraction must be greater than 0 and at most 1, got 1\.5\n$/],
      [[...base, '--sample-fraction', '0'], 2, /--sample-fraction must be greater than 0 and at most 1, got 0\n$/],
      [[...base, '--trees', '0'], 2, /^radsig: error: --trees must be at least 1, got 0\n$/],
    ];
    for (const [args, code, message] of cases) {
      const r = await radsig([...args, '--save-model', model]);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const noEvents = writeFixture(dir, 'none.csv', 'time,event,x\n1,0,1\n2,0,2\n3,0,3\n');
    const r = await radsig(['fit', 'rsf', noEvents, '--time', 'time', '--event', 'event', '--features', 'x', '--save-model', model]);
    expect(r.code).toBe(3);
    // the library's message, given the file's name by the command line
    expect(r.stderr).toBe(`radsig: error: ${noEvents}: RandomSurvivalForest.fit: no events; a survival forest needs events\n`);
    expect(existsSync(model)).toBe(false);
  });
});
