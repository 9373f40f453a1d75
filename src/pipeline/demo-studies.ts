/**
 * The two studies of `radsig demo` on the simulated three-centre HCC cohort: microvascular invasion
 * (binary) and recurrence after resection (survival), each developed on two centres and validated
 * on the smallest one, which ComBat meets as a new batch.
 */

/** The study files of the demo, as objects (paths relative to the cohort's folder). */
export function demoStudies(externalCentre: string, resamples = 200): { mvi: Record<string, unknown>; recurrence: Record<string, unknown> } {
  const steps = {
    harmonize: { batch: 'center' },
    variance: {},
    reproducibility: { subject: 'id', rater: 'reader', form: 'ICC2', threshold: 0.75 },
    redundancy: { method: 'spearman', threshold: 0.9 },
    select: { alpha: 1, nFolds: 10, rule: 'lambda1se' },
  };
  const data = { train: 'features.csv', repeats: 'repeats.csv', id: 'id' };
  return {
    mvi: {
      $schema: '../node_modules/radsig/schema/study.schema.json',
      title: 'Microvascular invasion of HCC from preoperative CT (simulated cohort)',
      data,
      outcome: { type: 'binary', column: 'mvi', positive: 1 },
      clinical: ['afp', 'tumor_size_cm'],
      steps,
      models: ['radscore', 'logistic', 'clinical', 'combined'],
      validation: { method: 'bootstrap', B: resamples, seed: 42 },
      external: { batch: externalCentre },
    },
    recurrence: {
      $schema: '../node_modules/radsig/schema/study.schema.json',
      title: 'Recurrence-free survival after resection of HCC (simulated cohort)',
      data,
      outcome: { type: 'survival', time: 'rfs_months', event: 'recurrence', eventValue: 1, horizons: [12, 24, 36], timeUnit: 'months' },
      clinical: ['afp', 'cirrhosis'],
      steps,
      models: ['radscore', 'cox', 'clinical', 'combined', { name: 'rsf', trees: 300 }],
      validation: { method: 'bootstrap', B: resamples, seed: 42 },
      external: { batch: externalCentre },
    },
  };
}
