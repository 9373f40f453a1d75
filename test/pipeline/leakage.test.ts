/**
 * The leakage test of the study issue: on pure noise the whole-process bootstrap must bring the
 * optimistic apparent AUC of a selected signature back to chance.
 */
import { describe, expect, it } from 'vitest';
import { numericColumn, resolveStudy, Rng, runStudy, Table, textColumn, type BootstrapMeasure } from '../../src/index.js';

/** n patients, p noise features named as PyRadiomics names them, a random outcome and a random batch. */
function noiseTable(seed: number, n: number, p: number): Table {
  const rng = new Rng(seed);
  const columns = [
    textColumn('id', Array.from({ length: n }, (_, i) => `P${i + 1}`)),
    textColumn('site', Array.from({ length: n }, () => ['A', 'B', 'C'][rng.int(3)])),
    numericColumn('y', Float64Array.from({ length: n }, () => (rng.next() < 0.5 ? 1 : 0))),
  ];
  for (let j = 0; j < p; j++) columns.push(numericColumn(`original_firstorder_Noise${j + 1}`, Float64Array.from({ length: n }, () => rng.normal())));
  return new Table('noise.csv', columns, n);
}

describe('leakage-safe validation', () => {
  it('pure noise (n = 100, p = 1,000, ComBat on a random batch, 5-feature signature): apparent AUC > 0.70, corrected AUC of logistic in [0.40, 0.60]', async () => {
    const study = resolveStudy({
      data: { train: 'noise.csv', id: 'id' },
      outcome: { type: 'binary', column: 'y' },
      steps: { harmonize: { batch: 'site' }, select: { rule: 'nFeatures', nFeatures: 5, nFolds: 5 } },
      models: ['logistic'],
      validation: { method: 'bootstrap', B: 40, seed: 7 },
    });
    const run = await runStudy(study, { train: noiseTable(2026, 100, 1000) });
    const results = run.results;
    const auc = results.models.logistic;
    expect(results.steps.select!.features.length).toBe(5);
    expect(auc.apparent.auc).toBeGreaterThan(0.7);
    const validation = auc.validation!;
    if (validation.method !== 'bootstrap') throw new Error('expected the bootstrap');
    const v = validation.metrics.auc as Required<BootstrapMeasure> & { corrected: number; optimism: number; oob: number; harrell: { optimism: number; corrected: number } };
    expect(v.corrected).toBeGreaterThanOrEqual(0.4);
    expect(v.corrected).toBeLessThanOrEqual(0.6);
    expect(v.optimism).toBeCloseTo(auc.apparent.auc! - v.corrected, 12);
    // the out-of-bag patients, never seen by the resample's development, are at chance
    expect(Math.abs(v.oob - 0.5)).toBeLessThan(0.08);
    // Harrell's correction removes part of the optimism (a third of the original patients are new to each resample)
    expect(v.harrell.optimism).toBeGreaterThan(0.1);
    expect(v.harrell.corrected).toBeGreaterThan(v.corrected);
  });
});
