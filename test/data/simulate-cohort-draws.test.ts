import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aucDeLong, formatTable, ParameterError, simulateCohort, type CohortTruth } from '../../src/index.js';

const sha = (c: ReturnType<typeof simulateCohort>) => createHash('sha256').update(formatTable(c.features)).update(formatTable(c.repeats)).update(JSON.stringify(c.truth)).digest('hex');

/** The truth without what describes the drawn patients (their number, centre counts, prevalence, events, seed). */
function truthOnly(t: CohortTruth): unknown {
  const { n: _n, centers, mviPrevalence: _p, recurrences: _r, patientSeed: _s, ...rest } = t;
  return { ...rest, centers: centers.map((c) => ({ center: c.center, scanner: c.scanner })) };
}

const column = (c: ReturnType<typeof simulateCohort>, name: string) => c.features.column(name).values as Float64Array;

describe('simulateCohort: new patients from the same truth (patientSeed) and signal strength', () => {
  it('the default cohort is unchanged (byte-identical to before patientSeed and signal existed)', () => {
    // sha256 of features.csv + repeats.csv + truth JSON, computed before the options were added
    expect(sha(simulateCohort({ seed: 3, n: 150, features: 40, centers: 3, repeats: 16 }))).toBe('24f7ea8118a0ed653a39b7a58214e9df9afa0ad31b06dfa35da2574e36ef1fa1');
    expect(sha(simulateCohort({ seed: 3, n: 150, features: 40, centers: 3, repeats: 16, signal: 1, patientSeed: undefined }))).toBe('24f7ea8118a0ed653a39b7a58214e9df9afa0ad31b06dfa35da2574e36ef1fa1');
    const truth = simulateCohort({ seed: 3, n: 60, features: 20, repeats: 0 }).truth;
    expect('signal' in truth).toBe(false);
    expect('patientSeed' in truth).toBe(false);
  });

  const options = { seed: 9, features: 60, centers: 3, repeats: 10 };
  const a = simulateCohort({ ...options, n: 120, patientSeed: 1 });
  const b = simulateCohort({ ...options, n: 120, patientSeed: 2 });

  it('two draws of one truth share the truth and not the patients', () => {
    expect(truthOnly(b.truth)).toEqual(truthOnly(a.truth));
    expect(a.truth.patientSeed).toBe(1);
    expect(b.truth.patientSeed).toBe(2);
    for (const name of ['age', 'afp', 'tumor_size_cm', 'mvi', 'rfs_months', a.truth.signature[0].feature]) {
      expect(column(b, name)).not.toEqual(column(a, name));
    }
    expect(formatTable(b.repeats)).not.toBe(formatTable(a.repeats));
    // another truth seed: another signature or other effects
    const other = simulateCohort({ ...options, seed: 10, n: 120, patientSeed: 1 });
    expect(truthOnly(other.truth)).not.toEqual(truthOnly(a.truth));
  });

  it('a draw is reproducible, and its truth does not depend on the number of patients', () => {
    expect(sha(simulateCohort({ ...options, n: 120, patientSeed: 1 }))).toBe(sha(a));
    const big = simulateCohort({ ...options, n: 2000, repeats: 0, patientSeed: 3 });
    expect(truthOnly(big.truth)).toEqual(truthOnly(a.truth));
    expect(big.truth.n).toBe(2000);
    // the truth's centre shares hold for any n
    const share = (c: ReturnType<typeof simulateCohort>) => c.truth.centers.map((x) => x.n / c.truth.n);
    share(big).forEach((s, i) => expect(Math.abs(s - share(a)[i])).toBeLessThan(0.03));
    // a draw differs from the default cohort of the seed (whose constants come from its own patients)
    expect(truthOnly(simulateCohort({ ...options, n: 120 }).truth)).not.toEqual(truthOnly(a.truth));
  });

  it('a large draw has the stated prevalence and the same feature distributions in another draw', () => {
    const c1 = simulateCohort({ ...options, n: 3000, repeats: 0, patientSeed: 4 });
    const c2 = simulateCohort({ ...options, n: 3000, repeats: 0, patientSeed: 5 });
    expect(Math.abs(c1.truth.mviPrevalence - 0.35)).toBeLessThan(0.04);
    expect(Math.abs(c2.truth.mviPrevalence - 0.35)).toBeLessThan(0.04);
    for (const name of c1.features.names.slice(11, 31)) {
      const m = (v: Float64Array) => [...v].sort((x, y) => x - y)[v.length >> 1];
      const iqr = (v: Float64Array) => {
        const s = [...v].sort((x, y) => x - y);
        return s[Math.floor(0.75 * s.length)] - s[Math.floor(0.25 * s.length)];
      };
      // medians agree to a fifth of the interquartile range
      expect(Math.abs(m(column(c1, name)) - m(column(c2, name)))).toBeLessThan(0.2 * iqr(column(c1, name)));
    }
  });

  it('signal scales the effects; 0 makes MVI independent of the features', () => {
    const none = simulateCohort({ ...options, n: 4000, repeats: 0, patientSeed: 6, signal: 0 });
    const strong = simulateCohort({ ...options, n: 4000, repeats: 0, patientSeed: 6, signal: 2 });
    const one = simulateCohort({ ...options, n: 120, repeats: 0 });
    const two = simulateCohort({ ...options, n: 120, repeats: 0, signal: 2 });
    expect(two.truth.signal).toBe(2);
    expect(two.truth.mviModel.logAfp).toBe(2 * one.truth.mviModel.logAfp);
    expect(two.truth.recurrenceModel.mvi).toBe(2 * one.truth.recurrenceModel.mvi);
    two.truth.signature.forEach((s, i) => expect(s.mviLogOddsRatio).toBe(2 * one.truth.signature[i].mviLogOddsRatio));
    expect(none.truth.signature.every((s) => s.mviLogOddsRatio === 0 && s.recurrenceLogHazardRatio === 0)).toBe(true);
    const y0 = column(none, 'mvi');
    const y2 = column(strong, 'mvi');
    // every feature: AUC within 0.5 +- 0.05 without signal; the signature's features far from 0.5 with a strong one
    for (const name of none.features.names.slice(11)) expect(Math.abs(aucDeLong(column(none, name), y0).estimate - 0.5)).toBeLessThan(0.05);
    expect(Math.abs(aucDeLong(column(none, 'tumor_size_cm'), y0).estimate - 0.5)).toBeLessThan(0.05);
    const strongest = Math.max(...strong.truth.signature.map((s) => Math.abs(aucDeLong(column(strong, s.feature), y2).estimate - 0.5)));
    expect(strongest).toBeGreaterThan(0.1);
  });

  it('rejects a bad patient seed or signal', () => {
    expect(() => simulateCohort({ patientSeed: 1.5 })).toThrow(ParameterError);
    expect(() => simulateCohort({ patientSeed: -1 })).toThrow(/patientSeed/);
    expect(() => simulateCohort({ signal: -1 })).toThrow(/signal must be >= 0/);
    expect(() => simulateCohort({ signal: Number.NaN })).toThrow(/signal/);
    expect(() => simulateCohort({ n: 10, patientSeed: 1 })).toThrow(/n must be >= 20/);
  });
});
