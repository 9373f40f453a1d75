import { describe, expect, it } from 'vitest';
import { buildDataset, ElasticNet, Matrix64, readTable, type FittedElasticNet } from '../../src/index.js';
import { BinomialFamily, CoxFamily } from '../../src/select/glm-families.js';
import { expectClose, golden } from '../helpers/golden.js';
import { realData } from '../helpers/tmp.js';

const ref = golden('elastic-net.json');

export function loadCase(name: string): { X: Matrix64; y?: Float64Array; time?: Float64Array; event?: Float64Array; names: string[] } {
  if (name === 'hcc' || name === 'crlm' || name === 'hcc_surv') {
    const file = name === 'crlm' ? 'Colorectal-Liver-Metastases.csv.gz' : 'HCC-TACE-Seg.csv.gz';
    const data = buildDataset(readTable(realData(file)), { id: 'ID', outcome: 'Target' });
    if (name === 'hcc_surv') return { X: data.X, time: Float64Array.from(ref.hcc_surv_data.time), event: Float64Array.from(ref.hcc_surv_data.status), names: data.featureNames };
    return { X: data.X, y: Float64Array.from(data.y!), names: data.featureNames };
  }
  const pbc = readTable(realData('pbc.csv.gz'));
  const rows: number[] = (ref.pbc_rows as number[]).map((r) => r - 1);
  const vars: string[] = ref.pbc_vars;
  const X = Matrix64.fromColumns(vars.map((v) => Float64Array.from(rows, (i) => (pbc.column(v).values as Float64Array)[i])));
  const status = pbc.column('status').values as Float64Array;
  return { X, time: Float64Array.from(rows, (i) => (pbc.column('time').values as Float64Array)[i]), event: Float64Array.from(rows, (i) => (status[i] === 2 ? 1 : 0)), names: vars };
}

/** glmnet's penalized objective at original-scale coefficients (unit weights, standardized penalty). */
export function objective(c: ReturnType<typeof loadCase>, family: 'binomial' | 'cox', alpha: number, lambda: number, a0: number, beta: ArrayLike<number>): number {
  const { X } = c;
  const n = X.rows;
  const w = new Float64Array(n).fill(1 / n);
  const eta = new Float64Array(n).fill(a0);
  let pen = 0;
  for (let j = 0; j < X.cols; j++) {
    const col = X.column(j);
    let m = 0;
    for (let i = 0; i < n; i++) m += col[i] / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (col[i] - m) ** 2 / n;
    const bs = beta[j] * Math.sqrt(ss);
    pen += 0.5 * (1 - alpha) * bs * bs + alpha * Math.abs(bs);
    if (beta[j] !== 0) for (let i = 0; i < n; i++) eta[i] += beta[j] * col[i];
  }
  const fam = family === 'binomial' ? new BinomialFamily(c.y!, w) : new CoxFamily(c.time!, c.event!, w, 'breslow');
  return fam.loss(eta) + lambda * pen;
}

const cases: [string, 'binomial' | 'cox'][] = [
  ['hcc', 'binomial'],
  ['crlm', 'binomial'],
  ['pbc', 'cox'],
  ['hcc_surv', 'cox'],
];

describe('ElasticNet paths agree with glmnet 4.1 (thresh 1e-12 on both sides)', () => {
  for (const [name, family] of cases) {
    const data = loadCase(name);
    for (const alpha of [1, 0.5]) {
      it(`${name}, ${family}, alpha ${alpha}`, () => {
        const r = ref[name][`alpha${alpha}`].path;
        const fit: FittedElasticNet = new ElasticNet({ family, alpha, thresh: 1e-12 }).fit(data.X, family === 'binomial' ? data.y! : { time: data.time!, event: data.event! }, { featureNames: data.names });
        // the default lambda sequence, including where glmnet stops early
        expectClose(fit.lambda, r.lambda, 1e-10, 0, 'lambda');
        const lambdaMax = r.lambda[0];
        let worstCoef = 0;
        for (let k = 0; k < r.lambda.length; k++) {
          if (r.lambda[k] < 0.05 * lambdaMax) break;
          const b: number[] = r.beta[k];
          const scale = Math.max(1e-300, ...b.map(Math.abs));
          for (let j = 0; j < b.length; j++) worstCoef = Math.max(worstCoef, Math.abs(fit.beta[k][j] - b[j]) / (scale === 1e-300 ? 1 : scale));
          // radsig's penalized objective is never worse than glmnet's
          const ours = objective(data, family, alpha, r.lambda[k], fit.a0[k], fit.beta[k]);
          const theirs = objective(data, family, alpha, r.lambda[k], family === 'binomial' ? r.a0[k] : 0, b);
          expect(ours).toBeLessThanOrEqual(theirs + 1e-9 * Math.abs(theirs));
          expectClose([fit.devRatio[k]], [r.dev_ratio[k]], 1e-6, 1e-9, `devRatio[${k}]`);
        }
        expect(worstCoef).toBeLessThan(1e-5);
        expect(Array.from(fit.df).slice(0, r.df.length)).toEqual(r.df.map((d: number) => d));
      });
    }
  }
});

describe('cross-validation agrees with cv.glmnet (same foldid and lambda; cvm, cvsd rtol 1e-5)', () => {
  for (const [name, family] of cases) {
    const data = loadCase(name);
    for (const alpha of [1, 0.5]) {
      // every measure at alpha 1; deviance at alpha 0.5 (the fits behind the measures are the same)
      const measures = alpha === 0.5 ? ['deviance'] : family === 'binomial' ? ['deviance', 'class', 'auc'] : ['deviance', 'C'];
      for (const measure of measures) {
        it(`${name}, alpha ${alpha}, ${measure}`, async () => {
          const { crossValidateElasticNet } = await import('../../src/index.js');
          const r = ref[name][`alpha${alpha}`];
          const cv = r.cv[measure];
          const foldId = cv.folds === 5 ? ref[name].foldid5 : ref[name].foldid10;
          const model = new ElasticNet({ family, alpha, lambda: r.path.lambda, thresh: 1e-12 });
          const response = family === 'binomial' ? data.y! : { time: data.time!, event: data.event! };
          const result = crossValidateElasticNet(model, data.X, response, { foldId, measure: measure as never });
          expectClose(result.cvm, cv.cvm, 1e-5, 1e-12, 'cvm');
          expectClose(result.cvsd, cv.cvsd, 1e-5, 1e-12, 'cvsd');
          expect(result.lambdaMin).toBe(cv.lambda_min);
          expect(result.lambda1se).toBe(cv.lambda_1se);
          // at the first lambda (lambda max itself) a coefficient is zero or tiny depending on rounding (glmnet: 0 or 1)
          expect(result.nzero[0]).toBeLessThanOrEqual(1);
          expect(Array.from(result.nzero).slice(1)).toEqual(cv.nzero.slice(1));
        });
      }
    }
  }
});

describe('crossValidateElasticNet with more folds than observations (issue 20)', () => {
  it('uses leave-one-out, says so in a warning and records the folds used', async () => {
    const { crossValidateElasticNet } = await import('../../src/index.js');
    const n = 12;
    const X = Matrix64.fromColumns([Array.from({ length: n }, (_, i) => Math.sin(i)), Array.from({ length: n }, (_, i) => Math.cos(2 * i))]);
    const y = Array.from({ length: n }, (_, i) => (Math.sin(i) + 0.5 * Math.cos(5 * i) > 0 ? 1 : 0));
    const cv = crossValidateElasticNet(new ElasticNet({ alpha: 1 }), X, y, { nFolds: 151, seed: 1 });
    expect(cv.nFolds).toBe(n);
    expect(new Set(cv.foldId).size).toBe(n);
    expect(cv.warnings).toContain(`crossValidateElasticNet: nFolds is 151, more than the ${n} observations; ${n} folds were used (leave-one-out)`);
    const ten = crossValidateElasticNet(new ElasticNet({ alpha: 1 }), X, y, { nFolds: 4, seed: 1 });
    expect(ten.nFolds).toBe(4);
    expect(ten.warnings.some((w) => /nFolds/.test(w))).toBe(false);
  });
});
