import { describe, expect, it } from 'vitest';
import { buildDataset, formatTable, ParameterError, simulateCohort } from '../../src/index.js';

describe('simulateCohort', () => {
  const cohort = simulateCohort({ seed: 11, n: 240, features: 150, centers: 4, repeats: 120 });

  it('same seed gives byte-identical tables and truth; another seed does not', () => {
    const again = simulateCohort({ seed: 11, n: 240, features: 150, centers: 4, repeats: 120 });
    expect(formatTable(again.features)).toBe(formatTable(cohort.features));
    expect(formatTable(again.repeats)).toBe(formatTable(cohort.repeats));
    expect(JSON.stringify(again.truth)).toBe(JSON.stringify(cohort.truth));
    expect(formatTable(simulateCohort({ seed: 12, n: 240, features: 150, centers: 4, repeats: 120 }).features)).not.toBe(formatTable(cohort.features));
  });

  it('adding features does not change the patients', () => {
    const wider = simulateCohort({ seed: 11, n: 240, features: 200, centers: 4, repeats: 120 });
    for (const name of ['age', 'afp', 'tumor_size_cm', 'original_glcm_Contrast']) {
      expect(wider.features.column(name).values).toEqual(cohort.features.column(name).values);
    }
  });

  it('has the documented columns, PyRadiomics names and valid outcomes', () => {
    const t = cohort.features;
    expect(t.names.slice(0, 11)).toEqual(['id', 'center', 'scanner', 'age', 'sex', 'afp', 'tumor_size_cm', 'cirrhosis', 'mvi', 'rfs_months', 'recurrence']);
    expect(t.names.length).toBe(11 + 150);
    expect(t.names[11]).toBe('original_shape_Elongation');
    expect(t.names.filter((n) => n.includes('_glcm_')).length).toBeGreaterThan(20);
    const data = buildDataset(t, { id: 'id', time: 'rfs_months', event: 'recurrence', outcome: 'mvi', batch: 'center', covariates: ['age', 'sex', 'afp', 'tumor_size_cm', 'cirrhosis'] });
    expect(data.n).toBe(240);
    expect(new Set(data.batch).size).toBe(4);
    const prevalence = Array.from(data.y!).reduce((a, b) => a + b, 0) / 240;
    expect(prevalence).toBeGreaterThan(0.2);
    expect(prevalence).toBeLessThan(0.5);
    const events = Array.from(data.event!).reduce((a, b) => a + b, 0);
    expect(events).toBe(cohort.truth.recurrences);
    expect(events).toBeGreaterThan(60);
    expect(events).toBeLessThan(230);
    expect(cohort.truth.signature.length).toBeGreaterThanOrEqual(4);
    for (const s of cohort.truth.signature) expect(t.has(s.feature)).toBe(true);
  });

  it('repeats: reader 1 equals features.csv, and observed reproducibility tracks the true ICC', () => {
    const r = cohort.repeats;
    expect(r.nRows).toBe(240);
    const ids = r.column('id').values as string[];
    const reader = r.column('reader').values as Float64Array;
    const featureIds = cohort.features.column('id').values as string[];
    const names = cohort.features.names.slice(11);
    const row = featureIds.indexOf(ids[0]);
    expect(reader[0]).toBe(1);
    for (const name of names) expect((r.column(name).values as Float64Array)[0]).toBe((cohort.features.column(name).values as Float64Array)[row]);
    // one-way ICC of the rank-normalized pairs, per feature, against the truth
    const observed: number[] = [];
    const truth: number[] = [];
    for (const name of names) {
      const v = r.column(name).values as Float64Array;
      const ranks = rank(v);
      const pairs = 120;
      let grand = 0;
      for (let i = 0; i < 2 * pairs; i++) grand += ranks[i];
      grand /= 2 * pairs;
      let between = 0;
      let within = 0;
      for (let q = 0; q < pairs; q++) {
        const a = ranks[2 * q];
        const b = ranks[2 * q + 1];
        const m = (a + b) / 2;
        between += 2 * (m - grand) ** 2;
        within += (a - m) ** 2 + (b - m) ** 2;
      }
      const msb = between / (pairs - 1);
      const msw = within / pairs;
      observed.push((msb - msw) / (msb + msw));
      truth.push(cohort.truth.features[name].icc);
    }
    expect(correlation(observed, truth)).toBeGreaterThan(0.8);
  });

  it('rejects impossible sizes', () => {
    expect(() => simulateCohort({ n: 10 })).toThrow(ParameterError);
    expect(() => simulateCohort({ features: 100000 })).toThrow(/features must be <=/);
    expect(() => simulateCohort({ n: 50, repeats: 60 })).toThrow(/repeats/);
    expect(() => simulateCohort({ n: 40, centers: 10, repeats: 10 })).toThrow(/at least 5 patients per centre/);
  });
});

function rank(v: Float64Array): Float64Array {
  const order = Array.from(v.keys()).sort((a, b) => v[a] - v[b]);
  const out = new Float64Array(v.length);
  order.forEach((i, k) => (out[i] = k));
  return out;
}

function correlation(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
