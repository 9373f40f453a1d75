/**
 * validation-notes.ts: each warning and note appears when it should and not when it should not:
 * a Brier score worse than the non-informative model's (apparent, validated, external; binary and
 * survival), measures some resamples did not yield (counted, with reasons that match what
 * modelMetrics did), a penalized Rad-score's calibration slope above 1, and signature features no
 * resample selected (with the correlated stand-in).
 */
import { describe, expect, it } from 'vitest';
import { Matrix64 } from '../../src/core/matrix.js';
import { Rng } from '../../src/core/rng.js';
import { developStudy } from '../../src/pipeline/develop.js';
import type { FittedStudy } from '../../src/pipeline/fitted-study.js';
import { evaluationTimes, modelMetrics, nonInformativeBrier, undefinedReason, type Metrics } from '../../src/pipeline/performance.js';
import { resolveStudy } from '../../src/pipeline/study.js';
import type { TaskResult } from '../../src/pipeline/validation.js';
import { selectionNotes, validationNotes } from '../../src/pipeline/validation-notes.js';

const binaryStudy = (validation: object = { method: 'bootstrap', B: 4 }) =>
  resolveStudy({ data: { train: 'x.csv' }, outcome: { type: 'binary', column: 'y' }, steps: { select: {} }, models: ['radscore', 'logistic'], validation });
const survivalStudy = resolveStudy({ data: { train: 'x.csv' }, outcome: { type: 'survival', time: 't', event: 'e', horizons: [3, 6] }, steps: { select: {} }, models: ['radscore', 'cox'], validation: { method: 'cv', folds: 2, repeats: 1 } });
// what validationNotes reads of the frozen study: the signature's penalty
const lasso = { signature: { alpha: 1, lambda: 0.05, terms: [] } } as unknown as FittedStudy;

const y = [0, 0, 0, 1, 0, 1, 0, 0, 1, 0]; // prevalence 0.3: the non-informative Brier score is 0.21
const binaryMetrics = (over: Metrics = {}): Metrics => ({ auc: 0.7, calibrationSlope: 0.9, calibrationIntercept: 0.1, brier: 0.18, ipa: 1 - 0.18 / 0.21, ...over });
const task = (index: number, test: Metrics, train: Metrics = test, oob: Metrics = test): TaskResult => ({
  task: { kind: 'bootstrap', index },
  failure: null,
  train: { radscore: train, logistic: train },
  test: { radscore: test, logistic: test },
  oob: { radscore: oob, logistic: oob },
  selected: [],
  calibration: {},
  survivalCalibration: {},
  heldOut: null,
});
const bootstrapEntry = (apparent: Metrics, corrected: Metrics, external?: Metrics) => ({
  apparent,
  validation: { method: 'bootstrap', metrics: Object.fromEntries(Object.entries(corrected).map(([k, v]) => [k, { corrected: v }])) },
  ...(external ? { external: Object.fromEntries(Object.entries(external).map(([k, v]) => [k, { value: v }])) } : {}),
});

describe('validationNotes: a Brier score worse than the non-informative model', () => {
  it('binary: flags the apparent, validated and external estimates worse than prevalence x (1 - prevalence), naming both numbers and the IPA', () => {
    const study = binaryStudy();
    const good = bootstrapEntry(binaryMetrics(), binaryMetrics());
    const bad = bootstrapEntry(binaryMetrics({ brier: 0.25, ipa: 1 - 0.25 / 0.21 }), binaryMetrics({ brier: 0.23, ipa: -0.1 }), binaryMetrics({ brier: 0.3, ipa: -0.2 }));
    const out = validationNotes({ study, models: { radscore: good, logistic: bad }, tasks: [], outcome: { y }, externalOutcome: { y: [0, 1, 1, 0] }, fitted: lasso });
    const brier = out.warnings.filter((w) => w.includes('non-informative'));
    expect(brier).toHaveLength(3);
    expect(brier.every((w) => w.startsWith('logistic: '))).toBe(true);
    expect(brier[0]).toContain('the apparent Brier score (0.25) is worse than the non-informative model\'s (0.21, predicting the prevalence 30% for everyone): IPA -0.1905');
    expect(brier[1]).toContain('bootstrap optimism-corrected Brier score (0.23)');
    expect(brier[1]).toContain('IPA -0.1');
    // external: the external patients' own prevalence (0.5: 0.25)
    expect(brier[2]).toContain("the external Brier score (0.3) is worse than the non-informative model's (0.25, predicting the prevalence 50% for everyone, on the external patients): IPA -0.2");
  });

  it('binary: an intercept-only model (the non-informative Brier score up to rounding) and a Brier score just below it are not flagged', () => {
    const study = binaryStudy();
    const entry = bootstrapEntry(binaryMetrics({ brier: 0.21 + 1e-16, ipa: -4e-16 }), binaryMetrics({ brier: 0.2099 }));
    expect(validationNotes({ study, models: { logistic: entry }, tasks: [], outcome: { y }, externalOutcome: null, fitted: lasso }).warnings).toEqual([]);
  });

  it('survival: compares brier@h with the Kaplan-Meier null model of the same patients at each horizon (CV mean)', () => {
    const time = [1, 2, 2.5, 4, 5, 5.5, 7, 8, 9, 10];
    const event = [1, 0, 1, 1, 0, 1, 1, 0, 1, 0];
    const ref = nonInformativeBrier(survivalStudy, { time, event });
    expect(ref['brier@3']).toBeGreaterThan(0);
    const entry = {
      apparent: { 'brier@3': ref['brier@3']! * 0.8, 'brier@6': ref['brier@6']! * 0.9 },
      validation: { method: 'cv', metrics: { 'brier@3': { mean: ref['brier@3']! * 0.95 }, 'brier@6': { mean: ref['brier@6']! * 1.1 }, 'ipa@6': { mean: -0.12 } } },
    };
    const w = validationNotes({ study: survivalStudy, models: { cox: entry }, tasks: [], outcome: { time, event }, externalOutcome: null, fitted: lasso }).warnings;
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/^cox: the cross-validated Brier score at 6 \([0-9.]+\) is worse than the non-informative model's \([0-9.]+, the Kaplan-Meier estimate of the same patients without covariates\): IPA at 6 -0.12/);
  });
});

describe('validationNotes: resamples that did not yield a measure', () => {
  it('counts them per model and measure with the reasons; measures with the same count and reasons are named together', () => {
    const study = binaryStudy({ method: 'bootstrap', B: 6 });
    const oneClass = { auc: null, calibrationSlope: null, calibrationIntercept: null, brier: null, ipa: null };
    const constant = binaryMetrics({ auc: 0.5, calibrationSlope: null });
    const tasks = [
      task(0, binaryMetrics()),
      task(1, binaryMetrics(), oneClass, oneClass),
      task(2, constant),
      task(3, constant),
      task(4, binaryMetrics()),
      { ...task(5, binaryMetrics()), failure: 'one class in the sample' },
    ];
    const out = validationNotes({ study, models: { radscore: bootstrapEntry(binaryMetrics(), binaryMetrics()) }, tasks, outcome: { y }, externalOutcome: null, fitted: lasso });
    const w = out.warnings.filter((x) => x.includes('undefined in'));
    expect(w).toEqual([
      "radscore: auc undefined in 1 of 5 bootstrap resamples (one outcome class among the out-of-bag patients in 1); 1 more bootstrap resample failed altogether (validation.failures)",
      "radscore: calibrationSlope undefined in 3 of 5 bootstrap resamples (constant predictions on the resample's own patients in 2, one outcome class on the resample's own patients in 1); 1 more bootstrap resample failed altogether (validation.failures)",
      "radscore: calibrationIntercept, brier and ipa undefined in 1 of 5 bootstrap resamples (one outcome class on the resample's own patients in 1); 1 more bootstrap resample failed altogether (validation.failures)",
    ]);
  });

  it('says nothing when every resample yields every measure, or without resampling', () => {
    const study = binaryStudy();
    const entry = bootstrapEntry(binaryMetrics(), binaryMetrics());
    expect(validationNotes({ study, models: { radscore: entry }, tasks: [task(0, binaryMetrics()), task(1, binaryMetrics())], outcome: { y }, externalOutcome: null, fitted: lasso }).warnings).toEqual([]);
    expect(validationNotes({ study: binaryStudy({ method: 'none' }), models: { radscore: { apparent: binaryMetrics({ calibrationSlope: null }) } }, tasks: [], outcome: { y }, externalOutcome: null, fitted: lasso }).warnings).toEqual([]);
  });

  it('CV folds: survival reasons (no event by a horizon, nobody at risk after it)', () => {
    const fold = (m: Metrics): TaskResult => ({ ...task(0, m), task: { kind: 'cv', repeat: 0, fold: 1 } });
    const full: Metrics = { cIndex: 0.7, unoC: 0.7, calibrationSlope: 0.9, 'tdAuc@3': 0.7, 'tdAuc@6': 0.7, 'brier@3': 0.1, 'brier@6': 0.2, 'ipa@3': 0.2, 'ipa@6': 0.1, ibs: 0.1 };
    const tasks = [fold(full), fold({ ...full, 'tdAuc@3': null, 'ipa@3': null }), fold({ ...full, 'tdAuc@6': null, 'brier@6': null, 'ipa@6': null, ibs: null })];
    const entry = { apparent: full, validation: { method: 'cv', metrics: {} } };
    const w = validationNotes({ study: survivalStudy, models: { radscore: entry }, tasks, outcome: { time: [1, 2, 8], event: [1, 1, 0] }, externalOutcome: null, fitted: lasso }).warnings;
    expect(w).toEqual([
      'radscore: tdAuc@3 and ipa@3 undefined in 1 of 3 cross-validation folds (no event by 3 in 1)',
      'radscore: tdAuc@6, brier@6 and ipa@6 undefined in 1 of 3 cross-validation folds (no one followed beyond 6 in 1)',
      "radscore: ibs undefined in 1 of 3 cross-validation folds (follow-up ending before the end of the integrated Brier score's range in 1)",
    ]);
  });
});

describe('undefinedReason agrees with what modelMetrics did', () => {
  const study = binaryStudy();
  const binary = (p: number[], yy: number[]) => modelMetrics(study, { family: 'binary', probability: Float64Array.from(p), linearPredictor: new Float64Array(p.length) }, { y: yy });
  it('binary', () => {
    expect(undefinedReason(binary([0.2, 0.4, 0.6], [1, 1, 1]), 'auc')).toBe('one outcome class');
    expect(undefinedReason(binary([0.3, 0.3, 0.3, 0.3], [0, 1, 0, 1]), 'calibrationSlope')).toBe('constant predictions');
    expect(undefinedReason(binary([0.3, 0.3, 0.3, 0.3], [0, 1, 0, 1]), 'calibrationIntercept')).toBeNull();
    expect(undefinedReason(binary([0, 0.3, 0.6, 0.9], [0, 1, 0, 1]), 'calibrationSlope')).toBe('a predicted probability of 0 or 1');
    expect(undefinedReason(binary([0.4, 0.45, 0.55, 0.6], [0, 0, 1, 1]), 'calibrationSlope')).toBe('predictions that separate the classes (the slope fit diverges)');
    expect(undefinedReason(binary([0.1, 0.7, 0.4, 0.9], [0, 0, 1, 1]), 'calibrationSlope')).toBeNull();
  });
  it('survival', () => {
    const s = resolveStudy({ data: { train: 'x.csv' }, outcome: { type: 'survival', time: 't', event: 'e', horizons: [1, 4, 20] }, steps: { select: {} }, models: ['radscore'] });
    const time = [2, 3, 5, 6, 8, 9];
    const event = [1, 0, 1, 1, 0, 1];
    const survival = Matrix64.fromColumns(evaluationTimes(s).map(() => Float64Array.from(time, (t) => t / 10)));
    const m = modelMetrics(s, { family: 'survival', risk: Float64Array.from(time, (t) => -t), survival }, { time, event });
    expect(m['tdAuc@1']).toBeNull();
    expect(undefinedReason(m, 'tdAuc@1')).toBe('no event by 1');
    expect(undefinedReason(m, 'ipa@1')).toBe('no event by 1');
    expect(undefinedReason(m, 'brier@1')).toBeNull();
    expect(undefinedReason(m, 'brier@20')).toBe('no one followed beyond 20');
    expect(undefinedReason(m, 'tdAuc@4')).toBeNull();
  });
});

describe('validationNotes: a penalized Rad-score calibration slope above 1', () => {
  const run = (models: Record<string, unknown>, study = binaryStudy(), externalOutcome: { y: number[] } | null = null) => validationNotes({ study, models, tasks: [], outcome: { y }, externalOutcome, fitted: lasso }).notes;
  it('explains a validated or external slope above 1 of the radscore model: shrinkage, not the data; refitting brings it to 1', () => {
    const notes = run({ radscore: bootstrapEntry(binaryMetrics({ calibrationSlope: 2.5 }), binaryMetrics({ calibrationSlope: 1.4 }), binaryMetrics({ calibrationSlope: 1.2 })) }, binaryStudy(), { y: [0, 1] });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('radscore: calibration slope above 1 (bootstrap optimism-corrected 1.4; external 1.2)');
    expect(notes[0]).toContain('the LASSO (lambda 0.05)');
    expect(notes[0]).toContain('shrinks towards 0');
    expect(notes[0]).toContain('not a flaw of the data');
    expect(notes[0]).toContain("would bring the slope to 1 (in this study, the logistic model refits the signature's features without penalty).");
  });
  it('says nothing for a slope at or below 1, for a refitted model, or for an apparent slope alone', () => {
    expect(run({ radscore: bootstrapEntry(binaryMetrics({ calibrationSlope: 2.5 }), binaryMetrics({ calibrationSlope: 0.95 })) })).toEqual([]);
    expect(run({ logistic: bootstrapEntry(binaryMetrics(), binaryMetrics({ calibrationSlope: 1.4 })) })).toEqual([]);
    expect(run({ radscore: bootstrapEntry(binaryMetrics({ calibrationSlope: 2.5 }), binaryMetrics({ calibrationSlope: null })) })).toEqual([]);
  });
});

describe('selectionNotes: a signature feature selected in no resample', () => {
  // b is a near-copy of a; c and d are noise
  const rng = new Rng(11);
  const n = 120;
  const a = Float64Array.from({ length: n }, () => rng.normal());
  const b = a.map((v) => v + 0.05 * rng.normal());
  const c = Float64Array.from({ length: n }, () => rng.normal());
  const d = Float64Array.from({ length: n }, () => rng.normal());
  const yy = Array.from(a, (v) => (v + 0.5 * rng.normal() > 0.3 ? 1 : 0));
  const X = Matrix64.fromColumns([a, b, c, d], { columnNames: ['a', 'b', 'c', 'd'] });
  const data = { X, response: yy, ids: yy.map((_, i) => String(i)), batch: null, covariates: [] };
  const study = resolveStudy({ data: { train: 'x.csv' }, outcome: { type: 'binary', column: 'y' }, steps: { redundancy: { threshold: 0.9 }, select: { rule: 'nFeatures', nFeatures: 1, nFolds: 5 } }, models: ['radscore'], validation: { method: 'bootstrap', B: 10 } });
  const { fitted } = developStudy(study, data, null, 1);
  const chosen = fitted.signature!.terms.map((t) => t.name);
  const other = chosen[0] === 'a' ? 'b' : 'a';
  const ok = Array.from({ length: 10 }, (_, i) => task(i, {}));

  it('names the correlated stand-in the resamples kept instead, with its correlation and frequency', () => {
    expect(chosen).toHaveLength(1);
    const notes = selectionNotes(study, fitted, data, ok, new Map([[other, 8], ['c', 2]]));
    expect(notes).toHaveLength(1);
    expect(notes[0].feature).toBe(chosen[0]);
    expect(notes[0].standIns[0].feature).toBe(other);
    expect(notes[0].standIns[0].correlation).toBeGreaterThan(0.99);
    expect(notes[0].standIns[0].frequency).toBeCloseTo(0.8, 12);
    expect(notes[0].explanation).toMatch(new RegExp(`^selected in none of the 10 resamples: there the redundancy filter \\(\\|r\\| > 0.9, Pearson\\) kept a correlated feature in its place, which the signature then took: ${other} \\(r = 1.00, selected in 80%\\)\\. .*not that the feature is uninformative`));
  });
  it('says so when no correlated feature stood in, and nothing when the feature was selected or nothing was resampled', () => {
    const notes = selectionNotes(study, fitted, data, ok, new Map([['c', 3]]));
    expect(notes[0].explanation).toMatch(/^selected in none of the 10 resamples, and no feature correlated with it above 0.9 \(Pearson\) was selected instead \(the most correlated selected: c /);
    expect(selectionNotes(study, fitted, data, ok, new Map([[chosen[0], 1], [other, 9]]))).toEqual([]);
    expect(selectionNotes(study, fitted, data, [], new Map())).toEqual([]);
  });
});
