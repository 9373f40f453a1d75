import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDataset, DataError, FittedRandomSurvivalForest, logRankTest, Matrix64, ModelFormatError, ParameterError, RandomSurvivalForest, readTable, Rng, fitRandomSurvivalForestParallel } from '../../src/index.js';
import { golden } from '../helpers/golden.js';
import { realData } from '../helpers/tmp.js';

const ref = golden('random-survival-forest.json');
const pbc = buildDataset(readTable(realData('pbc.csv.gz')), { time: 'time', event: 'status', eventValue: '2', features: ref.pbc.features }, { missing: 'drop' });
const hcc = buildDataset(readTable(realData('HCC-TACE-Seg.csv.gz')), { id: 'ID', outcome: 'Target' });
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The first `rows` rows of PBC on a few features (small enough for brute-force checks). */
function smallPbc(rows: number, features = ['age', 'bili', 'albumin', 'protime', 'copper']) {
  const cols = features.map((f) => Float64Array.from(pbc.X.column(pbc.featureNames.indexOf(f)).subarray(0, rows)));
  return { X: Matrix64.fromColumns(cols), time: pbc.time!.subarray(0, rows), event: pbc.event!.subarray(0, rows), names: features };
}

describe('RandomSurvivalForest out-of-bag C agrees with ranger 0.14 (mean of 5 seeds within 0.01)', () => {
  const cases = [
    ['PBC, bootstrap, mtry 4, min node size 15', pbc.X, pbc.time!, pbc.event!, ref.pbc.bootstrap],
    ['PBC, subsamples of 0.632 n, mtry 6, min node size 5', pbc.X, pbc.time!, pbc.event!, ref.pbc.subsample],
    ['HCC-TACE-Seg with simulated survival, 420 features, mtry 21', hcc.X, Float64Array.from(ref.hcc.time), Float64Array.from(ref.hcc.status), ref.hcc.bootstrap],
  ] as const;
  for (const [label, X, time, event, r] of cases) {
    it(label, () => {
      expect(X.rows).toBe(label.startsWith('PBC') ? ref.pbc.n : ref.hcc.n);
      const cs: number[] = [];
      for (let seed = 1; seed <= 5; seed++) {
        const fit = new RandomSurvivalForest({ trees: r.num_trees, mtry: r.mtry, minNodeSize: r.min_node_size, replace: r.replace, sampleFraction: r.sample_fraction, seed }).fit(X, { time: time, event: event });
        cs.push(fit.oobCIndex!);
      }
      expect(Math.abs(mean(cs) - mean(r.harrell_c))).toBeLessThan(0.01);
      expect(Math.abs(mean(cs) - mean(r.ranger_c))).toBeLessThan(0.01);
    });
  }
});

describe('RandomSurvivalForest splits', () => {
  const d = smallPbc(150);
  const stump = (options: object) => new RandomSurvivalForest({ trees: 1, mtry: 5, replace: false, sampleFraction: 1, maxDepth: 1, minNodeSize: 10, ...options }).fit(d.X, { time: d.time, event: d.event }, { featureNames: d.names });

  /** Every admissible split (feature, midpoint) with its left-child mask. */
  function candidates(minNodeSize: number): { feature: number; value: number; left: boolean[] }[] {
    const out: { feature: number; value: number; left: boolean[] }[] = [];
    for (let j = 0; j < d.X.cols; j++) {
      const col = Array.from(d.X.column(j));
      const values = [...new Set(col)].sort((a, b) => a - b);
      for (let k = 0; k + 1 < values.length; k++) {
        let value = (values[k] + values[k + 1]) / 2;
        if (value === values[k + 1]) value = values[k];
        const left = col.map((x) => x <= value);
        const nLeft = left.filter(Boolean).length;
        if (nLeft >= minNodeSize && col.length - nLeft >= minNodeSize) out.push({ feature: j, value, left });
      }
    }
    return out;
  }

  it('log-rank: the root split maximizes survdiff chi-square over every admissible split', () => {
    const tree = stump({}).trees[0];
    let best = { chisq: -1, feature: -1, value: 0 };
    for (const c of candidates(10)) {
      const { chisq } = logRankTest(d.time, d.event, c.left.map((l) => (l ? 'L' : 'R')));
      if (chisq > best.chisq) best = { chisq, feature: c.feature, value: c.value };
    }
    expect(tree.splitVar[0]).toBe(best.feature);
    expect(tree.splitValue[0]).toBe(best.value);
    expect(tree.splitVar.length).toBe(3);
  });

  it('log-rank score: the root split maximizes the standardized score sum', () => {
    const tree = stump({ split: 'logrankscore' }).trees[0];
    const n = d.time.length;
    // scores a_i = event_i - sum over k with T_k <= T_i of event_k / (n - Gamma_k + 1), Gamma_k = #{T <= T_k}
    const gamma = Array.from(d.time, (t) => Array.from(d.time).filter((s) => s <= t).length);
    const a = Array.from(d.time, (t, i) => {
      let s = 0;
      for (let k = 0; k < n; k++) if (d.time[k] <= t) s += d.event[k] / (n - gamma[k] + 1);
      return d.event[i] - s;
    });
    const abar = mean(a);
    const s2 = a.reduce((acc, v) => acc + (v - abar) ** 2, 0) / (n - 1);
    let best = { stat: -1, feature: -1, value: 0 };
    for (const c of candidates(10)) {
      const n1 = c.left.filter(Boolean).length;
      const sum = a.reduce((acc, v, i) => acc + (c.left[i] ? v : 0), 0);
      const stat = Math.abs(sum - n1 * abar) / Math.sqrt(n1 * (1 - n1 / n) * s2);
      if (stat > best.stat + 1e-12) best = { stat, feature: c.feature, value: c.value };
    }
    expect(tree.splitVar[0]).toBe(best.feature);
    expect(tree.splitValue[0]).toBe(best.value);
  });

  it('leaves hold the Nelson-Aalen estimate of their observations on the event-time grid', () => {
    const fit = stump({});
    const tree = fit.trees[0];
    const j = tree.splitVar[0];
    const pred = fit.predict(d.X);
    for (const side of [true, false]) {
      const members = Array.from({ length: d.time.length }, (_, i) => i).filter((i) => (d.X.get(i, j) <= tree.splitValue[0]) === side);
      const row = members[0];
      for (let k = 0; k < fit.times.length; k++) {
        const t = fit.times[k];
        let H = 0;
        for (const s of new Set(members.filter((i) => d.event[i] === 1 && d.time[i] <= t).map((i) => d.time[i]))) {
          const deaths = members.filter((i) => d.time[i] === s && d.event[i] === 1).length;
          const atRisk = members.filter((i) => d.time[i] >= s).length;
          H += deaths / atRisk;
        }
        expect(Math.abs(pred.cumulativeHazard.get(row, k) - H)).toBeLessThanOrEqual(1e-12 * Math.max(1, H));
      }
    }
    // the time grid is the distinct event times
    const grid = [...new Set(Array.from(d.time).filter((_, i) => d.event[i] === 1))].sort((a, b) => a - b);
    expect(Array.from(fit.times)).toEqual(grid);
  });

  it('children keep at least minNodeSize in-bag observations; maxDepth bounds the depth', () => {
    // no censoring: a leaf's number at risk at its first event time is its size
    const n = 200;
    const rng = new Rng(5);
    const X = Matrix64.fromColumns([Float64Array.from({ length: n }, () => rng.normal()), Float64Array.from({ length: n }, () => rng.normal())]);
    const time = Float64Array.from({ length: n }, (_, i) => rng.exponential(Math.exp(X.get(i, 0))));
    const event = new Float64Array(n).fill(1);
    for (const minNodeSize of [3, 15, 40]) {
      const fit = new RandomSurvivalForest({ trees: 20, minNodeSize, seed: 2 }).fit(X, { time: time, event: event });
      for (const tree of fit.trees) {
        for (let l = 0; l + 1 < tree.leafOffset.length; l++) expect(tree.leafAtRisk[tree.leafOffset[l]]).toBeGreaterThanOrEqual(minNodeSize);
      }
    }
    const stumps = new RandomSurvivalForest({ trees: 20, maxDepth: 1, minNodeSize: 3 }).fit(X, { time: time, event: event });
    for (const tree of stumps.trees) expect(tree.splitVar.length).toBe(3);
  });

  it('nsplit: as many random split points as there are split points is the exhaustive search; nsplit 1 still learns', () => {
    const a = new RandomSurvivalForest({ trees: 30, seed: 4 }).fit(pbc.X, { time: pbc.time!, event: pbc.event! });
    const b = new RandomSurvivalForest({ trees: 30, seed: 4, nsplit: 100000 }).fit(pbc.X, { time: pbc.time!, event: pbc.event! });
    expect(b.trees).toEqual(a.trees);
    const c = new RandomSurvivalForest({ trees: 200, seed: 4, nsplit: 1 }).fit(pbc.X, { time: pbc.time!, event: pbc.event! });
    expect(c.trees).not.toEqual(a.trees.slice(0, 0));
    expect(c.oobCIndex!).toBeGreaterThan(0.78);
    const score = new RandomSurvivalForest({ trees: 200, seed: 4, split: 'logrankscore' }).fit(pbc.X, { time: pbc.time!, event: pbc.event! });
    expect(score.oobCIndex!).toBeGreaterThan(0.8);
  });
});

describe('RandomSurvivalForest ensemble, importance and model file', () => {
  const fit = new RandomSurvivalForest({ trees: 100, seed: 11, importance: true }).fit(pbc.X, { time: pbc.time!, event: pbc.event! }, { featureNames: pbc.featureNames });

  it('predictions: survival = exp(-H), non-increasing in time; mortality = H summed over the grid', () => {
    const pred = fit.predict(pbc.X);
    const m = fit.times.length;
    for (let i = 0; i < pbc.X.rows; i += 7) {
      let sum = 0;
      for (let k = 0; k < m; k++) {
        const H = pred.cumulativeHazard.get(i, k);
        expect(pred.survival.get(i, k)).toBe(Math.exp(-H));
        if (k > 0) expect(H).toBeGreaterThanOrEqual(pred.cumulativeHazard.get(i, k - 1));
        sum += H;
      }
      expect(Math.abs(pred.mortality[i] - sum)).toBeLessThanOrEqual(1e-9 * sum);
    }
    const at = fit.survivalAt(pbc.X, [0, fit.times[10], 1e9]);
    expect([at.rows, at.cols]).toEqual([pbc.n, 3]);
    expect(Array.from(at.column(0)).every((s) => s === 1)).toBe(true);
    expect(at.get(3, 1)).toBe(pred.survival.get(3, 10));
    expect(at.get(3, 2)).toBe(pred.survival.get(3, m - 1));
  });

  it('out-of-bag mortality is the average over the trees that did not see the row', () => {
    const one = new RandomSurvivalForest({ trees: 1, seed: 3 }).fit(pbc.X, { time: pbc.time!, event: pbc.event! });
    const mort = one.riskScore(pbc.X);
    let oob = 0;
    for (let i = 0; i < pbc.X.rows; i++) {
      if (Number.isNaN(one.oobMortality[i])) continue;
      oob++;
      expect(one.oobMortality[i]).toBe(mort[i]);
    }
    // about e^-1 of the rows are out of a bootstrap sample
    expect(oob / pbc.X.rows).toBeGreaterThan(0.3);
    expect(oob / pbc.X.rows).toBeLessThan(0.45);
    expect(one.diagnostics.warnings[0]).toMatch(/were in every tree's sample/);
  });

  it('the out-of-bag ensemble curves average the trees that did not see each row', () => {
    const oob = fit.oobPredict();
    const m = fit.times.length;
    for (let i = 0; i < pbc.X.rows; i += 5) {
      if (Number.isNaN(fit.oobMortality[i])) continue;
      // its mortality is the out-of-bag mortality; curves are non-decreasing hazards
      expect(Math.abs(oob.mortality[i] - fit.oobMortality[i])).toBeLessThanOrEqual(1e-9 * fit.oobMortality[i]);
      for (let k = 1; k < m; k++) expect(oob.cumulativeHazard.get(i, k)).toBeGreaterThanOrEqual(oob.cumulativeHazard.get(i, k - 1));
      expect(oob.survival.get(i, m - 1)).toBe(Math.exp(-oob.cumulativeHazard.get(i, m - 1)));
    }
    expect(() => FittedRandomSurvivalForest.fromJSON(fit.toJSON()).oobPredict()).toThrow(/not kept in model files/);
  });

  it('permutation importance ranks bilirubin first and a pure-noise feature near zero', () => {
    expect(fit.summary()[0].feature).toBe('bili');
    const rng = new Rng(8);
    const noise = Float64Array.from({ length: pbc.X.rows }, () => rng.normal());
    const X = Matrix64.fromColumns([...Array.from({ length: pbc.X.cols }, (_, j) => pbc.X.column(j)), noise]);
    const withNoise = new RandomSurvivalForest({ trees: 200, seed: 11, importance: true }).fit(X, { time: pbc.time!, event: pbc.event! }, { featureNames: [...pbc.featureNames, 'noise'] });
    expect(Math.abs(withNoise.importance![pbc.X.cols])).toBeLessThan(0.004);
    expect(withNoise.importance![pbc.featureNames.indexOf('bili')]).toBeGreaterThan(0.01);
  });

  it('JSON round trip predicts bit-identically and stays small (500 trees on 276 patients)', () => {
    const loaded = FittedRandomSurvivalForest.fromJSON(JSON.parse(JSON.stringify(fit.toJSON())));
    expect(loaded.predict(pbc.X)).toEqual(fit.predict(pbc.X));
    expect(Array.from(loaded.importance!)).toEqual(Array.from(fit.importance!));
    expect(loaded.oobCIndex).toBe(fit.oobCIndex);
    const big = new RandomSurvivalForest({ trees: 500 }).fit(pbc.X, { time: pbc.time!, event: pbc.event! }, { featureNames: pbc.featureNames });
    const text = JSON.stringify(big.toJSON());
    expect(text.length).toBeLessThan(2e6);
    expect(FittedRandomSurvivalForest.fromJSON(text).riskScore(pbc.X)).toEqual(big.riskScore(pbc.X));
  });

  it('same seed, same forest for 1 and 2 workers (and for fit)', async () => {
    const model = new RandomSurvivalForest({ trees: 40, seed: 'worker-check', importance: true });
    const one = await fitRandomSurvivalForestParallel(model, pbc.X, { time: pbc.time!, event: pbc.event! }, { featureNames: pbc.featureNames, workers: 1 });
    const two = await fitRandomSurvivalForestParallel(model, pbc.X, { time: pbc.time!, event: pbc.event! }, { featureNames: pbc.featureNames, workers: 2 });
    const three = await fitRandomSurvivalForestParallel(model, pbc.X, { time: pbc.time!, event: pbc.event! }, { featureNames: pbc.featureNames, workers: 3 });
    expect(two.toJSON()).toEqual(one.toJSON());
    expect(three.toJSON()).toEqual(one.toJSON());
    expect(model.fit(pbc.X, { time: pbc.time!, event: pbc.event! }, { featureNames: pbc.featureNames }).toJSON()).toEqual(one.toJSON());
  });

  it('splits depend on the ranks only: a monotone transform of a feature leaves every tree but its split values unchanged', () => {
    const d = smallPbc(120);
    const base = new RandomSurvivalForest({ trees: 15, seed: 6, minNodeSize: 5 }).fit(d.X, { time: d.time, event: d.event });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: d.X.cols - 1 }), fc.constantFrom((x: number) => Math.exp(x / 100), (x: number) => 3 * x - 7, (x: number) => Math.cbrt(x)), (j, f) => {
        const cols = Array.from({ length: d.X.cols }, (_, k) => (k === j ? d.X.column(k).map(f) : d.X.column(k)));
        const other = new RandomSurvivalForest({ trees: 15, seed: 6, minNodeSize: 5 }).fit(Matrix64.fromColumns(cols), { time: d.time, event: d.event });
        // out-of-bag rows lying exactly between two in-bag values may fall on either side of a
        // transformed midpoint, so the law holds for the grown trees, not their predictions
        other.trees.forEach((tree, t) => {
          const { splitValue: _a, ...shape } = tree;
          const { splitValue: _b, ...baseShape } = base.trees[t];
          expect(shape).toEqual(baseShape);
        });
      }),
      { numRuns: 6 },
    );
  });

  it('fitting twice gives the same forest and does not modify the inputs', () => {
    const d = smallPbc(100);
    const before = [d.X.data.slice(), d.time.slice(), d.event.slice()];
    const a = new RandomSurvivalForest({ trees: 10 }).fit(d.X, { time: d.time, event: d.event });
    const b = new RandomSurvivalForest({ trees: 10 }).fit(d.X, { time: d.time, event: d.event });
    expect(a.toJSON()).toEqual(b.toJSON());
    expect([d.X.data, d.time, d.event]).toEqual(before);
  });
});

describe('RandomSurvivalForest bad input', () => {
  const d = smallPbc(60);
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      return [(error as Error).constructor.name, (error as DataError).code, (error as Error).message];
    }
    return null;
  };

  it('rejects bad options', () => {
    expect(() => new RandomSurvivalForest({ trees: 0 })).toThrow(ParameterError);
    expect(() => new RandomSurvivalForest({ split: 'gini' as never })).toThrow(/split must be one of/);
    expect(() => new RandomSurvivalForest({ sampleFraction: 1.5 })).toThrow(ParameterError);
    expect(() => new RandomSurvivalForest({ ntree: 5 } as never)).toThrow(ParameterError);
    expect(() => new RandomSurvivalForest({ mtry: 9 }).fit(d.X, { time: d.time, event: d.event })).toThrow(/mtry is 9 but there are only 5 features/);
  });

  it('no events, one row, constant features, missing values and tiny samples are clear DataErrors', () => {
    expect(code(() => new RandomSurvivalForest().fit(d.X, { time: d.time, event: new Float64Array(60) }))).toEqual(['DataError', 'DATA_NO_EVENTS', 'RandomSurvivalForest.fit: no events; a survival forest needs events']);
    expect(code(() => new RandomSurvivalForest().fit(Matrix64.fromRows([[1]]), { time: [3], event: [1] }))?.[1]).toBe('DATA_TOO_FEW_ROWS');
    expect(code(() => new RandomSurvivalForest().fit(Matrix64.fromColumns([new Float64Array(60).fill(2), new Float64Array(60)]), { time: d.time, event: d.event }))?.[1]).toBe('DATA_CONSTANT');
    const X = Matrix64.fromColumns([Float64Array.from(d.X.column(0)), Float64Array.from(d.X.column(1))]);
    X.set(4, 1, NaN);
    expect(code(() => new RandomSurvivalForest().fit(X, { time: d.time, event: d.event }, { featureNames: ['a', 'b'] }))?.[2]).toBe('RandomSurvivalForest.fit: feature b is missing or infinite in row 5');
    expect(code(() => new RandomSurvivalForest().fit(d.X, { time: Float64Array.from(d.time, (t, i) => (i === 2 ? -1 : t)), event: d.event }))?.[1]).toBe('DATA_BAD_TIME');
    expect(code(() => new RandomSurvivalForest().fit(d.X, { time: d.time, event: Float64Array.from(d.event, (e, i) => (i === 0 ? 2 : e)) }))?.[1]).toBe('DATA_BAD_EVENT');
    expect(code(() => new RandomSurvivalForest({ sampleFraction: 0.01 }).fit(d.X, { time: d.time, event: d.event }))?.[1]).toBe('DATA_TOO_FEW_ROWS');
  });

  it('prediction checks its input; loading checks the whole structure', () => {
    const fit = new RandomSurvivalForest({ trees: 3 }).fit(d.X, { time: d.time, event: d.event }, { featureNames: d.names });
    expect(() => fit.predict(Matrix64.fromRows([[1, 2]]))).toThrow(/X has 2 columns, the model was fitted on 5 features/);
    const json = JSON.parse(JSON.stringify(fit.toJSON()));
    const broken = structuredClone(json);
    broken.trees[1].left[0] = 0;
    expect(() => FittedRandomSurvivalForest.fromJSON(broken)).toThrow(/tree 2 node 0 has children out of range/);
    const grid = structuredClone(json);
    grid.trees[0].leafGrid[0] = 10_000;
    expect(() => FittedRandomSurvivalForest.fromJSON(grid)).toThrow(ModelFormatError);
    const count = structuredClone(json);
    count.trees.pop();
    expect(() => FittedRandomSurvivalForest.fromJSON(count)).toThrow(/2 trees, but options.trees is 3/);
    expect(() => FittedRandomSurvivalForest.fromJSON({ ...json, kind: 'FittedCoxPH' })).toThrow(ModelFormatError);
  });
});
