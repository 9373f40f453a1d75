/**
 * The computation that the browser bundle test runs in headless Chromium and again in Node: a CSV
 * parsed from bytes, a cross-validated elastic net, a Cox fit and a DeLong AUC on a small seeded
 * simulated cohort. It receives the radsig namespace (the browser bundle's or Node's) and returns
 * plain numbers, so that the two runs can be compared number by number.
 *
 * The cohort is simulated once (in Node) and handed to both runs as CSV text: Math.log and
 * Math.cos may differ in the last bit between V8 versions (Node 20 and a current Chromium do), so
 * simulating on each side would compare two slightly different data sets.
 */
import type * as Radsig from '../../src/browser.js';

export type RadsigApi = typeof Radsig;

/** Named lists of numbers (structured-clone friendly). */
export type WorkloadResult = Record<string, number[]>;

export function runWorkload(r: RadsigApi, csv: string): WorkloadResult {
  const { X, y, time, event, names } = readCohort(r, csv);

  // ---- estimator calls: the only lines that depend on the estimator signatures -------------------
  const cv = r.crossValidateElasticNet(new r.ElasticNet({ family: 'binomial', alpha: 0.5, nLambda: 30 }), X, y, { nFolds: 5, seed: 7, featureNames: names });
  const coef = cv.fit.coef(cv.lambdaMin);
  const cox = new r.CoxPH({ ties: 'efron' }).fit(X.selectColumns([0, 1, 2]), { time, event }, { featureNames: names.slice(0, 3) });
  const score = cv.fit.linearPredictor(X, cv.lambdaMin);
  // -------------------------------------------------------------------------------------------------

  const auc = r.aucDeLong(score, y);
  return {
    cvLambda: [...cv.lambda],
    cvm: [...cv.cvm],
    cvsd: [...cv.cvsd],
    lambdaMin: [cv.lambdaMin, cv.lambda1se],
    enetCoef: [coef.intercept, ...coef.beta],
    coxCoef: [...cox.coefficients],
    coxLogLik: [...cox.logLik],
    coxConcordance: [cox.concordance.estimate, cox.concordance.se],
    auc: [auc.estimate, auc.lower, auc.upper, auc.se],
  };
}

/** 150 patients, 8 features (3 informative), a binary outcome (mvi) and a censored survival time, as CSV. */
export function simulateCohortCsv(r: RadsigApi): string {
  const n = 150;
  const rng = new r.Rng(20260412);
  const lines = [['id', ...FEATURES, 'mvi', 'time', 'event'].join(',')];
  for (let i = 0; i < n; i++) {
    const x = FEATURES.map(() => rng.normal());
    const eta = 1.2 * x[0] - 0.8 * x[1] + 0.5 * x[2];
    const mvi = rng.bernoulli(1 / (1 + Math.exp(-eta))) ? 1 : 0;
    const tEvent = rng.exponential(0.1 * Math.exp(0.7 * x[0] + 0.4 * x[2]));
    const tCensor = rng.exponential(0.05);
    lines.push([`P${i + 1}`, ...x.map(String), mvi, String(Math.min(tEvent, tCensor)), tEvent <= tCensor ? 1 : 0].join(','));
  }
  return lines.join('\n') + '\n';
}

const FEATURES = Array.from({ length: 8 }, (_, j) => `original_firstorder_F${j + 1}`);

/** Reads the cohort from UTF-8 bytes (an ArrayBuffer), so that table parsing from bytes runs too. */
function readCohort(r: RadsigApi, csv: string) {
  const bytes = new TextEncoder().encode(csv);
  const table = r.parseTable(bytes.buffer, { source: 'cohort.csv' });
  const numeric = (name: string) => {
    const column = table.column(name);
    if (column.kind !== 'numeric') throw new Error(`${name} is not numeric`);
    return column.values;
  };
  const names = [...FEATURES];
  const X = r.Matrix64.fromColumns(names.map(numeric));
  return { X, y: numeric('mvi'), time: numeric('time'), event: numeric('event'), names };
}
