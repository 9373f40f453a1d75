import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../src/core/errors.js';
import { coxSnellR2, minimumSampleSize, type MinimumSampleSize } from '../../src/validate/sample-size.js';
import { expectClose, golden } from '../helpers/golden.js';

// test/reference/sample-size.R: the criteria from Riley et al.'s formulas with pmsampsize 1.1.3's conventions
const ref = golden('sample-size.json');

interface RefCase {
  input: { parameters: number; r2cs: number; prevalence?: number; rate?: number; timepoint?: number; meanfup?: number; shrinkage?: number; margin?: number };
  n_unrounded: number[];
  n: number[];
  final: number;
  shrinkage: number[];
  shrinkage_final: number;
  max_r2cs: number;
  nagelkerke: number;
  events: number[];
  epp: number[];
  risk: { estimate: number; lower: number; upper: number; margin: number; person_time?: number };
  person_time?: number;
  table: { shrinkage: number[]; epp: number[]; max_r2cs: number; nagelkerke: number };
  events_printed: number;
}

function run(type: 'binary' | 'survival', c: RefCase): MinimumSampleSize {
  const { margin, ...rest } = c.input;
  return minimumSampleSize({ type, ...rest, ...(margin !== undefined ? { marginOfError: margin } : {}) });
}

/** Rows of pmsampsize's table: criteria 1, 2, 3 and final. */
function rows(s: MinimumSampleSize) {
  return [...s.criteria, { n: s.n, shrinkage: s.shrinkage, events: s.events, epp: s.epp }];
}

function expectAgreement(type: 'binary' | 'survival', c: RefCase, label: string): MinimumSampleSize {
  const s = run(type, c);
  // every n exactly, the values before the ceilings at rtol 1e-9
  expect(s.criteria.map((r) => r.n), `${label} n`).toEqual(c.n);
  expect(s.n, `${label} final n`).toBe(c.final);
  expectClose(s.criteria.map((r) => r.nUnrounded), c.n_unrounded, 1e-9, 0, `${label} n unrounded`);
  expectClose(s.criteria.map((r) => r.shrinkage), c.shrinkage, 1e-9, 0, `${label} shrinkage`);
  expectClose([s.shrinkage, s.maxR2cs, s.nagelkerkeR2], [c.shrinkage_final, c.max_r2cs, c.nagelkerke], 1e-9, 0, `${label} final shrinkage, max R2cs, Nagelkerke`);
  expectClose(rows(s).map((r) => r.events), c.events, 1e-9, 0, `${label} events`);
  expectClose(rows(s).map((r) => r.epp), c.epp, 1e-9, 0, `${label} EPP`);
  const risk = s.overallRisk;
  expectClose([risk.estimate, risk.lower, risk.upper, risk.marginOfError], [c.risk.estimate, c.risk.lower, c.risk.upper, c.risk.margin], 1e-9, 0, `${label} overall risk`);
  expect(s.eventsRounded, `${label} printed events`).toBe(c.events_printed);
  // what pmsampsize's table prints (the CLI shows the same digits)
  expect(rows(s).map((r) => Number(r.shrinkage.toFixed(3))), `${label} table shrinkage`).toEqual(c.table.shrinkage);
  expect(rows(s).map((r) => Number(r.epp.toFixed(2))), `${label} table EPP`).toEqual(c.table.epp);
  expect([Number(s.maxR2cs.toFixed(3)), Number(s.nagelkerkeR2.toFixed(3))], `${label} table R2`).toEqual([c.table.max_r2cs, c.table.nagelkerke]);
  if (type === 'survival') {
    expect(s.personTime, `${label} person-time`).toBe(c.person_time);
    expect(risk.personTime, `${label} person-time at criterion 3`).toBe(c.risk.person_time);
  } else {
    expect(s.personTime).toBe(null);
  }
  return s;
}

describe('minimumSampleSize agrees with R (pmsampsize 1.1.3 definitions)', () => {
  it('binary outcomes: every criterion (n exact, unrounded values rtol 1e-9)', () => {
    ref.binary.forEach((c: RefCase, i: number) => expectAgreement('binary', c, `binary ${i + 1}`));
  });

  it('survival outcomes: every criterion, person-time and the interval of the risk (rtol 1e-9)', () => {
    ref.survival.forEach((c: RefCase, i: number) => expectAgreement('survival', c, `survival ${i + 1}`));
  });

  it('R2cs from a C-statistic: R\'s random stream and glm reproduced (rtol 1e-9), rounded to 4 decimals exactly', () => {
    for (const c of ref.cstatistic) {
      const s = minimumSampleSize({ type: 'binary', parameters: 24, cstatistic: c.cstatistic, prevalence: c.prevalence, ...(c.seed !== 123456 ? { seed: c.seed } : {}) });
      expectClose([s.fromCstatistic!.r2csUnrounded], [c.r2cs], 1e-9, 0, `C ${c.cstatistic}`);
      expect(s.r2cs).toBe(c.r2cs_rounded);
      expect(s.fromCstatistic!.seed).toBe(c.seed);
      expect(s.n).toBe(c.sample_size.final);
      expect(s.criteria.map((r) => r.n)).toEqual(c.sample_size.n);
    }
  }, 30000);

  it('coxSnellR2 of logistic and Cox fits (rtol 1e-12), and Nagelkerke R2 from maxR2cs as rms::lrm (rtol 1e-9)', () => {
    const { logistic, cox } = ref.cox_snell;
    expectClose([coxSnellR2(logistic.lr, logistic.n), coxSnellR2(cox.lr, cox.n)], [logistic.r2cs, cox.r2cs], 1e-12, 0, 'R2cs');
    const s = minimumSampleSize({ type: 'binary', parameters: 5, r2cs: coxSnellR2(logistic.lr, logistic.n), prevalence: logistic.events / logistic.n });
    expectClose([s.nagelkerkeR2], [logistic.nagelkerke_rms], 1e-9, 0, 'Nagelkerke');
    expect(coxSnellR2(0, 10)).toBe(0);
  });
});

describe('minimumSampleSize reproduces the published worked examples', () => {
  it('binary, Chagas disease: pmsampsize(type = "b", csrsquared = 0.288, parameters = 24, prevalence = 0.174)', () => {
    // pmsampsize 1.1.3 tests/testthat/test_bin.R, "Test 4.1": Samp_size 623, 662, 221, 662; EPP 4.52, 4.8, 1.6, 4.8.
    // Riley et al., Stat Med 2019 (doi:10.1002/sim.7992), abstract: "a new diagnostic model for Chagas disease
    // requires an EPP of at least 4.8". pmsampsize prints ceiling(662 * 0.174) = 116 events.
    const s = minimumSampleSize({ type: 'binary', parameters: 24, r2cs: 0.288, prevalence: 0.174 });
    expect([...s.criteria.map((r) => r.n), s.n]).toEqual([623, 662, 221, 662]);
    expect(rows(s).map((r) => Number(r.epp.toFixed(2)))).toEqual([4.52, 4.8, 1.6, 4.8]);
    expect(s.eventsRounded).toBe(116);
    expectClose([s.events], [662 * 0.174], 1e-15, 0, 'events');
  });

  it('binary: the other pmsampsize 1.1.3 tests (test_bin.R 4.2 to 4.4)', () => {
    const cases = [
      { args: { parameters: 24, r2cs: 0.55, prevalence: 0.174 }, ss: [255, 532, 221, 532], epp: [1.85, 3.86, 1.6, 3.86] },
      { args: { parameters: 36, r2cs: 0.288, prevalence: 0.174 }, ss: [934, 992, 221, 992], epp: [4.51, 4.79, 1.07, 4.79] },
      { args: { parameters: 24, r2cs: 0.288, prevalence: 0.25 }, ss: [623, 590, 289, 623], epp: [6.49, 6.15, 3.01, 6.49] },
    ];
    for (const c of cases) {
      const s = minimumSampleSize({ type: 'binary', ...c.args });
      expect([...s.criteria.map((r) => r.n), s.n]).toEqual(c.ss);
      expect(rows(s).map((r) => Number(r.epp.toFixed(2)))).toEqual(c.epp);
    }
  });

  it('survival, recurrent VTE: rate 0.065, timepoint 2, meanfup 2.07, R2cs 0.051', () => {
    // pmsampsize 1.1.3 tests/testthat/test_surv.R, "Test 3.1" (25 parameters): Samp_size 4286, 866, 4286, 4286;
    // EPP 23.07, 4.66, 23.07, 23.07. Riley et al. 2019 abstract: "a new prognostic model for recurrent venous
    // thromboembolism requires an EPP of at least 23".
    const s25 = minimumSampleSize({ type: 'survival', parameters: 25, r2cs: 0.051, rate: 0.065, timepoint: 2, meanfup: 2.07 });
    expect([...s25.criteria.map((r) => r.n), s25.n]).toEqual([4286, 866, 4286, 4286]);
    expect(rows(s25).map((r) => Number(r.epp.toFixed(2)))).toEqual([23.07, 4.66, 23.07, 23.07]);
    // pmsampsize's documented example with 30 parameters: 5143 patients, 10646 person-time, ceiling(691.99) = 692
    // events, EPP 23.07; risk by 2 years 0.122 (0.113 to 0.130).
    const s30 = minimumSampleSize({ type: 'survival', parameters: 30, r2cs: 0.051, rate: 0.065, timepoint: 2, meanfup: 2.07 });
    expect([s30.n, s30.eventsRounded, s30.personTime, Number(s30.epp.toFixed(2))]).toEqual([5143, 692, 10646, 23.07]);
    const r = s30.overallRisk;
    expect([r.estimate, r.lower, r.upper].map((x) => Number(x.toFixed(3)))).toEqual([0.122, 0.113, 0.13]);
    expect(r.met).toBe(true);
    expect(s30.warnings).toEqual([]);
  });

  it('survival: the other pmsampsize 1.1.3 tests (test_surv.R 3.2 to 3.9)', () => {
    const cases: [number, number, number, number, number, number[], number[]][] = [
      [0.065, 25, 0.065, 2, 2.07, [3335, 859, 3335, 3335], [17.95, 4.62, 17.95, 17.95]],
      [0.051, 50, 0.065, 2, 2.07, [8572, 1731, 8572, 8572], [23.07, 4.66, 23.07, 23.07]],
      [0.051, 25, 0.1, 2, 2.07, [4286, 731, 4286, 4286], [35.49, 6.05, 35.49, 35.49]],
      [0.051, 25, 0.065, 4, 2.07, [4286, 866, 4286, 4286], [23.07, 4.66, 23.07, 23.07]],
      [0.051, 25, 0.065, 2, 4, [4286, 679, 4286, 4286], [44.57, 7.06, 44.57, 44.57]],
      [0.06, 40, 0.08, 3, 5, [5798, 969, 5798, 5798], [57.98, 9.69, 57.98, 57.98]],
      [0.03, 10, 0.09, 3, 3, [2950, 272, 2950, 2950], [79.65, 7.34, 79.65, 79.65]],
      [0.3, 80, 0.03, 1, 5, [1974, 2272, 2272, 2272], [3.7, 4.26, 4.26, 4.26]],
    ];
    for (const [r2cs, parameters, rate, timepoint, meanfup, ss, epp] of cases) {
      const s = minimumSampleSize({ type: 'survival', parameters, r2cs, rate, timepoint, meanfup });
      expect([...s.criteria.map((r) => r.n), s.n]).toEqual(ss);
      expect(rows(s).map((r) => Number(r.epp.toFixed(2)))).toEqual(epp);
    }
  });
});

describe('minimumSampleSize behaviour and errors', () => {
  it('n is the largest criterion and grows with the number of parameters', () => {
    let previous = 0;
    for (const parameters of [1, 5, 10, 20, 40]) {
      const s = minimumSampleSize({ type: 'binary', parameters, r2cs: 0.2, prevalence: 0.3 });
      expect(s.n).toBe(Math.max(...s.criteria.map((r) => r.n)));
      expect(s.n).toBeGreaterThanOrEqual(previous);
      previous = s.n;
    }
  });

  it('binary criterion 3 follows marginOfError; a survival margin wider than asked is a warning, n unchanged as pmsampsize', () => {
    const wide = minimumSampleSize({ type: 'binary', parameters: 2, r2cs: 0.3, prevalence: 0.5, marginOfError: 0.1 });
    expect(wide.criteria[2].n).toBe(Math.ceil((1.96 / 0.1) * (1.96 / 0.1) * 0.25));
    expect(wide.overallRisk.marginOfError).toBeLessThanOrEqual(0.1);
    const c = ref.survival[10] as RefCase;
    const s = run('survival', c);
    expect(s.overallRisk.met).toBe(false);
    expect(s.n).toBe(c.final);
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]).toMatch(/margin of 0\.133, wider than marginOfError 0\.05/);
  });

  it('records the resolved options', () => {
    const s = minimumSampleSize({ type: 'binary', parameters: 24, r2cs: 0.288, prevalence: 0.174 });
    expect(s.options).toEqual({ type: 'binary', parameters: 24, r2cs: 0.288, prevalence: 0.174, shrinkage: 0.9, marginOfError: 0.05 });
  });

  it('rejects bad options with ParameterError messages that name the argument and value', () => {
    const base = { type: 'binary' as const, parameters: 24, r2cs: 0.288, prevalence: 0.174 };
    const surv = { type: 'survival' as const, parameters: 25, r2cs: 0.051, rate: 0.065, timepoint: 2, meanfup: 2.07 };
    const bad: [object, RegExp][] = [
      [{ ...base, prevalence: undefined }, /minimumSampleSize: prevalence is required for type 'binary'/],
      [{ ...base, prevalence: 1.2 }, /minimumSampleSize: prevalence must be < 1, got 1\.2/],
      [{ ...base, prevalence: 0 }, /prevalence must be > 0, got 0/],
      [{ ...base, parameters: 0 }, /minimumSampleSize: parameters must be >= 1, got 0/],
      [{ ...base, parameters: 2.5 }, /parameters must be an integer, got 2\.5/],
      [{ ...base, r2cs: 0.7 }, /r2cs \(0\.7\) must be below the largest Cox-Snell R2 possible with prevalence 0\.174 \(maxR2cs 0\.603209\)/],
      [{ ...base, prevalence: 0.5, r2cs: 0.72, shrinkage: 0.7 }, /r2cs \(0\.72\) must be below the target shrinkage \(0\.7\)/],
      [{ ...base, r2cs: 0 }, /r2cs must be > 0, got 0/],
      [{ ...base, cstatistic: 0.8 }, /give exactly one of r2cs and cstatistic/],
      [{ ...base, r2cs: undefined }, /give exactly one of r2cs and cstatistic/],
      [{ ...base, r2cs: undefined, cstatistic: 0.5 }, /cstatistic must be > 0\.5, got 0\.5/],
      [{ ...base, rate: 0.1 }, /minimumSampleSize: rate is not used for type 'binary'/],
      [{ ...base, seed: 3 }, /minimumSampleSize: seed is used only with cstatistic/],
      [{ ...base, shrinkage: 1 }, /shrinkage must be < 1, got 1/],
      [{ ...base, marginOfError: 0 }, /marginOfError must be > 0, got 0/],
      [{ ...base, type: 'continuous' }, /type must be 'binary' or 'survival', got "continuous"/],
      [{ ...surv, meanfup: undefined }, /meanfup is required for type 'survival'/],
      [{ ...surv, rate: -1 }, /rate must be > 0, got -1/],
      [{ ...surv, prevalence: 0.2 }, /prevalence is not used for type 'survival'/],
      [{ ...surv, r2cs: undefined, cstatistic: 0.7 }, /cstatistic is not used for type 'survival'/],
      [{ ...surv, r2cs: 0.6 }, /must be below the largest Cox-Snell R2 possible with rate 0\.065 and meanfup 2\.07/],
    ];
    for (const [options, message] of bad) {
      expect(() => minimumSampleSize(options as never), String(message)).toThrow(ParameterError);
      expect(() => minimumSampleSize(options as never)).toThrow(message);
    }
    expect(() => coxSnellR2(-1, 10)).toThrow(/coxSnellR2: lrChiSquare must be >= 0, got -1/);
    expect(() => coxSnellR2(5, 0)).toThrow(/coxSnellR2: n must be > 0, got 0/);
    expect(() => coxSnellR2(NaN, 10)).toThrow(ParameterError);
  });

  it('does not depend on anything but its inputs (the C-statistic simulation is seeded)', () => {
    const a = minimumSampleSize({ type: 'binary', parameters: 10, cstatistic: 0.7, prevalence: 0.2, seed: 7 });
    const b = minimumSampleSize({ type: 'binary', parameters: 10, cstatistic: 0.7, prevalence: 0.2, seed: 7 });
    expect(a).toEqual(b);
  }, 30000);
});
