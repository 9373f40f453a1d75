/**
 * The conformance suite of DESIGN.md, run over every estimator through the one contract
 * (`fit(X, response, { featureNames, ... })`; transformers' `transform`, binary models'
 * `predictProbability`/`linearPredictor`, survival models' `riskScore`/`survivalAt`): defaults
 * documented, bad options and fit options rejected, feature names taken from the matrix and
 * checked (count, names, order) on new data, fitting twice gives identical results, toJSON/fromJSON
 * round trip predicts bit-identically, inputs are not mutated.
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
  signatureFromJSON,
  type BinaryModel,
  type FittedTransformer,
  type MatrixInput,
  type Response,
  type SurvivalModel,
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

type Family = 'transformer' | 'binary' | 'survival';

interface Case {
  name: string;
  family: Family;
  /** Source file and options interface whose fields must each document their default. */
  source: [string, string];
  defaults: object;
  make(options?: object): Estimator;
  /** The training matrix (with the columns of `names`, or the first `nFeatures` of them). */
  X: Matrix64;
  response: Response | null;
  /** Fit options besides featureNames (batch, icc). */
  extra?: object;
  /** After fitting (e.g. freeze an elastic-net path at a lambda). */
  after?(fitted: Fitted): Fitted;
  fromJSON(json: unknown): Fitted;
  /** Options of transform (ComBat's batch). */
  transformOptions?: object;
}

interface Estimator {
  fit(X: MatrixInput, response: Response | null, options: object): Fitted;
}
interface Fitted {
  readonly featureNames: readonly string[];
  toJSON(): object;
}

const narrowNames = names.slice(0, p - 1);
const cases: Case[] = [
  {
    name: 'ComBat',
    family: 'transformer',
    source: ['src/harmonize/combat/options.ts', 'ComBatOptions'],
    defaults: ComBat.defaults,
    make: (o) => new ComBat(o),
    X,
    response: null,
    extra: { batch },
    fromJSON: (j) => FittedComBat.fromJSON(j),
    transformOptions: { batch },
  },
  {
    name: 'Imputer',
    family: 'transformer',
    source: ['src/data/imputer.ts', 'ImputerOptions'],
    defaults: Imputer.defaults,
    make: (o) => new Imputer(o),
    X: withMissing,
    response: null,
    fromJSON: (j) => FittedImputer.fromJSON(j),
  },
  {
    name: 'VarianceFilter',
    family: 'transformer',
    source: ['src/select/variance-filter.ts', 'VarianceFilterOptions'],
    defaults: VarianceFilter.defaults,
    make: (o) => new VarianceFilter(o),
    X,
    response: null,
    fromJSON: (j) => FittedVarianceFilter.fromJSON(j),
  },
  {
    name: 'ReproducibilityFilter',
    family: 'transformer',
    source: ['src/select/reproducibility-filter.ts', 'ReproducibilityFilterOptions'],
    defaults: ReproducibilityFilter.defaults,
    make: (o) => new ReproducibilityFilter(o),
    X,
    response: null,
    extra: { icc: ratings },
    fromJSON: (j) => FittedReproducibilityFilter.fromJSON(j),
  },
  {
    name: 'RedundancyFilter',
    family: 'transformer',
    source: ['src/select/redundancy-filter.ts', 'RedundancyFilterOptions'],
    defaults: RedundancyFilter.defaults,
    make: (o) => new RedundancyFilter(o),
    X,
    response: y,
    fromJSON: (j) => FittedRedundancyFilter.fromJSON(j),
  },
  {
    name: 'ElasticNet signature (binomial)',
    family: 'binary',
    source: ['src/select/elastic-net/options.ts', 'ElasticNetOptions'],
    defaults: ElasticNet.defaults,
    make: (o) => new ElasticNet({ family: 'binomial', nLambda: 20, ...o }),
    X,
    response: y,
    after: (f) => (f as FittedElasticNet).signature((f as FittedElasticNet).lambda[10]),
    fromJSON: (j) => signatureFromJSON(j),
  },
  {
    name: 'ElasticNet signature (Cox)',
    family: 'survival',
    source: ['src/select/elastic-net/options.ts', 'ElasticNetOptions'],
    defaults: ElasticNet.defaults,
    make: (o) => new ElasticNet({ family: 'cox', nLambda: 20, ...o }),
    X,
    response: { time, event },
    after: (f) => (f as FittedElasticNet).signature((f as FittedElasticNet).lambda[10], { X, response: { time, event } }),
    fromJSON: (j) => signatureFromJSON(j),
  },
  {
    name: 'LogisticRegression',
    family: 'binary',
    source: ['src/models/logistic-options.ts', 'LogisticRegressionOptions'],
    defaults: LogisticRegression.defaults,
    make: (o) => new LogisticRegression(o),
    X: narrow,
    response: y,
    fromJSON: (j) => FittedLogisticRegression.fromJSON(j),
  },
  {
    name: 'CoxPH',
    family: 'survival',
    source: ['src/models/cox-options.ts', 'CoxPHOptions'],
    defaults: CoxPH.defaults,
    make: (o) => new CoxPH(o),
    X: narrow,
    response: { time, event },
    fromJSON: (j) => FittedCoxPH.fromJSON(j),
  },
  {
    name: 'RandomSurvivalForest',
    family: 'survival',
    source: ['src/models/forest-options.ts', 'RandomSurvivalForestOptions'],
    defaults: RandomSurvivalForest.defaults,
    make: (o) => new RandomSurvivalForest({ trees: 25, minNodeSize: 5, importance: true, ...o }),
    X,
    response: { time, event },
    fromJSON: (j) => FittedRandomSurvivalForest.fromJSON(j),
  },
];

/** The column names of a case's matrix. */
function namesOf(c: Case): string[] {
  return c.X.cols === p ? names : narrowNames;
}

/** Fits a case through the one contract: `fit(X, response, { featureNames, ...extra })`. */
function fitCase(c: Case, options?: object, X: Matrix64 = c.X, withNames = true): Fitted {
  const fitted = c.make(options).fit(X, c.response, { ...(withNames ? { featureNames: namesOf(c) } : {}), ...c.extra });
  return c.after ? c.after(fitted) : fitted;
}

/** What the fitted object computes on a matrix, through the family's one interface. */
function outputOf(c: Case, fitted: Fitted, X: MatrixInput): unknown {
  if (c.family === 'transformer') return (fitted as unknown as FittedTransformer).transform(X, c.transformOptions);
  if (c.family === 'binary') {
    const m = fitted as unknown as BinaryModel;
    return [m.linearPredictor(X), m.predictProbability(X)];
  }
  const m = fitted as unknown as SurvivalModel;
  return [m.riskScore(X), m.survivalAt(X, [0.5, 2, 8]).data];
}

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
  const cnames = namesOf(c);
  it('documents every default (@defaultValue) and rejects unknown or invalid options', () => {
    const docs = fieldDocs(...c.source);
    for (const key of Object.keys(c.defaults)) {
      expect(docs.get(key) ?? '', `${c.name} option ${key}`).toMatch(/@defaultValue/);
    }
    expect(() => c.make({ notAnOption: 1 })).toThrow(ParameterError);
    const first = Object.keys(c.defaults)[0];
    expect(() => c.make({ [first]: Symbol('bad') })).toThrow(ParameterError);
  });

  it('fits as fit(X, response, options), rejects unknown fit options, and takes feature names from the matrix', () => {
    const fitted = fitCase(c);
    expect(fitted.featureNames).toEqual(cnames);
    expect(() => c.make().fit(c.X, c.response, { featureNames: cnames, ...c.extra, notAFitOption: 1 })).toThrow(ParameterError);
    const fromMatrix = fitCase(c, undefined, c.X.withColumnNames(cnames), false);
    expect(fromMatrix.toJSON()).toEqual(fitted.toJSON());
    // names given twice must agree
    expect(() => c.make().fit(c.X.withColumnNames(cnames.map((n) => `${n}_other`)), c.response, { featureNames: cnames, ...c.extra })).toThrow(DataError);
  });

  it('fits twice to identical results without modifying its inputs', () => {
    const before = [X.data.slice(), y.slice(), time.slice(), event.slice(), withMissing.data.slice(), rater2.data.slice()];
    const a = fitCase(c);
    const b = fitCase(c);
    expect(b.toJSON()).toEqual(a.toJSON());
    expect(outputOf(c, b, c.X)).toEqual(outputOf(c, a, c.X));
    expect([X.data, y, time, event, withMissing.data, rater2.data]).toEqual(before);
  });

  it('round-trips through JSON text and predicts bit-identically', () => {
    const fitted = fitCase(c);
    const loaded = c.fromJSON(JSON.parse(JSON.stringify(fitted.toJSON())));
    expect(outputOf(c, loaded, c.X)).toEqual(outputOf(c, fitted, c.X));
    expect(JSON.stringify(loaded.toJSON())).toBe(JSON.stringify(fitted.toJSON()));
  });

  it('checks the features of new data: count, names, order; accepts number[][]', () => {
    const fitted = fitCase(c);
    const fewer = c.X.selectColumns(Int32Array.from({ length: c.X.cols - 1 }, (_, j) => j));
    expect(() => outputOf(c, fitted, fewer)).toThrow(DataError);
    const named = c.X.withColumnNames(cnames);
    expect(outputOf(c, fitted, named)).toEqual(outputOf(c, fitted, c.X));
    const reversed = Int32Array.from({ length: c.X.cols }, (_, j) => c.X.cols - 1 - j);
    expect(() => outputOf(c, fitted, named.selectColumns(reversed))).toThrow(/another order/);
    expect(() => outputOf(c, fitted, named.selectColumns(Int32Array.from({ length: c.X.cols - 1 }, (_, j) => j)))).toThrow(/lacks feature/);
    expect(outputOf(c, fitted, c.X.toRows())).toEqual(outputOf(c, fitted, c.X));
  });

  if (c.family === 'transformer') {
    it('transforms to a named matrix of its output columns', () => {
      const fitted = fitCase(c) as unknown as FittedTransformer;
      const out = fitted.transform(c.X, c.transformOptions);
      expect(out.columnNames).toEqual(fitted.outputNames);
      expect(out.rows).toBe(c.X.rows);
    });
  }
  if (c.family === 'binary') {
    it('predicts probabilities as the logistic of the linear predictor', () => {
      const m = fitCase(c) as unknown as BinaryModel;
      expect(m.family).toBe('binomial');
      const lp = m.linearPredictor(c.X);
      const prob = m.predictProbability(c.X);
      for (let i = 0; i < lp.length; i++) expect(Math.abs(prob[i] - 1 / (1 + Math.exp(-lp[i])))).toBeLessThanOrEqual(1e-15);
    });
  }
  if (c.family === 'survival') {
    it('gives a risk score per row and survival as rows x times, decreasing in time', () => {
      const m = fitCase(c) as unknown as SurvivalModel;
      const times = [0, 1, 3, 10, 1e6];
      const S = m.survivalAt(c.X, times);
      expect(m.riskScore(c.X).length).toBe(c.X.rows);
      expect([S.rows, S.cols]).toEqual([c.X.rows, times.length]);
      for (let i = 0; i < S.rows; i++) {
        expect(S.get(i, 0)).toBe(1);
        for (let k = 1; k < times.length; k++) expect(S.get(i, k)).toBeLessThanOrEqual(S.get(i, k - 1));
        expect(S.get(i, times.length - 1)).toBeGreaterThanOrEqual(0);
      }
      expect(() => m.survivalAt(c.X, [-1])).toThrow(DataError);
    });
  }
});
