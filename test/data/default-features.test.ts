import { describe, expect, it } from 'vitest';
import { buildDataset, describeTable, parseTable, readTable, resolveRoles, simulateCohort } from '../../src/index.js';
import { realData } from '../helpers/tmp.js';

const csv = (text: string) => parseTable(text, { source: 'f.csv' });

describe('default features: leakage by default is impossible (issue 12, A2)', () => {
  it('simulated cohort: other endpoints and clinical columns are never features by default', () => {
    const cohort = simulateCohort({ seed: 2, n: 60, features: 20, centers: 2, repeats: 0 });
    const data = buildDataset(cohort.features, { id: 'id', outcome: 'mvi', batch: 'center' });
    expect(data.featureNames).not.toContain('rfs_months');
    expect(data.featureNames).not.toContain('recurrence');
    expect(data.featureNames).not.toContain('age');
    expect(data.featureNames).toHaveLength(20);
    const report = data.roles.featureReport;
    expect(report.rule).toBe('pyradiomics');
    expect(report.warnings).toEqual([]);
    expect(report.leftOut).toEqual(
      ['scanner', 'age', 'sex', 'afp', 'tumor_size_cm', 'cirrhosis', 'rfs_months', 'recurrence'].map((column) => ({ column, reason: 'not a PyRadiomics feature name' })),
    );
    // clinical columns enter when named
    const withAge = buildDataset(cohort.features, { id: 'id', outcome: 'mvi', batch: 'center', covariates: ['age'] });
    expect(withAge.covariates.map((c) => c.name)).toEqual(['age']);
    expect(withAge.featureNames).toHaveLength(20);
  });

  it('region-prefixed PyRadiomics names (HCC-TACE-Seg): exactly the 420 features, Target left out', () => {
    const roles = resolveRoles(readTable(realData('HCC-TACE-Seg.csv.gz')), { id: 'ID' });
    expect(roles.features).toHaveLength(420);
    expect(roles.features.every((f) => /^(Mass|Liver|Portal_vein|Abdominal_aorta)_/.test(f))).toBe(true);
    expect(roles.featureReport.leftOut).toEqual([{ column: 'Target', reason: 'not a PyRadiomics feature name' }]);
  });

  it('a table without PyRadiomics names: every numeric column without a role, with a warning naming them; text and boolean columns named', () => {
    const t = csv('id,age,sex,smoker,x1,x2,y\na,50,M,TRUE,0.1,1,0\nb,60,F,FALSE,0.2,2,1\nc,70,F,TRUE,0.3,4,0\n');
    const roles = resolveRoles(t, { id: 'id', outcome: 'y' });
    expect(roles.features).toEqual(['age', 'x1', 'x2']);
    expect(roles.featureReport.rule).toBe('numeric');
    expect(roles.featureReport.leftOut).toEqual([
      { column: 'sex', reason: 'text' },
      { column: 'smoker', reason: 'boolean' },
    ]);
    expect(roles.featureReport.warnings[0]).toMatch(/^no column has a PyRadiomics feature name .* every numeric column without a role is a feature \(3: age, x1, x2\); name the features with features or leave columns out with exclude/);
    expect(roles.featureReport.warnings[1]).toBe('2 text or boolean columns are not features: sex, smoker');
  });

  it('R and pandas row names are never features: reported as row names; unnamed columns never features', () => {
    // write.csv: "" header, 1..n; pandas to_csv: empty header, 0..n-1; a re-read R file: X
    for (const [header, first] of [
      ['""', 1],
      ['', 0],
      ['Unnamed: 0', 0],
      ['X', 1],
    ] as const) {
      const t = csv(`${header},original_firstorder_Mean,y\n${first},0.5,0\n${first + 1},0.7,1\n${first + 2},0.2,0\n`);
      const d = describeTable(t, { outcome: 'y' });
      expect(d.features.names).toEqual(['original_firstorder_Mean']);
      expect(d.features.leftOut).toEqual([{ column: t.names[0], reason: 'row names' }]);
    }
    // also without PyRadiomics names, where every numeric column would otherwise be a feature
    const generic = csv('"",x,y\n1,0.5,0\n2,0.7,1\n3,0.2,0\n');
    expect(resolveRoles(generic, { outcome: 'y' }).features).toEqual(['x']);
    // an unnamed column that is not a row number is still never a feature by default
    const unnamed = csv('x,,y\n0.5,7,0\n0.7,3,1\n0.2,9,0\n');
    expect(resolveRoles(unnamed, { outcome: 'y' }).featureReport.leftOut).toEqual([{ column: '...2', reason: 'unnamed' }]);
  });

  it('a named row-number column in a generic table that is not first stays a feature', () => {
    const t = csv('y,x,k\n0,0.5,1\n1,0.7,2\n0,0.2,3\n');
    expect(resolveRoles(t, { outcome: 'y' }).features).toEqual(['x', 'k']);
  });
});

describe('the library speaks its own option names (issue 12, A3)', () => {
  const t = csv('id,x,y\na,1,0\nb,,1\nc,3,0\n');
  it('missing values: the hint names the library option and its values', () => {
    expect(() => buildDataset(t, { id: 'id', outcome: 'y' })).toThrow(/; use missing: "drop", "median" or "mean"$/);
    expect(() => buildDataset(t, { outcome: 'Y' })).toThrow(/no column named "Y" \(given to outcome\)/);
  });

  it('buildDataset accepts the command line\'s median and mean: features filled over the rows', () => {
    const median = buildDataset(t, { id: 'id', outcome: 'y' }, { missing: 'median' });
    expect(Array.from(median.X.column(0))).toEqual([1, 2, 3]);
    const mean = buildDataset(csv('id,x,y\na,1,0\nb,,1\nc,4,0\nd,10,1\n'), { id: 'id', outcome: 'y' }, { missing: 'mean' });
    expect(mean.X.get(1, 0)).toBe(5);
    expect(() => buildDataset(t, { outcome: 'y' }, { missing: 'zero' as 'drop' })).toThrow(/missing must be one of "error", "drop", "allow", "median", "mean", got "zero"/);
  });

  it('a naming function turns options into flags', () => {
    const flags = (option: string, value?: string | number | readonly string[]) => `--${option}${value === undefined ? '' : ` ${Array.isArray(value) ? value.join('|') : value}`}`;
    expect(() => buildDataset(t, { id: 'id', outcome: 'y' }, { optionName: flags })).toThrow(/; use --missing drop\|median\|mean$/);
  });
});
