import { describe, expect, it } from 'vitest';
import { buildDataset, DataError, ParameterError, parseTable, readTable, resolveRoles, type RoleSpec } from '../../src/index.js';
import { realData } from '../helpers/tmp.js';

const csv = (text: string) => parseTable(text, { source: 'f.csv' });

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('roles and datasets', () => {
  it('HCC-TACE-Seg: 420 features, binary outcome 72/12', () => {
    const data = buildDataset(readTable(realData('HCC-TACE-Seg.csv.gz')), { id: 'ID', outcome: 'Target' });
    expect(data.n).toBe(84);
    expect(data.X.cols).toBe(420);
    expect(data.featureNames).not.toContain('ID');
    expect(data.featureNames).not.toContain('Target');
    expect(Array.from(data.y!).filter((v) => v === 1).length).toBe(12);
    expect(data.outcomeLevels).toEqual(['0', '1']);
    expect(data.ids[0]).toBe('HCC_002');
  });

  it('PBC: event value 2 counts deaths, other values are censored; drop removes incomplete rows', () => {
    const table = readTable(realData('pbc.csv.gz'));
    const spec: RoleSpec = { id: 'id', time: 'time', event: 'status', eventValue: 2, features: ['age', 'bili', 'albumin', 'edema'] };
    const data = buildDataset(table, spec);
    expect(data.n).toBe(418);
    expect(Array.from(data.event!).reduce((a, b) => a + b, 0)).toBe(161);
    expect(() => buildDataset(table, { ...spec, features: ['age', 'chol'] })).toThrow(/missing values in 1 column: "chol" \(134 rows, first on line 15\); use missing: "drop", "median" or "mean"$/);
    const dropped = buildDataset(table, { ...spec, features: ['age', 'chol'] }, { missing: 'drop' });
    expect(dropped.n).toBe(418 - 134);
    expect(dropped.droppedRows.length).toBe(134);
    const allowed = buildDataset(table, { ...spec, features: ['age', 'chol'] }, { missing: 'allow' });
    expect(allowed.n).toBe(418);
    expect(Number.isNaN(allowed.X.get(13, 1))).toBe(true);
  });

  it('default features: remaining numeric columns, never bookkeeping', () => {
    const t = csv('id,diagnostics_Versions_PyRadiomics,Image,Mask,original_glcm_Contrast,site,y\n1,3,1,1,0.5,A,0\n2,3,1,1,0.7,B,1\n');
    const roles = resolveRoles(t, { id: 'id', outcome: 'y' });
    expect(roles.features).toEqual(['original_glcm_Contrast']);
    expect(() => resolveRoles(t, { features: ['diagnostics_Versions_PyRadiomics'] })).toThrow(/bookkeeping/);
  });

  it('--positive selects the positive class of a text outcome', () => {
    const t = csv('id,x,y\na,1,yes\nb,2,no\nc,3,yes\n');
    const data = buildDataset(t, { id: 'id', outcome: 'y', positive: 'yes' });
    expect(Array.from(data.y!)).toEqual([1, 0, 1]);
    expect(data.outcomeLevels).toEqual(['no', 'yes']);
  });

  describe('bad input: DataError with file, column and line', () => {
    const cases: [string, string, RoleSpec, string, RegExp][] = [
      ['duplicate ids', 'id,x,y\na,1,0\nb,2,1\na,3,0\n', { id: 'id', outcome: 'y' }, 'DATA_DUPLICATE_ID', /^f\.csv: duplicate id "a" in column "id" on line 2 and line 4$/],
      ['non-numeric feature', 'id,x,y\na,1,0\nb,oops,1\nc,3,0\n', { id: 'id', outcome: 'y' }, 'DATA_NOT_NUMERIC', /feature column "x" has a non-numeric value "oops" on line 3; leave it out with exclude if it is not a feature/],
      ['non-numeric named feature', 'id,x,y\na,1,0\nb,oops,1\nc,3,0\n', { id: 'id', outcome: 'y', features: ['x'] }, 'DATA_NOT_NUMERIC', /feature column "x" has a non-numeric value "oops" on line 3$/],
      ['decimal comma', 'id\tx\ty\na\t1,5\t0\nb\t2,25\t1\n', { id: 'id', outcome: 'y' }, 'DATA_NOT_NUMERIC', /"1,5" on line 2 - this looks like a decimal comma/],
      ['unknown column', 'id,x,y\na,1,0\nb,2,1\n', { id: 'id', outcome: 'Y' }, 'DATA_UNKNOWN_COLUMN', /no column named "Y" \(given to outcome\) \(did you mean "y"\?\)/],
      ['outcome with three values', 'id,x,y\na,1,0\nb,2,1\nc,3,2\n', { outcome: 'y' }, 'DATA_NOT_BINARY', /outcome column "y" has 3 distinct values \(0, 1, 2\); a binary outcome needs exactly two/],
      ['outcome with one value', 'id,x,y\na,1,0\nb,2,0\n', { outcome: 'y' }, 'DATA_ONE_CLASS', /outcome column "y" has only 1 value \(0\)/],
      ['positive value absent', 'id,x,y\na,1,no\nb,2,yes\n', { outcome: 'y' }, 'DATA_NO_SUCH_VALUE', /outcome column "y" has no value "1" \(values present: "no", "yes"\); give the positive value with positive$/],
      ['bad event value', 'id,x,t,e\na,1,5,0\nb,2,6,2\n', { time: 't', event: 'e' }, 'DATA_BAD_EVENT', /event column "e" has the value "2" on line 3; expected 0 \(censored\) or the event value "1"/],
      ['negative time', 'id,x,t,e\na,1,-5,0\nb,2,3,1\n', { time: 't', event: 'e' }, 'DATA_BAD_TIME', /a negative time \(-5\) on line 2/],
      ['infinite feature', 'id,x,y\na,Inf,0\nb,2,1\n', { outcome: 'y' }, 'DATA_INFINITE', /feature column "x" has an infinite value \(Inf\) on line 2/],
      ['infinite time', 'id,x,t,e\na,1,Infinity,0\nb,2,3,1\n', { time: 't', event: 'e' }, 'DATA_INFINITE', /time column "t" has an infinite value on line 2/],
      ['missing features', 'id,x,z,y\na,,1,0\nb,2,,1\nc,,3,1\n', { outcome: 'y' }, 'DATA_MISSING', /missing values in 2 columns: "x" \(2 rows, first on line 2\), "z" \(1 row, first on line 3\)/],
      ['no features', 'id,y\na,0\nb,1\n', { id: 'id', outcome: 'y' }, 'DATA_NO_FEATURES', /no feature columns/],
      ['name in another Unicode form', 'id,x,Gro\u0308sse\na,1,0\nb,2,1\n', { id: 'id', outcome: 'Gr\u00f6sse' }, 'DATA_UNKNOWN_COLUMN', /no column named "Gr\u00f6sse" \(given to outcome\) \(there is "Gro\u0308sse", which looks the same but differs in another Unicode form \(NFC and NFD spell accented letters differently\): rename one so that they match\)/],
      ['name with a zero-width space', 'id,x,\u200by\na,1,0\nb,2,1\n', { id: 'id', outcome: 'y' }, 'DATA_UNKNOWN_COLUMN', /no column named "y" \(given to outcome\) \(there is "\u200by", which looks the same but differs in invisible characters/],
    ];
    for (const [label, text, spec, code, pattern] of cases) {
      it(label, () => {
        const error = errorOf(() => buildDataset(csv(text), spec));
        expect(error).toBeInstanceOf(DataError);
        expect((error as DataError).code).toBe(code);
        expect(error.message).toMatch(pattern);
      });
    }
  });

  it('contradictory options are usage errors', () => {
    const t = csv('id,x,t,e\na,1,5,0\nb,2,6,1\n');
    expect(() => resolveRoles(t, { time: 't' })).toThrow(ParameterError);
    expect(() => resolveRoles(t, { features: ['x'], exclude: ['id'] })).toThrow(ParameterError);
    expect(() => resolveRoles(t, { time: 't', event: 'e', features: ['t'] })).toThrow(/given two roles/);
    expect(() => resolveRoles(t, { features: ['x', 'x'] })).toThrow(/twice/);
  });
});

describe('an event column coded 1/2 is read as survival::Surv reads it', () => {
  const text = 'id,x,t,e\na,1,5,1\nb,2,6,2\nc,3,7,2\nd,4,8,1\n';
  it('2 = event, 1 = censored, with a warning; an event value given wins; 0/1/2 still needs one', () => {
    const data = buildDataset(parseTable(text, { source: 's.csv' }), { id: 'id', time: 't', event: 'e', features: ['x'] });
    expect(Array.from(data.event!)).toEqual([0, 1, 1, 0]);
    expect(data.roles.featureReport.warnings).toContain('event column "e" is coded 1/2: read as survival::Surv reads it, 2 = event and 1 = censored (give eventValue to choose)');
    const chosen = buildDataset(parseTable(text, { source: 's.csv' }), { id: 'id', time: 't', event: 'e', eventValue: '1', features: ['x'] });
    expect(Array.from(chosen.event!)).toEqual([1, 0, 0, 1]);
    expect(() => buildDataset(parseTable('id,x,t,e\na,1,5,0\nb,2,6,2\nc,3,7,1\n', { source: 's.csv' }), { time: 't', event: 'e', features: ['x'] })).toThrow(/event column "e" has the value "2" on line 3/);
  });
});

describe('outcomeLevels: a table read against another table\'s outcome values (issue 20)', () => {
  it('an external set of negatives only is read, with the development levels; a foreign value is refused', () => {
    const t = csv('id,y,original_firstorder_A\n1,no,1.5\n2,no,2.5\n3,no,0.5\n');
    const d = buildDataset(t, { id: 'id', outcome: 'y', positive: 'yes' }, { outcomeLevels: ['no', 'yes'] });
    expect(Array.from(d.y!)).toEqual([0, 0, 0]);
    expect(d.outcomeLevels).toEqual(['no', 'yes']);
    expect(() => buildDataset(t, { id: 'id', outcome: 'y', positive: 'yes' })).toThrow(/has only 1 value/);
    const numeric = csv('id,y,original_firstorder_A\n1,1.0,1.5\n2,0,2.5\n3,2,0.5\n');
    expect(() => buildDataset(numeric, { id: 'id', outcome: 'y' }, { outcomeLevels: ['0', '1'] })).toThrow('f.csv: outcome column "y" has the value "2", not one of the development table\'s "0" and "1"');
  });
});
