import { describe, expect, it } from 'vitest';
import { radsig } from '../helpers/cli.js';
import { realData, tempFolder, writeFixture } from '../helpers/tmp.js';

describe('radsig describe', () => {
  it('HCC-TACE-Seg: 84 rows, 420 features, 72/12', async () => {
    const r = await radsig(['describe', realData('HCC-TACE-Seg.csv.gz'), '--id', 'ID', '--outcome', 'Target', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.rows).toBe(84);
    expect(json.features).toMatchObject({ rule: 'pyradiomics', used: 420, leftOut: [], warnings: [] });
    expect(json.features.names).toHaveLength(420);
    expect(json.outcome).toEqual({ counts: { '0': 72, '1': 12 } });
    expect(json.missing).toEqual({});
    expect(json.batches).toEqual({});
    expect(Object.keys(json)).toEqual(['rows', 'features', 'roles', 'missing', 'constant', 'outcome', 'batches']);
  });

  it('PBC: 161 events among 418 rows, missing values reported, not fatal', async () => {
    const r = await radsig(['describe', realData('pbc.csv.gz'), '--id', 'id', '--time', 'time', '--event', 'status', '--event-value', '2', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.rows).toBe(418);
    expect(json.outcome.events).toBe(161);
    expect(json.outcome.censored).toBe(257);
    expect(json.outcome.medianFollowUp).toBe(2365); // survfit(Surv(time, status != 2) ~ 1) median
    expect(json.missing.chol).toBe(134);
    expect(json.missing.trig).toBe(136);
    expect(json.roles.eventValue).toBe('2');
  });

  it('prints a readable summary without --json, with batches and constant features', async () => {
    const dir = tempFolder();
    const path = writeFixture(dir, 'b.csv', 'id,site,k,x,y\na,A,1,0.1,0\nb,A,1,0.2,1\nc,B,1,0.3,0\nd,B,1,,1\n');
    const r = await radsig(['describe', path, '--id', 'id', '--outcome', 'y', '--batch', 'site']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('4 rows, 2 features');
    expect(r.stdout).toContain('batches: A: 2, B: 2');
    expect(r.stdout).toContain('constant features (1): k');
    expect(r.stdout).toContain('missing values in 1 columns: x (1)');
  });
});

describe('bad input ends with exit 3 (data) or 2 (usage) and one line, no stack trace', () => {
  const dir = tempFolder();
  const cases: [string, string, string[], number, RegExp][] = [
    ['missing file', '', ['--outcome', 'y'], 3, /nope\.csv: cannot read table: no such file/],
    ['empty file', '', ['--outcome', 'y'], 3, /empty\.csv: the file is empty/],
    ['header only', 'id,x,y\n', ['--outcome', 'y'], 3, /has a header but no data rows/],
    ['duplicate column names', 'id,x,x,y\na,1,2,0\n', ['--outcome', 'y'], 3, /duplicate column name "x"/],
    ['duplicate ids', 'id,x,y\na,1,0\na,2,1\n', ['--id', 'id', '--outcome', 'y'], 3, /duplicate id "a" in column "id" on line 2 and line 3/],
    ['ragged rows', 'id,x,y\na,1,0\nb,2\n', ['--outcome', 'y'], 3, /line 3 has 2 fields, the header has 3/],
    ['non-numeric feature value', 'id,x,y\na,1,0\nb,two,1\nc,3,0\n', ['--outcome', 'y'], 3, /feature column "x" has a non-numeric value "two" on line 3/],
    ['decimal commas', 'id;x;y\na;1,5;0\nb;2,5;1\n', ['--outcome', 'y', '--delimiter', ';'], 3, /"1,5" on line 2 - this looks like a decimal comma/],
    ['unknown role column', 'id,x,y\na,1,0\nb,2,1\n', ['--outcome', 'outcome'], 3, /no column named "outcome" \(given to --outcome\)/],
    ['outcome with three values', 'id,x,y\na,1,0\nb,2,1\nc,3,2\n', ['--outcome', 'y'], 3, /has 3 distinct values \(0, 1, 2\)/],
    ['event values other than 0 and the event value', 'id,x,t,e\na,1,3,0\nb,2,4,2\n', ['--time', 't', '--event', 'e'], 3, /event column "e" has the value "2" on line 3/],
    ['negative time', 'id,x,t,e\na,1,-3,0\nb,2,4,1\n', ['--time', 't', '--event', 'e'], 3, /negative time \(-3\) on line 2/],
    ['Infinity', 'id,x,y\na,Inf,0\nb,2,1\n', ['--outcome', 'y'], 3, /feature column "x" has an infinite value \(Inf\) on line 2/],
    ['time without event', 'id,x,t\na,1,3\n', ['--time', 't'], 2, /--time needs --event too/],
    ['unknown option', 'id,x,y\na,1,0\n', ['--outcomes', 'y'], 2, /describe: Unknown option '--outcomes'/],
    ['bad --missing', 'id,x,y\na,1,0\n', ['--missing', 'zero'], 2, /--missing must be one of/],
  ];
  for (const [label, content, args, code, pattern] of cases) {
    it(label, async () => {
      const name = label === 'missing file' ? 'nope.csv' : label === 'empty file' ? 'empty.csv' : `${label.replace(/\W+/g, '-')}.csv`;
      const path = label === 'missing file' ? `${dir}/nope.csv` : writeFixture(dir, name, content);
      const r = await radsig(['describe', path, ...args]);
      expect(r.code).toBe(code);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^radsig: error: [^\n]+\n$/);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
    });
  }
});
