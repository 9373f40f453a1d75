import { describe, expect, it } from 'vitest';
import { computeIcc, DataError, ICC_FORMS, Matrix64, parseTable, readTable, repeatedRatingsFromLong, repeatedRatingsFromPair, type RepeatedRatings, toTable } from '../../src/index.js';
import { expectClose, golden } from '../helpers/golden.js';
import { realData } from '../helpers/tmp.js';

const ref = golden('icc.json');
const FIELDS = ['icc', 'f', 'df1', 'df2', 'p', 'lower', 'upper'] as const;

function expectForms(actual: ReturnType<typeof computeIcc>['features'][number], expected: Record<string, Record<string, number>>, label: string) {
  for (const e of Object.values(expected)) {
    const form = e.form as unknown as (typeof ICC_FORMS)[number];
    const a = actual.forms[form];
    expectClose(FIELDS.map((f) => a[f]), FIELDS.map((f) => e[f]), 1e-8, 1e-12, `${label} ${form}`);
  }
}

describe('ICC agrees with psych::ICC(x, lmer = FALSE) (rtol 1e-8)', () => {
  const sf: number[][] = ref.shrout_fleiss.ratings;
  const sfRatings: RepeatedRatings = {
    subjects: sf.map((_, i) => `t${i + 1}`),
    raters: ['1', '2', '3', '4'],
    featureNames: ['score'],
    byRater: [0, 1, 2, 3].map((r) => Matrix64.fromColumns([sf.map((row) => row[r])])),
  };

  it("Shrout & Fleiss' Table 2 (6 targets, 4 judges), 95% and 90% intervals", () => {
    expectForms(computeIcc(sfRatings).features[0], ref.shrout_fleiss.forms, 'SF 95%');
    expectForms(computeIcc(sfRatings, { level: 0.9 }).features[0], ref.shrout_fleiss.forms90, 'SF 90%');
    // the values Shrout & Fleiss print
    const f = computeIcc(sfRatings).features[0].forms;
    expect([f.ICC1.icc, f.ICC2.icc, f.ICC3.icc].map((x) => Math.round(x * 100) / 100)).toEqual([0.17, 0.29, 0.71]);
  });

  const hcc = readTable(realData('HCC-TACE-Seg.csv.gz'));
  const features: string[] = ref.hcc.features;
  const reader = (k: number) => (k === 1 ? Matrix64.fromColumns(features.map((f) => hcc.column(f).values as Float64Array)) : Matrix64.fromColumns(ref.hcc[`reader${k}`]));

  it('100 HCC-TACE-Seg features with a simulated second segmentation', () => {
    const result = computeIcc({ subjects: ref.hcc.ids, raters: ['1', '2'], featureNames: features, byRater: [reader(1), reader(2)] });
    expect(result.features.length).toBe(100);
    features.forEach((f, j) => expectForms(result.features[j], ref.hcc.two_readers[f], f));
  });

  it('three segmentations, 90% intervals', () => {
    const result = computeIcc({ subjects: ref.hcc.ids, raters: ['1', '2', '3'], featureNames: features, byRater: [reader(1), reader(2), reader(3)] }, { level: 0.9 });
    features.forEach((f, j) => expectForms(result.features[j], ref.hcc.three_readers_alpha10[f], f));
  });
});

describe('repeated ratings input', () => {
  const long = parseTable('id,reader,a,b\np1,1,1.0,5\np1,2,1.1,5.5\np2,1,2.0,7\np2,2,2.2,6\np3,2,3.1,9\np3,1,2.9,8\n', { source: 'repeats.csv' });

  it('long tables and paired tables give the same ratings', () => {
    const fromLong = repeatedRatingsFromLong(long, { subject: 'id', rater: 'reader' });
    expect(fromLong.featureNames).toEqual(['a', 'b']);
    expect(fromLong.subjects).toEqual(['p1', 'p2', 'p3']);
    const test = toTable([{ id: 'p1', a: 1.0, b: 5 }, { id: 'p2', a: 2.0, b: 7 }, { id: 'p3', a: 2.9, b: 8 }], 'test');
    const retest = toTable([{ id: 'p3', a: 3.1, b: 9 }, { id: 'p1', a: 1.1, b: 5.5 }, { id: 'p2', a: 2.2, b: 6 }], 'retest');
    const fromPair = repeatedRatingsFromPair(test, retest, { id: 'id' });
    const a = computeIcc(fromLong).features;
    const b = computeIcc(fromPair).features;
    expect(b.map((f) => f.forms.ICC2.icc)).toEqual(a.map((f) => f.forms.ICC2.icc));
  });

  it('unbalanced or missing cells are errors naming the subject', () => {
    const missingRater = parseTable('id,reader,a\np1,1,1\np1,2,1.1\np2,1,2\n', { source: 'r.csv' });
    expect(() => repeatedRatingsFromLong(missingRater, { subject: 'id', rater: 'reader' })).toThrow(/r\.csv: subject "p2" has no row for rater "2"/);
    const twice = parseTable('id,reader,a\np1,1,1\np1,1,1.1\n', { source: 'r.csv' });
    expect(() => repeatedRatingsFromLong(twice, { subject: 'id', rater: 'reader' })).toThrow(/subject "p1" has two rows for rater "1" \(line 2 and line 3\)/);
    const missingValue = parseTable('id,reader,a\np1,1,1\np1,2,\np2,1,2\np2,2,3\n', { source: 'r.csv' });
    expect(() => repeatedRatingsFromLong(missingValue, { subject: 'id', rater: 'reader' })).toThrow(/subject "p1" has a missing value of "a" on line 3/);
    const test = toTable([{ id: 'p1', a: 1 }, { id: 'p2', a: 2 }], 'test');
    const retest = toTable([{ id: 'p1', a: 1 }, { id: 'p9', a: 2 }], 'retest');
    expect(() => repeatedRatingsFromPair(test, retest, { id: 'id' })).toThrow(/retest: subject "p2" of test has no row here/);
    expect(() => computeIcc({ subjects: ['a'], raters: ['1', '2'], featureNames: ['x'], byRater: [Matrix64.fromRows([[1]]), Matrix64.fromRows([[1]])] })).toThrow(DataError);
  });

  it('unknown columns are named with the option that gave them: the library speaks options, the command line flags', () => {
    expect(() => repeatedRatingsFromLong(long, { subject: 'patient', rater: 'reader' })).toThrow(/repeats\.csv: no column named "patient" \(given to subject\)/);
    expect(() => repeatedRatingsFromLong(long, { subject: 'id', rater: 'reader', features: ['a', 'c'] })).toThrow(/no column named "c" \(given to features\)/);
    expect(() => repeatedRatingsFromLong(long, { subject: 'id', rater: 'segmentation', optionName: (o) => `--${o}` })).toThrow(/no column named "segmentation" \(given to --rater\)/);
    const test = toTable([{ id: 'p1', a: 1 }], 'test');
    expect(() => repeatedRatingsFromPair(test, test, { id: 'key' })).toThrow(/test: no column named "key" \(given to id\)/);
  });

  it('perfect agreement gives ICC 1; no variance gives undefined ICC', () => {
    const r = computeIcc({
      subjects: ['a', 'b', 'c'],
      raters: ['1', '2'],
      featureNames: ['same', 'flat'],
      byRater: [Matrix64.fromRows([[1, 4], [2, 4], [3, 4]]), Matrix64.fromRows([[1, 4], [2, 4], [3, 4]])],
    });
    expect(r.features[0].forms.ICC2).toMatchObject({ icc: 1, lower: 1, upper: 1, p: 0 });
    expect(Number.isNaN(r.features[1].forms.ICC2.icc)).toBe(true);
  });
});
