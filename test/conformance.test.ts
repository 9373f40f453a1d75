/**
 * The conformance suite of DESIGN.md, run over every estimator: defaults documented, bad options
 * rejected, fitting twice gives identical results, toJSON/fromJSON round trip predicts
 * bit-identically, inputs are not mutated, a wrong number of features is rejected.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ComBat,
  CoxPH,
  DataError,
  ElasticNet,
  FittedComBat,
  FittedCoxPH,
  FittedElasticNet,
  FittedImputer,
  FittedLogisticRegression,
  FittedRandomSurvivalForest,
  FittedRedundancyFilter,
  FittedReproducibilityFilter,
  FittedVarianceFilter,
  Imputer,
  LogisticRegression,
  Matrix64,
  ParameterError,
  RandomSurvivalForest,
  RedundancyFilter,
  ReproducibilityFilter,
  Rng,
  VarianceFilter,
} from '../src/index.js';

// a small data set with a binary outcome, survival, batches and a second rater
const n = 90;
const p = 6;
const rng = new Rng(2024);
const columns = Array.from({ length: p }, (_, j) => Float64Array.from({ length: n }, () => rng.normal(j, 1 + j / 3)));
columns[5] = Float64Array.from(columns[0], (v) => v + rng.normal(0, 0.05)); // redundant with feature 1
const X = Matrix64.fromColumns(columns);
const names = Array.from({ length: p }, (_, j) => `f${j + 1}`);
const y = Float64Array.from({ length: n }, (_, i) => (rng.next() < 1 / (1 + Math.exp(-(X.get(i, 0) - 0.5 * X.get(i, 2) + 1))) ? 1 : 0));
const time = Float64Array.from({ length: n }, (_, i) => rng.exponential(0.1 * Math.exp(0.5 * X.get(i, 0))) + 0.01);
const event = Float64Array.from({ length: n }, () => (rng.next() < 0.7 ? 1 : 0));
const batch = Array.from({ length: n }, (_, i) => ['A', 'B', 'C'][i % 3]);
const rater2 = Matrix64.fromColumns(columns.map((c) => Float64Array.from(c, (v) => v + rng.normal(0, 0.3))));
const ratings = { subjects: Array.from({ length: n }, (_, i) => `s${i}`), raters: ['r1', 'r2'], featureNames: names, byRater: [X, rater2] };
const withMissing = X.clone();
withMissing.set(3, 1, NaN);
withMissing.set(7, 4, NaN);
const narrow = Matrix64.fromColumns(columns.slice(0, p - 1));

interface Case {
  name: string;
  /** Source file and options interface whose fields must each document their default. */
  source: [string, string];
  defaults: object;
  make(options?: object): unknown;
  fit(model: unknown): { toJSON(): object };
  fromJSON(json: unknown): unknown;
  /** A numeric output of the fitted object on the training data. */
  output(fitted: unknown): unknown;
  /** The same on data with one feature fewer (must throw a DataError). */
  narrow(fitted: unknown): unknown;
}

const cases: Case[] = [
  {
    name: 'ComBat',
    source: ['src/harmonize/combat.ts', 'ComBatOptions'],
    defaults: ComBat.defaults,
    make: (o) => new ComBat(o),
    fit: (m) => (m as ComBat).fit(X, batch, [], names),
    fromJSON: (j) => FittedComBat.fromJSON(j),
    output: (f) => (f as FittedComBat).transform(X, batch).data,
    narrow: (f) => (f as FittedComBat).transform(narrow, batch),
  },
  {
    name: 'Imputer',
    source: ['src/data/imputer.ts', 'ImputerOptions'],
    defaults: Imputer.defaults,
    make: (o) => new Imputer(o),
    fit: (m) => (m as Imputer).fit(withMissing, names),
    fromJSON: (j) => FittedImputer.fromJSON(j),
    output: (f) => (f as FittedImputer).transform(withMissing).data,
    narrow: (f) => (f as FittedImputer).transform(narrow),
  },
  {
    name: 'VarianceFilter',
    source: ['src/select/variance-filter.ts', 'VarianceFilterOptions'],
    defaults: VarianceFilter.defaults,
    make: (o) => new VarianceFilter(o),
    fit: (m) => (m as VarianceFilter).fit(X, names),
    fromJSON: (j) => FittedVarianceFilter.fromJSON(j),
    output: (f) => (f as FittedVarianceFilter).transform(X).data,
    narrow: (f) => (f as FittedVarianceFilter).transform(narrow),
  },
  {
    name: 'ReproducibilityFilter',
    source: ['src/select/reproducibility-filter.ts', 'ReproducibilityFilterOptions'],
    defaults: ReproducibilityFilter.defaults,
    make: (o) => new ReproducibilityFilter(o),
    fit: (m) => (m as ReproducibilityFilter).fit(ratings),
    fromJSON: (j) => FittedReproducibilityFilter.fromJSON(j),
    output: (f) => (f as FittedReproducibilityFilter).transform(X).data,
    narrow: (f) => (f as FittedReproducibilityFilter).transform(narrow),
  },
  {
    name: 'RedundancyFilter',
    source: ['src/select/redundancy-filter.ts', 'RedundancyFilterOptions'],
    defaults: RedundancyFilter.defaults,
    make: (o) => new RedundancyFilter(o),
    fit: (m) => (m as RedundancyFilter).fit(X, names),
    fromJSON: (j) => FittedRedundancyFilter.fromJSON(j),
    output: (f) => (f as FittedRedundancyFilter).transform(X).data,
    narrow: (f) => (f as FittedRedundancyFilter).transform(narrow),
  },
  {
    name: 'ElasticNet (binomial)',
    source: ['src/select/elastic-net.ts', 'ElasticNetOptions'],
    defaults: ElasticNet.defaults,
    make: (o) => new ElasticNet({ family: 'binomial', nLambda: 20, ...o }),
    fit: (m) => (m as ElasticNet).fit(X, y, { featureNames: names }),
    fromJSON: (j) => FittedElasticNet.fromJSON(j),
    output: (f) => (f as FittedElasticNet).linearPredictor(X, (f as FittedElasticNet).lambda[10]),
    narrow: (f) => (f as FittedElasticNet).linearPredictor(narrow, (f as FittedElasticNet).lambda[10]),
  },
  {
    name: 'ElasticNet (Cox)',
    source: ['src/select/elastic-net.ts', 'ElasticNetOptions'],
    defaults: ElasticNet.defaults,
    make: (o) => new ElasticNet({ family: 'cox', nLambda: 20, ...o }),
    fit: (m) => (m as ElasticNet).fit(X, { time, event }, { featureNames: names }),
    fromJSON: (j) => FittedElasticNet.fromJSON(j),
    output: (f) => (f as FittedElasticNet).linearPredictor(X, (f as FittedElasticNet).lambda[10]),
    narrow: (f) => (f as FittedElasticNet).linearPredictor(narrow, (f as FittedElasticNet).lambda[10]),
  },
  {
    name: 'LogisticRegression',
    source: ['src/models/logistic-regression.ts', 'LogisticRegressionOptions'],
    defaults: LogisticRegression.defaults,
    make: (o) => new LogisticRegression(o),
    fit: (m) => (m as LogisticRegression).fit(narrow, y, names.slice(0, p - 1)),
    fromJSON: (j) => FittedLogisticRegression.fromJSON(j),
    output: (f) => (f as FittedLogisticRegression).predict(narrow),
    narrow: (f) => (f as FittedLogisticRegression).predict(Matrix64.fromColumns(columns.slice(0, p - 2))),
  },
  {
    name: 'CoxPH',
    source: ['src/models/cox-ph.ts', 'CoxPHOptions'],
    defaults: CoxPH.defaults,
    make: (o) => new CoxPH(o),
    fit: (m) => (m as CoxPH).fit(narrow, time, event, names.slice(0, p - 1)),
    fromJSON: (j) => FittedCoxPH.fromJSON(j),
    output: (f) => [(f as FittedCoxPH).linearPredictor(narrow), ...(f as FittedCoxPH).survival(narrow, [0.5, 2, 8])],
    narrow: (f) => (f as FittedCoxPH).linearPredictor(Matrix64.fromColumns(columns.slice(0, p - 2))),
  },
  {
    name: 'RandomSurvivalForest',
    source: ['src/models/random-survival-forest.ts', 'RandomSurvivalForestOptions'],
    defaults: RandomSurvivalForest.defaults,
    make: (o) => new RandomSurvivalForest({ trees: 25, minNodeSize: 5, importance: true, ...o }),
    fit: (m) => (m as RandomSurvivalForest).fit(X, { time, event }, { featureNames: names }),
    fromJSON: (j) => FittedRandomSurvivalForest.fromJSON(j),
    output: (f) => (f as FittedRandomSurvivalForest).predict(X),
    narrow: (f) => (f as FittedRandomSurvivalForest).predict(narrow),
  },
];

/** The TSDoc of each field of an exported options interface. */
function fieldDocs(file: string, interfaceName: string): Map<string, string> {
  const text = readFileSync(join(import.meta.dirname, '..', file), 'utf8');
  const start = text.indexOf(`export interface ${interfaceName} {`);
  expect(start, `${interfaceName} in ${file}`).toBeGreaterThanOrEqual(0);
  const body = text.slice(start, text.indexOf('\n}', start));
  const docs = new Map<string, string>();
  const re = /(\/\*\*(?:[^*]|\*(?!\/))*\*\/)?\s*\n\s*(\w+)\??:/g;
  for (let m = re.exec(body); m !== null; m = re.exec(body)) docs.set(m[2], m[1] ?? '');
  return docs;
}

describe.each(cases)('$name conforms', (c) => {
  it('documents every default (@defaultValue) and rejects unknown or invalid options', () => {
    const docs = fieldDocs(...c.source);
    for (const key of Object.keys(c.defaults)) {
      expect(docs.get(key) ?? '', `${c.name} option ${key}`).toMatch(/@defaultValue/);
    }
    expect(() => c.make({ notAnOption: 1 })).toThrow(ParameterError);
    const first = Object.keys(c.defaults)[0];
    expect(() => c.make({ [first]: Symbol('bad') })).toThrow(ParameterError);
  });

  it('fits twice to identical results without modifying its inputs', () => {
    const before = [X.data.slice(), y.slice(), time.slice(), event.slice(), withMissing.data.slice(), rater2.data.slice()];
    const a = c.fit(c.make());
    const b = c.fit(c.make());
    expect(b.toJSON()).toEqual(a.toJSON());
    expect(c.output(b)).toEqual(c.output(a));
    expect([X.data, y, time, event, withMissing.data, rater2.data]).toEqual(before);
  });

  it('round-trips through JSON text and predicts bit-identically', () => {
    const fitted = c.fit(c.make());
    const loaded = c.fromJSON(JSON.parse(JSON.stringify(fitted.toJSON())));
    expect(c.output(loaded)).toEqual(c.output(fitted));
    expect(JSON.stringify((loaded as { toJSON(): object }).toJSON())).toBe(JSON.stringify(fitted.toJSON()));
  });

  it('rejects data with the wrong number of features', () => {
    const fitted = c.fit(c.make());
    expect(() => c.narrow(fitted)).toThrow(DataError);
  });
});
