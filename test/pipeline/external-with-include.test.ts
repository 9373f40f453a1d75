/**
 * A study that lists its features (features.include) and holds out an external centre by a column
 * that is not the harmonization batch: the column picks the external patients and is no feature
 * (was: an error about features.exclude, which the study never gave); listing that column among the
 * features is refused, naming it.
 */
import { describe, expect, it } from 'vitest';
import { ParameterError, readTable, resolveStudy, runStudy } from '../../src/index.js';
import { realData } from '../helpers/tmp.js';

const study = (include: string[]) =>
  resolveStudy({
    data: { train: 'pbc.csv.gz', id: 'id', missing: 'median' },
    outcome: { type: 'survival', time: 'time', event: 'status', eventValue: 2, horizons: [1825] },
    features: { include },
    external: { column: 'sex', batch: 'm' },
    steps: { select: { nFolds: 3 } },
    models: ['cox'],
    validation: { method: 'none' },
  });

describe('features.include with an external column', () => {
  it('splits off the external patients by the column, which is no feature', async () => {
    const table = readTable(realData('pbc.csv.gz'));
    const r = (await runStudy(study(['bili', 'albumin', 'protime']), { train: table })).results;
    expect(r.data.external!.n + r.n).toBe(table.nRows);
    expect(r.data.external!.description).toBe('sex = m');
    expect(r.data.features.candidates).toBe(3);
  });

  it('refuses the external column among the features, naming it', async () => {
    const run = runStudy(study(['bili', 'sex']), { train: readTable(realData('pbc.csv.gz')) });
    await expect(run).rejects.toThrow(ParameterError);
    await expect(run).rejects.toThrow(/external\.column "sex" is listed in features\.include; the column that picks the external patients cannot be a feature/);
  });
});
