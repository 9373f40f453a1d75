import { describe, expect, it } from 'vitest';
import { plus632 } from '../../src/index.js';
import { compileChart } from '../../src/report/render-chart.js';

// bench/ is plain JavaScript: imported through a path the type checker does not follow
const libPath = '../../bench/validation-estimators-lib.mjs';
const lib = await import(libPath);

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-12);

describe('bench/validation-estimators: the estimates of one replicate', () => {
  it('Harrell, .632, .632+, out-of-bag mean, CV fold mean and pooled, repeated CV', () => {
    const boot = [
      { train: 0.95, test: 0.85, oob: 0.7 },
      { train: 0.93, test: 0.87, oob: 0.74 },
      { train: null, test: 0.8, oob: null }, // a measure that was undefined in a resample is left out
    ];
    const cv = [
      { folds: [0.7, 0.8, 0.75, null, 0.65], pooled: 0.71 },
      { folds: [0.6, 0.7, 0.8, 0.7, 0.7], pooled: 0.69 },
    ];
    const e = lib.estimatesFrom(0.9, boot, cv, plus632);
    close(e.apparent, 0.9);
    close(e.harrell, 0.9 - (0.1 + 0.06) / 2);
    close(e.oob, 0.72);
    close(e.e632, 0.368 * 0.9 + 0.632 * 0.72);
    close(e.e632plus, plus632(0.9, 0.72));
    close(e.cvFoldMean, 0.725);
    close(e.cvPooled, 0.71);
    close(e.rcvFoldMean, (0.725 + 0.7) / 2);
    close(e.rcvPooled, 0.7);
  });

  it('.632+ lies between the out-of-bag mean and .632 when the out-of-bag estimate is above chance', () => {
    const e = lib.estimatesFrom(0.95, [{ train: 1, test: 0.9, oob: 0.65 }], [], plus632);
    expect(e.e632plus).toBeLessThan(e.e632);
    expect(e.e632plus).toBeGreaterThanOrEqual(e.oob);
    expect(e.cvFoldMean).toBeNull();
    expect(e.rcvPooled).toBeNull();
  });
});

describe('bench/validation-estimators: the summary over replicates', () => {
  it('bias, RMSE and their Monte Carlo standard errors', () => {
    const errors = [0.1, -0.05, 0.02, 0.07];
    const replicates = errors.map((err, r) => ({ scenario: 's', replicate: r, failure: null, truth: 0.7, estimates: Object.fromEntries(lib.ESTIMATORS.map((e: { key: string }) => [e.key, 0.7 + err])) }));
    replicates.push({ scenario: 's', replicate: 9, failure: 'one class', truth: 0.7, estimates: {} } as never);
    const [s] = lib.summarize(replicates);
    expect(s.replicates).toBe(4);
    const x = s.estimators.harrell;
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const sd = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1));
    close(x.bias, mean(errors));
    close(x.biasSE, sd(errors) / 2);
    const rmse = Math.sqrt(mean(errors.map((e) => e * e)));
    close(x.rmse, rmse);
    close(x.rmseSE, sd(errors.map((e) => e * e)) / (2 * rmse * 2));
    expect(lib.markdownTables([s])).toMatch(/\| s \| 4 \| 0\.700/);
  });

  it('the chart spec compiles with Vega-Lite', async () => {
    const reps = [0, 1, 2].map((r) => ({ scenario: 'binary-n100-p400-weak', replicate: r, failure: null, truth: 0.6 + r / 100, estimates: Object.fromEntries(lib.ESTIMATORS.map((e: { key: string }, k: number) => [e.key, 0.6 + k / 50 + r / 70])) }));
    const spec = lib.chartSpec(lib.summarize(reps), 'test');
    await expect(compileChart(spec)).resolves.toHaveProperty('marks');
  });
});

describe('bench/validation-estimators: options', () => {
  it('24 scenarios; --quick is a documented subset; --scenario filters; bad options are refused', () => {
    const all = lib.allScenarios();
    expect(all.length).toBe(24);
    expect(new Set(all.map((s: { id: string }) => s.id)).size).toBe(24);
    const quick = lib.parseOptions(['--quick']);
    expect(quick.scenarios.map((s: { id: string }) => s.id)).toEqual(lib.QUICK.scenarios);
    expect([quick.replicates, quick.B, quick.cvRepeats]).toEqual([lib.QUICK.replicates, lib.QUICK.B, lib.QUICK.cvRepeats]);
    const some = lib.parseOptions(['--scenario', 'survival-n300', '--replicates=3', '--B', '20']);
    expect(some.scenarios.length).toBe(6);
    expect([some.replicates, some.B]).toEqual([3, 20]);
    expect(() => lib.parseOptions(['--workers', '3'])).toThrow(/--workers/);
    expect(() => lib.parseOptions(['--scenario', 'nothing'])).toThrow(/matches no scenario/);
    expect(() => lib.parseOptions(['--bogus'])).toThrow(/unknown option/);
  });
});
