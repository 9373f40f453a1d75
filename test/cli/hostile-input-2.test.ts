import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optionsAsFlags } from '../../src/cli/library-errors.js';
import { minimumSampleSize } from '../../src/validate/sample-size.js';
import { radsig } from '../helpers/cli.js';
import { tempFolder, writeFixture } from '../helpers/tmp.js';

/** n rows from a line function, each ending in a newline. */
const rows = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n') + '\n';
/** A deterministic value in (0, 1) for row i and column j. */
const u = (i: number, j: number) => (((i + 1) * 7919 + (j + 1) * 104729) % 1009) / 1009;

describe('hostile-input sweep 2: binary outcomes that are not coded 0/1', () => {
  const dir = tempFolder();
  const f = writeFixture(dir, 'y12.csv', 'y,x\n' + rows(20, (i) => `${1 + (i % 2)},${u(i, 0).toFixed(4)}`));

  it('a 1/2 outcome without --positive is an error naming both values, not 1 read as positive', async () => {
    for (const command of [['describe'], ['fit', 'logistic'], ['glmnet'], ['metrics', '--score', 'x']]) {
      const r = await radsig([...command, f, '--outcome', 'y', ...(command[0] === 'metrics' ? [] : ['--features', 'x'])]);
      expect(r.code, command.join(' ')).toBe(3);
      expect(r.stderr).toBe(
        `radsig: error: ${f}: outcome column "y" has the values 1 and 2; with the default positive value 1 the other value must be 0, so which one is positive is not clear; give the positive value with --positive\n`,
      );
      expect(r.stdout).toBe('');
    }
  });

  it('with --positive either value is accepted, and 0/1 needs no --positive', async () => {
    for (const positive of ['1', '2']) {
      const r = await radsig(['describe', f, '--outcome', 'y', '--features', 'x', '--positive', positive, '--json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).outcome.counts).toEqual({ 1: 10, 2: 10 });
    }
    const g = writeFixture(dir, 'y01.csv', 'y,x\n' + rows(20, (i) => `${i % 2},${u(i, 0).toFixed(4)}`));
    expect((await radsig(['describe', g, '--outcome', 'y', '--features', 'x'])).code).toBe(0);
  });
});

describe('hostile-input sweep 2: the coefficient table as text', () => {
  it('separation: odds ratios beyond 1e200 and infinite upper limits print as R does (Inf, scientific), not "Infinity" or 200 digits', async () => {
    const dir = tempFolder();
    // a feature on a small scale that separates the classes: its estimate is in the hundreds, its odds ratio near 1e230
    const f = writeFixture(dir, 'sep-small.csv', 'y,a\n' + rows(30, (i) => `${i % 2},${(((i % 2) * 10 + u(i, 0)) / 100).toFixed(6)}`));
    const r = await radsig(['fit', 'logistic', f, '--outcome', 'y', '--features', 'a']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/Infinity|NaN/);
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThan(120);
    const json = JSON.parse((await radsig(['fit', 'logistic', f, '--outcome', 'y', '--features', 'a', '--json'])).stdout);
    const a = json.coefficients[1];
    expect(a.ratio).toBeGreaterThan(1e100);
    expect(a.ratioUpper).toBeNull(); // infinite: null in the JSON ...
    expect(r.stdout.split('\n')[2]).toMatch(new RegExp(`^a +${a.estimate.toFixed(4)} +${a.ratio.toExponential(2).replace('+', '\\+')} .* Inf$`)); // ... Inf in the table
  });

  it('separation: the warning names the flag --firth, not the library option', async () => {
    const dir = tempFolder();
    const f = writeFixture(dir, 'sep.csv', 'y,a\n' + rows(30, (i) => `${i % 2},${(i % 2) * 10 + u(i, 0)}`));
    const r = await radsig(['fit', 'logistic', f, '--outcome', 'y', '--features', 'a']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/separation; estimates and standard errors are unreliable \(use --firth\)\n/);
    expect(r.stderr).not.toMatch(/firth: true/);
    expect(optionsAsFlags('x (use firth: true)')).toBe('x (use --firth)');
    expect(optionsAsFlags('t.csv: missing values in 1 column: "a" (1 row, first on line 3); use missing: "drop", "median" or "mean"')).toBe('t.csv: missing values in 1 column: "a" (1 row, first on line 3); use --missing drop, median or mean');
    expect(optionsAsFlags('use missing: "drop" or "mean"; or missing: "drop"')).toBe('use --missing drop or mean; or --missing drop');
  });
});

describe('hostile-input sweep 2: harmonize with rows without a batch', () => {
  it('the hint names no option that does not exist and no remedy that fails the same way', async () => {
    const dir = tempFolder();
    const f = writeFixture(dir, 'b.csv', 'id,site,original_firstorder_A,original_firstorder_B\n' + rows(30, (i) => `p${i},${['A', '', 'B'][i % 3]},${u(i, 0)},${u(i, 1)}`));
    for (const extra of [[], ['--missing', 'drop']]) {
      const r = await radsig(['harmonize', f, '--id', 'id', '--batch', 'site', '--out', join(dir, 'o.csv'), ...extra]);
      expect(r.code).toBe(3);
      expect(r.stderr).toBe(`radsig: error: ${f}: missing values in 1 column: "site" (10 rows, first on line 3); role columns must be complete: fill in the missing values or remove those rows\n`);
      expect(existsSync(join(dir, 'o.csv'))).toBe(false);
    }
  });
});

describe('hostile-input sweep 2: empty option values', () => {
  const dir = tempFolder();
  const f = writeFixture(dir, 's.csv', 'time,status,score\n' + rows(30, (i) => `${1 + ((i * 37) % 60)},${i % 3 === 0 ? 0 : 1},${u(i, 0).toFixed(4)}`));

  it('--times "" and --tau "" are usage errors, not silently no times', async () => {
    const km = await radsig(['km', f, '--time', 'time', '--event', 'status', '--times', '']);
    expect(km.code).toBe(2);
    expect(km.stderr).toBe('radsig: error: --times needs at least one number, got ""\n');
    const metrics = await radsig(['metrics', f, '--score', 'score', '--time', 'time', '--event', 'status', '--times', ' ']);
    expect(metrics.code).toBe(2);
    expect(metrics.stderr).toBe('radsig: error: --times needs at least one number, got " "\n');
    const tau = await radsig(['metrics', f, '--score', 'score', '--time', 'time', '--event', 'status', '--tau', '']);
    expect(tau.code).toBe(2);
    expect(tau.stderr).toBe('radsig: error: --tau needs a number, got ""\n');
  });

  it('--lambda "" asks for a value, not a name', async () => {
    const r = await radsig(['glmnet', f, '--time', 'time', '--event', 'status', '--features', 'score', '--lambda', ',']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('radsig: error: --lambda needs at least one value\n');
  });

  it('simulate --out "" is refused instead of writing into the current folder', async () => {
    const cwd = tempFolder();
    const r = await radsig(['simulate', '--out', '', '--n', '20', '--features', '10', '--repeats', '5'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('radsig: error: simulate: --out "" names no folder; give a folder (. for the current one)\n');
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('hostile-input sweep 2: km --times in the text output', () => {
  it('the survival at the asked times is printed, as the JSON has it (summary(survfit, times) with extend)', async () => {
    const dir = tempFolder();
    const f = writeFixture(dir, 'k.csv', 'time,status\n' + rows(30, (i) => `${1 + ((i * 37) % 60)},${i % 3 === 0 ? 0 : 1}`));
    const args = ['km', f, '--time', 'time', '--event', 'status', '--times', '10,30,1000'];
    const text = await radsig(args);
    const json = JSON.parse((await radsig([...args, '--json'])).stdout).groups[0];
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split('\n').slice(1);
    expect(lines).toHaveLength(3);
    lines.forEach((line, k) => {
      const fmt = (x: number | null) => (x === null ? 'NA' : x.toFixed(4));
      expect(line).toBe(`  t = ${json.times[k]}: survival ${fmt(json.survival[k])} (95% CI ${fmt(json.lower[k])} to ${fmt(json.upper[k])}), ${json.nRisk[k]} at risk`);
    });
  });
});

describe('hostile-input sweep 2: samplesize at the edges of double precision', () => {
  it('a vanishing R2cs is refused as such, not as "maxR2cs NaN"', async () => {
    const r = await radsig(['samplesize', '--type', 'binary', '--parameters', '10', '--r2cs', '1e-17', '--prevalence', '0.2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('radsig: error: samplesize: --r2cs (1e-17) is too small for double precision: no finite sample size reaches --shrinkage 0.9\n');
  });

  it('an event rate that overflows the null log-likelihood: maxR2cs -Inf as R prints it, never Infinity or NaN', async () => {
    for (const rate of ['1e10', '1e305']) {
      const r = await radsig(['samplesize', '--type', 'survival', '--parameters', '10', '--r2cs', '0.1', '--rate', rate, '--timepoint', '2', '--meanfup', '3']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^radsig: error: samplesize: --r2cs \(0\.1\) must be below the largest Cox-Snell R2 possible with --rate \S+ and --meanfup 3 \(maxR2cs -Inf\)\n$/);
    }
    expect(() => minimumSampleSize({ type: 'binary', parameters: 10, r2cs: 1e-17, prevalence: 0.2 })).toThrow(/too small for double precision/);
  });
});

describe('hostile-input sweep 2: a repeated option is a usage error, not the last one silently', () => {
  const dir = tempFolder();
  const f = writeFixture(dir, 't.csv', 'id,y,age,sex,original_firstorder_A\n' + rows(20, (i) => `p${i},${i % 2},${40 + i},${i % 3},${u(i, 0)}`));

  it('--exclude age --exclude sex would have made age a feature', async () => {
    const r = await radsig(['describe', f, '--id', 'id', '--outcome', 'y', '--features', 'original_firstorder_A', '--exclude', 'age', '--exclude', 'sex']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('radsig: error: describe: --exclude is given twice ("age" and "sex"); give it once, as one comma-separated list\n');
  });

  it('also with = syntax and for numbers; switches may repeat', async () => {
    const r = await radsig(['glmnet', f, '--id', 'id', '--outcome', 'y', '--features', 'original_firstorder_A', '--alpha=0.5', '--alpha', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('radsig: error: glmnet: --alpha is given twice ("0.5" and "1"); give it once\n');
    const ok = await radsig(['describe', f, '--id', 'id', '--outcome', 'y', '--features', 'original_firstorder_A', '--json', '--json']);
    expect(ok.code).toBe(0);
  });
});

describe('hostile-input sweep 2: icc --retest with a feature the second table lacks', () => {
  it('the feature is named as left out with a warning, not listed as used without an ICC', async () => {
    const dir = tempFolder();
    const test = writeFixture(dir, 't1.csv', 'id,original_firstorder_A,original_firstorder_B\n' + rows(10, (i) => `s${i},${u(i, 0)},${u(i, 1)}`));
    const retest = writeFixture(dir, 't2.csv', 'id,original_firstorder_A\n' + rows(10, (i) => `s${i},${u(i, 0) + u(i, 2) / 10}`));
    const r = await radsig(['icc', test, '--retest', retest, '--id', 'id', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`radsig: warning: 1 feature of ${test} is not in ${retest} (or not numeric there) and has no ICC: "original_firstorder_B"\n`);
    const json = JSON.parse(r.stdout);
    expect(json.icc.map((x: { feature: string }) => x.feature)).toEqual(['original_firstorder_A']);
    expect(json.features.names).toEqual(['original_firstorder_A']);
    expect(json.features.used).toBe(1);
    expect(json.features.leftOut).toEqual([{ column: 'original_firstorder_B', reason: 'not in the retest table' }]);
  });
});

describe('hostile-input sweep 2: metrics with a missing score', () => {
  it('the error suggests only what metrics takes (--missing drop), not median or mean, which it refuses', async () => {
    const dir = tempFolder();
    const f = writeFixture(dir, 'm.csv', 'y,p\n' + rows(30, (i) => `${i % 2},${i === 4 ? '' : (0.2 + 0.6 * u(i, 0)).toFixed(3)}`));
    const r = await radsig(['metrics', f, '--score', 'p', '--outcome', 'y']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`radsig: error: ${f}: missing values in 1 column: "p" (1 row, first on line 6); use --missing drop\n`);
    expect((await radsig(['metrics', f, '--score', 'p', '--outcome', 'y', '--missing', 'drop'])).code).toBe(0);
    const s = writeFixture(dir, 's.csv', 'time,status,risk\n' + rows(30, (i) => `${1 + i},${i % 2},${i === 2 ? 'NA' : u(i, 1)}`));
    const surv = await radsig(['metrics', s, '--score', 'risk', '--time', 'time', '--event', 'status']);
    expect(surv.stderr).toMatch(/; use --missing drop\n$/);
  });
});

describe('hostile-input sweep 2: column names with commas, quotes and line breaks in messages', () => {
  it('warnings stay on one line and show "a,b" as one name; plain names are not quoted', async () => {
    const dir = tempFolder();
    const f = writeFixture(dir, 'q.csv', '"a,b","c\nd",y,plain,"t,x"\n' + rows(6, (i) => `${u(i, 0)},${u(i, 1)},${i % 2},${u(i, 2)},w${i}`));
    const r = await radsig(['describe', f, '--outcome', 'y']);
    expect(r.code).toBe(0);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^radsig: warning: /);
    expect(lines[0]).toContain('is a feature (3: "a,b", "c\\nd", plain);');
    expect(lines[1]).toBe('radsig: warning: 1 text or boolean column is not a feature: "t,x"');
    expect(r.stdout).toContain('not features: text (1): "t,x"\n');
  });
});

describe('hostile-input sweep 2: outcomes and events written as R logicals (TRUE/FALSE)', () => {
  const dir = tempFolder();
  it('an event column of TRUE/FALSE is read as Surv reads a logical: TRUE is the event', async () => {
    const f = writeFixture(dir, 'e.csv', 'time,status\n' + rows(30, (i) => `${i + 1},${i % 3 > 0 ? 'TRUE' : 'FALSE'}`));
    const g = writeFixture(dir, 'e01.csv', 'time,status\n' + rows(30, (i) => `${i + 1},${i % 3 > 0 ? 1 : 0}`));
    const logical = await radsig(['km', f, '--time', 'time', '--event', 'status', '--json']);
    expect(logical.code).toBe(0);
    expect(logical.stdout).toBe((await radsig(['km', g, '--time', 'time', '--event', 'status', '--json'])).stdout);
    expect(JSON.parse(logical.stdout).groups[0].events).toBe(20);
  });

  it('a binary outcome of TRUE/FALSE is read as glm reads a logical: TRUE is positive, no --positive needed', async () => {
    const f = writeFixture(dir, 'y.csv', 'y,x\n' + rows(20, (i) => `${i % 3 === 0 ? 'T' : 'F'},${u(i, 0)}`));
    const r = await radsig(['describe', f, '--outcome', 'y', '--features', 'x', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).outcome.counts).toEqual({ F: 13, T: 7 });
    const fit = JSON.parse((await radsig(['fit', 'logistic', f, '--outcome', 'y', '--features', 'x', '--json'])).stdout);
    const g = writeFixture(dir, 'y01.csv', 'y,x\n' + rows(20, (i) => `${i % 3 === 0 ? 1 : 0},${u(i, 0)}`));
    const fit01 = JSON.parse((await radsig(['fit', 'logistic', g, '--outcome', 'y', '--features', 'x', '--json'])).stdout);
    expect(fit.coefficients).toEqual(fit01.coefficients);
  });
});

describe('hostile-input sweep 2: an option of the other model or mode is refused, not silently ignored', () => {
  const dir = tempFolder();
  const surv = writeFixture(dir, 's.csv', 'time,status,risk,s12,original_firstorder_A\n' + rows(30, (i) => `${1 + ((i * 37) % 60)},${i % 3 === 0 ? 0 : 1},${u(i, 0)},${u(i, 1)},${u(i, 2)}`));
  const bin = writeFixture(dir, 'b.csv', 'y,p,q,original_firstorder_A\n' + rows(30, (i) => `${i % 2},${(0.1 + 0.8 * u(i, 0)).toFixed(3)},${(0.1 + 0.8 * u(i, 1)).toFixed(3)},${u(i, 2)}`));
  const cases: [string, string[], string][] = [
    ['fit cox --firth', ['fit', 'cox', surv, '--time', 'time', '--event', 'status', '--firth'], 'fit cox: --firth is for fit logistic; radsig has no Firth-penalized Cox model'],
    ['fit logistic --ties', ['fit', 'logistic', bin, '--outcome', 'y', '--ties', 'breslow'], 'fit logistic: --ties is for fit cox'],
    ['glmnet binomial --ties', ['glmnet', bin, '--outcome', 'y', '--ties', 'efron'], 'glmnet: --ties is for a Cox model (--time and --event), not a binary outcome'],
    ['survival metrics --compare', ['metrics', surv, '--score', 'risk', '--time', 'time', '--event', 'status', '--compare', 's12'], 'metrics: --compare is for a binary outcome (--outcome), not survival metrics (--time and --event)'],
    ['binary metrics --times', ['metrics', bin, '--score', 'p', '--outcome', 'y', '--times', '5'], 'metrics: --times is for survival metrics (--time and --event), not a binary outcome'],
    ['icc long --id', ['icc', bin, '--subject', 'y', '--rater', 'q', '--id', 'y'], 'icc: --id matches the rows of two tables (with --retest); a long table takes --subject and --rater'],
    ['icc --retest --subject', ['icc', bin, '--retest', surv, '--id', 'y', '--subject', 'y'], 'icc: --subject is for a long table; with --retest the rows of the two tables are matched by --id'],
  ];
  for (const [label, args, message] of cases) {
    it(label, async () => {
      const r = await radsig(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`radsig: error: ${message}\n`);
      expect(r.stdout).toBe('');
    });
  }
});

describe('hostile-input sweep 2: km --group with a group censored before the first event', () => {
  it('the group has no expected events and leaves the test, as survdiff: chisq and df as without it, not null', async () => {
    const dir = tempFolder();
    const body = rows(24, (i) => `${2 + i},${i % 3 === 0 ? 0 : 1},${i % 2 ? 'A' : 'B'}`);
    const f = writeFixture(dir, 'g.csv', 'time,status,g\n1,0,C\n' + body);
    const without = writeFixture(dir, 'g2.csv', 'time,status,g\n' + body);
    const r = await radsig(['km', f, '--time', 'time', '--event', 'status', '--group', 'g', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const reference = JSON.parse((await radsig(['km', without, '--time', 'time', '--event', 'status', '--group', 'g', '--json'])).stdout).logrank;
    expect(JSON.parse(r.stdout).logrank).toEqual(reference);
    expect(reference.df).toBe(1);
  });
});

describe('hostile-input sweep 2: km groups with numeric labels', () => {
  it('are listed in numeric order (2, 9, 10), as R orders them, not as text (10, 2, 9)', async () => {
    const dir = tempFolder();
    const f = writeFixture(dir, 'n.csv', 'time,status,grp\n' + rows(30, (i) => `${i + 1},${i % 2},${['10', '9', '2'][i % 3]}`));
    const r = await radsig(['km', f, '--time', 'time', '--event', 'status', '--group', 'grp', '--json']);
    expect(JSON.parse(r.stdout).groups.map((g: { group: string }) => g.group)).toEqual(['2', '9', '10']);
  });
});

describe('hostile-input sweep 2: scores given as percentages', () => {
  it('the error says they look like percentages, besides the linear-predictor hint', async () => {
    const dir = tempFolder();
    const f = writeFixture(dir, 'pct.csv', 'y,p\n' + rows(30, (i) => `${i % 2},${(10 + 80 * u(i, 0)).toFixed(1)}`));
    const r = await radsig(['metrics', f, '--score', 'p', '--outcome', 'y']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^radsig: error: .*: score column "p" has [\d.]+ on line 2, not a probability; use --score-type lp for a linear predictor \(every value is between 0 and 100: if these are percentages, divide them by 100\)\n$/);
    const lp = writeFixture(dir, 'lp.csv', 'y,p\n' + rows(30, (i) => `${i % 2},${(-3 + 6 * u(i, 0)).toFixed(2)}`));
    expect((await radsig(['metrics', lp, '--score', 'p', '--outcome', 'y'])).stderr).not.toMatch(/percentages/);
  });
});

describe('hostile-input sweep 2: glmnet --unpenalized naming every feature', () => {
  it('is a usage error in flags, not the library\'s "penaltyFactor must have at least one positive value"', async () => {
    const dir = tempFolder();
    const f = writeFixture(dir, 'g.csv', 'y,original_firstorder_A,original_firstorder_B\n' + rows(30, (i) => `${i % 2},${u(i, 0)},${u(i, 1)}`));
    for (const command of ['glmnet', 'cv-glmnet']) {
      const r = await radsig([command, f, '--outcome', 'y', '--unpenalized', 'original_firstorder_A,original_firstorder_B']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`radsig: error: ${command}: every feature and covariate is unpenalized (--unpenalized); the elastic net needs at least one penalized feature\n`);
    }
  });
});
