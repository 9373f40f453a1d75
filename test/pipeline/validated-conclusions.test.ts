// Issue 22: every comparison, curve and headline number on the development patients comes from
// patients the model did not learn from, records the predictions it uses, and agrees with the
// reference implementations (riskRegression::Score contrasts, rms::calibrate, dcurves' net benefit).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadStudyFile } from '../../src/pipeline/run-study-file.js';
import { runStudy } from '../../src/pipeline/run-study.js';
import { summaryLines } from '../../src/cli/commands/run.js';
import { reportHtml } from '../../src/report/report-html.js';
import type { StudyResults } from '../../src/pipeline/results-schema/study-results-schema.js';
import { concordanceIndex } from '../../src/stats/concordance.js';
import { golden } from '../helpers/golden.js';
import { realData, tempFolder } from '../helpers/tmp.js';

const dir = tempFolder('validated-conclusions');

/** PBC patients complete on age, edema, bili, albumin and protime (the R scripts' pbc_cases()), event = death. */
function writePbcCases(): number[] {
  const [header, ...lines] = gunzipSync(readFileSync(realData('pbc.csv.gz'))).toString('utf8').trim().split('\n');
  const names = header.split(',').map((h) => h.replace(/"/g, ''));
  const need = ['age', 'bili', 'albumin', 'protime', 'edema'].map((n) => names.indexOf(n));
  const kept = lines.filter((l) => {
    const cells = l.split(',');
    return need.every((k) => cells[k] !== '' && cells[k] !== 'NA');
  });
  writeFileSync(join(dir, 'pbc-cases.csv'), [header, ...kept].join('\n') + '\n');
  return kept.map((l) => Number(l.split(',')[names.indexOf('id')]));
}

async function run(study: Record<string, unknown>, name: string): Promise<Record<string, any>> {
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(study));
  const loaded = loadStudyFile(join(dir, `${name}.json`));
  const out = await runStudy(loaded.study, loaded.tables);
  return JSON.parse(JSON.stringify(out.results));
}

/** A run's results with its predictions table's columns. */
async function runWithPredictions(study: Record<string, unknown>, name: string): Promise<{ results: Record<string, any>; ids: string[]; column(name: string): number[] }> {
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(study));
  const loaded = loadStudyFile(join(dir, `${name}.json`));
  const out = await runStudy(loaded.study, loaded.tables);
  const t = out.predictions;
  return {
    results: JSON.parse(JSON.stringify(out.results)),
    ids: (t.columns[0].values as readonly (string | null)[]).map(String),
    column: (n: string) => Array.from(t.columns.find((c) => c.name === n)!.values as Float64Array),
  };
}

type Contrast = { metric: string; estimate: number; sd: number; splits: number; lower: number | null; upper: number | null };
type Reference = { model: string; reference: string; times?: number; estimate: number; sd: number; splits: number };

/**
 * radsig's contrast (first - second model) against riskRegression's (model - reference, the
 * opposite sign here) within Monte Carlo error: 4 standard errors of the difference of two means of
 * independent resamples.
 */
function expectWithinMonteCarlo(mine: Contrast, ref: Reference, label: string): { difference: number; tolerance: number } {
  const tolerance = 4 * Math.sqrt(mine.sd ** 2 / mine.splits + ref.sd ** 2 / ref.splits);
  const difference = mine.estimate - -ref.estimate;
  expect(Math.abs(difference), `${label}: radsig ${mine.estimate.toFixed(4)}, riskRegression ${(-ref.estimate).toFixed(4)}, tolerance ${tolerance.toFixed(4)}`).toBeLessThanOrEqual(tolerance);
  return { difference, tolerance };
}

const pbcStudy = (validation: Record<string, unknown>) => ({
  data: { train: 'pbc-cases.csv', id: 'id' },
  outcome: { type: 'survival', time: 'time', event: 'status', eventValue: 2, horizons: [1825, 3650] },
  features: { include: ['bili', 'albumin', 'protime'] },
  clinical: ['age', 'edema'],
  models: ['clinical', { name: 'rsf', trees: 200, mtry: 2, minNodeSize: 15 }],
  validation,
});

describe('validated comparisons agree with riskRegression::Score (issue 22)', () => {
  const ref = golden('validated-comparisons.json');

  it('PBC, Cox against a random survival forest: bootstrap (bootcv) and 5-fold CV (cvK) contrasts of td-AUC and Brier within Monte Carlo error', async () => {
    const ids = writePbcCases();
    expect(ids).toEqual(ref.pbc.ids);
    for (const [validation, refs] of [
      [{ method: 'bootstrap', B: 200, seed: 3 }, ref.pbc.bootcv],
      [{ method: 'cv', folds: 5, repeats: 20, seed: 4 }, ref.pbc.cv5],
    ] as const) {
      const r = await run(pbcStudy(validation), `pbc-${validation.method}`);
      const c = r.comparisons.find((x: { data: string }) => x.data === 'development');
      expect(c.models).toEqual(['clinical', 'rsf']);
      expect(c.predictions).toBe(validation.method);
      expect(c.p).toBeUndefined();
      // every development curve is drawn from the same held-out predictions; risk groups cover every patient once per split
      for (const m of Object.values(r.models) as Record<string, any>[]) {
        expect(new Set(Object.values(m.curves.development.predictions))).toEqual(new Set([validation.method]));
        const groups = m.curves.development.riskGroups.groups;
        if (validation.method === 'cv') expect(groups.reduce((a: number, g: { n: number }) => a + g.n, 0)).toBeCloseTo(ids.length, 9);
        expect(m.curves.development.riskGroups.logRank).toBeNull();
        expect(m.curves.development.observedExpected.map((o: { ratio: number }) => o.ratio).every((v: number) => v > 0.5 && v < 2)).toBe(true);
      }
      if (validation.method === 'bootstrap') {
        // the forest: every validated measure is the out-of-bag bootstrap's, and its calibration is not corrected from in-bag predictions
        const rsf = r.models.rsf;
        for (const v of Object.values(rsf.validation.metrics) as Record<string, unknown>[]) {
          expect(v.method).toBe('out-of-bag bootstrap');
          expect(v.corrected).toBe(v.oob);
          expect(v.optimism).toBeNull();
        }
        expect(rsf.validation.metrics.cIndex.plus632).toBeGreaterThan(rsf.validation.metrics.cIndex.corrected);
        expect(rsf.curves.development.calibration.every((h: { method?: string }) => h.method === undefined)).toBe(true);
        expect(r.models.clinical.curves.development.calibration.every((h: { method?: string }) => h.method === "rms::calibrate(cmethod = 'KM')")).toBe(true);
      }
      for (const [metric, table] of [['tdAuc', refs.auc], ['brier', refs.brier]] as const) {
        for (const row of table as Reference[]) {
          expect([row.model, row.reference]).toEqual(['rsf', 'clinical']);
          const mine = c.contrasts.find((x: Contrast) => x.metric === `${metric}@${row.times}`);
          expectWithinMonteCarlo(mine, row, `${validation.method} ${metric}@${row.times}`);
        }
      }
    }
  }, 600_000);

  it('HCC-TACE-Seg, the lasso Rad-score against its logistic refit: bootstrap contrasts of AUC and Brier within Monte Carlo error', async () => {
    const r = await run(
      {
        data: { train: realData('HCC-TACE-Seg.csv.gz'), id: 'ID' },
        outcome: { type: 'binary', column: 'Target' },
        steps: { select: { nFolds: 3, rule: 'nFeatures', nFeatures: 3 } },
        models: ['radscore', 'logistic'],
        validation: { method: 'bootstrap', B: 200, seed: 5 },
      },
      'hcc',
    );
    const c = r.comparisons.find((x: { data: string }) => x.data === 'development');
    expect(c.models).toEqual(['radscore', 'logistic']);
    for (const [metric, table] of [['auc', ref.hcc.bootcv.auc], ['brier', ref.hcc.bootcv.brier]] as const) {
      const row = (table as Reference[])[0];
      expect([row.model, row.reference]).toEqual(['logistic', 'radscore']);
      expectWithinMonteCarlo(c.contrasts.find((x: Contrast) => x.metric === metric), row, `hcc ${metric}`);
    }
  }, 600_000);
});

describe("held-out decision curves agree with dcurves' net benefit on the same out-of-fold predictions (issue 22)", () => {
  const ref = golden('held-out-decision.json');
  /** A CSV of test/reference as columns by name. */
  const table = (name: string) => {
    const [head, ...rows] = readFileSync(join('test', 'reference', name), 'utf8').trim().split('\n');
    const names = head.split(',');
    return Object.fromEntries(names.map((n, k) => [n, rows.map((r) => r.split(',')[k])]));
  };
  const close = (a: number[], b: number[], tol: number) => a.forEach((v, i) => expect(Math.abs(v - b[i]), `at ${i}`).toBeLessThanOrEqual(tol));

  it('binary (HCC-TACE-Seg, 5-fold CV): the out-of-fold probabilities R read, and the net benefit of each model and of treating all, to 1e-10', async () => {
    const r = await runWithPredictions(
      { data: { train: realData('HCC-TACE-Seg.csv.gz'), id: 'ID' }, outcome: { type: 'binary', column: 'Target' }, steps: { select: { nFolds: 3, rule: 'nFeatures', nFeatures: 3 } }, models: ['radscore', 'logistic'], validation: { method: 'cv', folds: 5, repeats: 1, seed: 8 } },
      'hcc-cv',
    );
    const csv = table('held-out-hcc.csv');
    expect(r.ids).toEqual(csv.ID);
    for (const m of ['radscore', 'logistic']) {
      close(r.column(`${m}.oof`), csv[`${m}.oof`].map(Number), 1e-12);
      const curve = r.results.models[m].curves.development;
      expect(curve.predictions.decision).toBe('cv');
      close(curve.decision.map((d: { model: number }) => d.model), ref.hcc[m], 1e-10);
      close(curve.decision.map((d: { treatAll: number }) => d.treatAll), ref.hcc.treatAll, 1e-10);
    }
  }, 600_000);

  it('survival (PBC, 5-fold CV): the out-of-fold survival at 1825 days R read, and the net benefit at that horizon, to 1e-10', async () => {
    writePbcCases();
    const r = await runWithPredictions(pbcStudy({ method: 'cv', folds: 5, repeats: 1, seed: 9 }), 'pbc-cv1');
    const csv = table('held-out-pbc.csv');
    expect(r.ids).toEqual(csv.id);
    for (const m of ['clinical', 'rsf']) {
      close(r.column(`${m}.oof.survival@1825`), csv[`${m}.oof.survival@1825`].map(Number), 1e-12);
      const at = r.results.models[m].curves.development.decision.find((d: { horizon: number }) => d.horizon === 1825);
      close(at.curve.map((d: { model: number }) => d.model), ref.pbc[m], 1e-10);
      close(at.curve.map((d: { treatAll: number }) => d.treatAll), ref.pbc.treatAll, 1e-10);
      // the pooled out-of-fold C ranks on the predicted risk by the last horizon (every fold's fit shares that scale), not on the folds' risk scores
      const rows = readFileSync(join(dir, 'pbc-cases.csv'), 'utf8').trim().split('\n');
      const head = rows[0].split(',').map((h) => h.replace(/"/g, ''));
      const time = rows.slice(1).map((l) => Number(l.split(',')[head.indexOf('time')]));
      const event = rows.slice(1).map((l) => (l.split(',')[head.indexOf('status')] === '2' ? 1 : 0));
      const risk = r.column(`${m}.oof.survival@3650`).map((v) => 1 - v);
      expect(r.results.models[m].validation.metrics.cIndex.pooled.estimate).toBeCloseTo(concordanceIndex(risk, time, event).estimate, 12);
    }
  }, 600_000);
});

describe('validation.method "both" (issue 22)', () => {
  it('runs the bootstrap (the headline, curves and comparisons) and repeated CV beside it, in results.json, predictions.csv, the report and the command line', async () => {
    const r = await runWithPredictions(
      { data: { train: realData('HCC-TACE-Seg.csv.gz'), id: 'ID' }, outcome: { type: 'binary', column: 'Target' }, steps: { select: { nFolds: 3, rule: 'nFeatures', nFeatures: 3 } }, models: ['radscore', 'logistic'], validation: { method: 'both', B: 8, folds: 3, repeats: 2, seed: 10 } },
      'both',
    );
    const { results } = r;
    expect(results.validation).toMatchObject({ method: 'both', tasks: 8 + 3 * 2 });
    const m = results.models.logistic;
    expect(m.validation).toMatchObject({ method: 'bootstrap', B: 8 });
    expect(m.validation.metrics.auc.method).toBe('.632+');
    expect(m.crossValidation).toMatchObject({ method: 'cv', folds: 3, repeats: 2 });
    expect(m.crossValidation.metrics.auc.folds).toBe(6);
    expect(m.crossValidation.metrics.auc.pooled.repeats).toBe(2);
    expect(new Set(Object.values(m.curves.development.predictions))).toEqual(new Set(['bootstrap', 'apparent']));
    expect(results.comparisons[0].predictions).toBe('bootstrap');
    expect(r.column('logistic.oob').some(Number.isFinite)).toBe(true);
    expect(r.column('logistic.oof').every(Number.isFinite)).toBe(true);
    const html = reportHtml(results as never, [], { vegaRuntime: '' });
    expect(html).toContain("AUC cross-validated (fold mean ± SD)");
    expect(summaryLines(results as StudyResults).find((l) => l.startsWith('logistic:'))).toMatch(/validated 0\.\d+ \(bootstrap \.632\+.*\), CV fold mean 0\.\d+ \(sd 0\.\d+\), apparent/);
  }, 600_000);
});

describe('a study without signal (issue 22)', () => {
  it('HCC-TACE-Seg with its outcome shuffled: no validated comparison claims a difference (no p-value; every spread covers 0) and the validated AUC is near chance', async () => {
    const [header, ...lines] = gunzipSync(readFileSync(realData('HCC-TACE-Seg.csv.gz'))).toString('utf8').trim().split('\n');
    const target = header.split(',').indexOf('Target');
    const outcomes = lines.map((l) => l.split(',')[target]);
    // a fixed permutation (a linear congruential shuffle, the same on every machine)
    let state = 12345;
    for (let i = outcomes.length - 1; i > 0; i--) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      const j = state % (i + 1);
      [outcomes[i], outcomes[j]] = [outcomes[j], outcomes[i]];
    }
    writeFileSync(join(dir, 'noise.csv'), [header, ...lines.map((l, i) => l.split(',').map((c, k) => (k === target ? outcomes[i] : c)).join(','))].join('\n') + '\n');
    const r = await run(
      {
        data: { train: 'noise.csv', id: 'ID' },
        outcome: { type: 'binary', column: 'Target' },
        steps: { select: { nFolds: 3, rule: 'nFeatures', nFeatures: 3 } },
        models: ['radscore', 'logistic'],
        validation: { method: 'bootstrap', B: 40, seed: 7 },
      },
      'noise',
    );
    const development = r.comparisons.filter((c: { data: string }) => c.data === 'development');
    expect(development.length).toBe(1);
    for (const c of development) {
      expect(c.p).toBeUndefined();
      for (const d of c.contrasts) {
        expect(d.splits).toBeGreaterThanOrEqual(20);
        expect(d.lower).toBeLessThanOrEqual(0);
        expect(d.upper).toBeGreaterThanOrEqual(0);
      }
    }
    for (const m of Object.values(r.models) as Record<string, any>[]) {
      expect(m.apparent.auc).toBeGreaterThan(0.6);
      expect(Math.abs(m.curves.development.roc.auc - 0.5)).toBeLessThan(0.1);
      expect(Math.abs(m.validation.metrics.auc.corrected - 0.5)).toBeLessThan(0.1);
    }
  }, 600_000);
});

describe('bias-corrected survival calibration agrees with rms::calibrate(cmethod = "KM") (issue 22)', () => {
  it('PBC Cox model at 1825 and 3650 days: predicted and Kaplan-Meier survival per group exactly, corrected within Monte Carlo error', async () => {
    const ref = golden('calibrate-km.json');
    writePbcCases();
    const r = await run(
      {
        // (a study needs a feature; the clinical model does not read it)
        data: { train: 'pbc-cases.csv', id: 'id', missing: 'median' },
        outcome: { type: 'survival', time: 'time', event: 'status', eventValue: 2, horizons: [1825, 3650] },
        features: { include: ['ast'] },
        clinical: ['age', 'edema', 'bili', 'albumin', 'protime'],
        models: ['clinical'],
        validation: { method: 'bootstrap', B: 200, seed: 6 },
      },
      'calibrate',
    );
    const dev = r.models.clinical.curves.development;
    expect(dev.predictions.calibration).toBe('bootstrap');
    for (const h of ref.horizons) {
      const mine = dev.calibration.find((c: { horizon: number }) => c.horizon === h.u);
      expect(mine.method).toBe("rms::calibrate(cmethod = 'KM')");
      expect(mine.groups.length).toBe(h.KM.length);
      mine.groups.forEach((g: Record<string, number>, k: number) => {
        expect(g.predicted).toBeCloseTo(h.predicted[k], 6);
        expect(g.apparent).toBeCloseTo(h.KM[k], 10);
        // R's 2,000 resamples leave little Monte Carlo error; radsig's 200 leave optimismSe
        expect(Math.abs(g.observed - h.corrected[k]), `u ${h.u} group ${k + 1}: radsig ${g.observed}, rms ${h.corrected[k]}`).toBeLessThanOrEqual(4 * g.optimismSe + 0.002);
      });
    }
  }, 600_000);
});
