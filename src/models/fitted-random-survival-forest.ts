/**
 * A fitted random survival forest: risk scores and survival curves for new patients, out-of-bag
 * predictions, the importance table and the model file with its invariants.
 */
import { DataError, ModelFormatError, ParameterError } from '../core/errors.js';
import { Matrix64 } from '../core/matrix.js';
import { checkFeatures, checkTimes, type MatrixInput, type SurvivalModel } from '../core/estimator.js';
import { modelInvariants, openModel, toPlainArray, wrapModel, type ModelReader } from '../core/model-json.js';
import { stepIndex } from '../stats/binary-search.js';
import { leafMortality, leafOf, type SurvivalTree } from './survival-tree.js';
import type { ForestImportanceRow } from './forest-importance.js';
import type { ResolvedForestOptions } from './forest-options.js';

/** Ensemble predictions for new rows on the forest's time grid. */
export interface ForestPrediction {
  /** The time grid: distinct event times of the training data. */
  times: Float64Array;
  /** Ensemble Nelson-Aalen cumulative hazard, rows x times. */
  cumulativeHazard: Matrix64;
  /** exp(-cumulative hazard), rows x times. */
  survival: Matrix64;
  /** Mortality (the risk score): the cumulative hazard summed over the time grid. */
  mortality: Float64Array;
}

export interface FittedForestState {
  options: ResolvedForestOptions;
  featureNames: string[];
  times: Float64Array;
  trees: SurvivalTree[];
  n: number;
  nEvents: number;
  oobMortality: Float64Array;
  oobCIndex: number | null;
  oobUnoCIndex: number | null;
  importance: Float64Array | null;
  warnings: string[];
  /** Each tree's out-of-bag rows and their leaves (kept in memory only, not in the model file). */
  outOfBag?: { samples: Int32Array[]; leaves: Int32Array[] };
}

/** A grown random survival forest; see `RandomSurvivalForest`. */
export class FittedRandomSurvivalForest implements SurvivalModel {
  static readonly kind = 'FittedRandomSurvivalForest';
  static readonly schemaVersion = 1;
  readonly family = 'forest' as const;
  readonly options: Readonly<ResolvedForestOptions>;
  readonly featureNames: readonly string[];
  /** The time grid: distinct event times of the training data. */
  readonly times: Float64Array;
  readonly trees: readonly SurvivalTree[];
  readonly n: number;
  readonly nEvents: number;
  /** Out-of-bag mortality of each training row (NaN for a row in every tree's sample). */
  readonly oobMortality: Float64Array;
  /** Out-of-bag Harrell's C of the mortality (`null` without comparable out-of-bag pairs). */
  readonly oobCIndex: number | null;
  /** Out-of-bag Uno's C (weights 1/G(t)^2, no truncation). */
  readonly oobUnoCIndex: number | null;
  /** Permutation importance by feature (drop in out-of-bag C), when requested. */
  readonly importance: Float64Array | null;
  readonly diagnostics: { readonly warnings: readonly string[] };
  private readonly mortalities: Float64Array[];
  private readonly outOfBag: { samples: Int32Array[]; leaves: Int32Array[] } | null;

  constructor(state: FittedForestState) {
    this.options = Object.freeze({ ...state.options });
    this.featureNames = Object.freeze([...state.featureNames]);
    this.times = state.times;
    this.trees = state.trees;
    this.n = state.n;
    this.nEvents = state.nEvents;
    this.oobMortality = state.oobMortality;
    this.oobCIndex = state.oobCIndex;
    this.oobUnoCIndex = state.oobUnoCIndex;
    this.importance = state.importance;
    this.diagnostics = { warnings: Object.freeze([...state.warnings]) };
    this.mortalities = state.trees.map((tree) => leafMortality(tree, state.times.length));
    this.outOfBag = state.outOfBag ?? null;
  }

  /** Importance by feature, largest first (empty without importance). */
  summary(): ForestImportanceRow[] {
    if (this.importance === null) return [];
    const rows = this.featureNames.map((feature, j) => ({ feature, importance: this.importance![j] }));
    return rows.sort((a, b) => b.importance - a.importance);
  }

  /**
   * The risk score of new rows (higher = worse): the ensemble mortality, randomForestSRC's expected
   * number of events (the sum of the ensemble cumulative hazard over the training event times).
   */
  riskScore(input: MatrixInput): Float64Array {
    const X = this.checkRows(input);
    const out = new Float64Array(X.rows);
    const trees = this.trees.length;
    for (let i = 0; i < X.rows; i++) {
      let s = 0;
      for (let t = 0; t < trees; t++) s += this.mortalities[t][leafOf(this.trees[t], X.data, X.rows, i)];
      out[i] = s / trees;
    }
    return out;
  }

  /** Ensemble cumulative hazard, survival and mortality of new rows on the time grid. */
  predict(input: MatrixInput): ForestPrediction {
    const X = this.checkRows(input);
    const m = this.times.length;
    const rows = X.rows;
    const chf = new Matrix64(rows, m);
    const surv = new Matrix64(rows, m);
    const mortality = new Float64Array(rows);
    const increments = new Float64Array(m);
    const trees = this.trees.length;
    for (let i = 0; i < rows; i++) {
      increments.fill(0);
      // one walk down each tree gives both the hazard increments and the mortality (as mortality())
      let s = 0;
      for (let t = 0; t < trees; t++) {
        const tree = this.trees[t];
        const leaf = leafOf(tree, X.data, rows, i);
        s += this.mortalities[t][leaf];
        for (let e = tree.leafOffset[leaf]; e < tree.leafOffset[leaf + 1]; e++) increments[tree.leafGrid[e]] += tree.leafDeaths[e] / tree.leafAtRisk[e];
      }
      mortality[i] = s / trees;
      let h = 0;
      for (let k = 0; k < m; k++) {
        h += increments[k];
        const H = h / trees;
        chf.data[i + k * rows] = H;
        surv.data[i + k * rows] = Math.exp(-H);
      }
    }
    return { times: this.times, cumulativeHazard: chf, survival: surv, mortality };
  }

  /**
   * The out-of-bag ensemble of the training rows: each row's cumulative hazard, survival and
   * mortality averaged over the trees that did not see it (NaN for a row in every tree's sample),
   * e.g. for out-of-bag calibration or Brier scores. Only for a forest grown in this process (the
   * model file does not keep the in-bag samples).
   *
   * @throws ParameterError for a forest loaded from JSON.
   */
  oobPredict(): ForestPrediction {
    if (this.outOfBag === null) throw new ParameterError('FittedRandomSurvivalForest.oobPredict: the out-of-bag samples are not kept in model files; refit the forest');
    const m = this.times.length;
    const n = this.n;
    const sum = new Float64Array(n * m);
    const count = new Int32Array(n);
    const { samples, leaves } = this.outOfBag;
    for (let t = 0; t < this.trees.length; t++) {
      const tree = this.trees[t];
      for (let k = 0; k < samples[t].length; k++) {
        const i = samples[t][k];
        const leaf = leaves[t][k];
        count[i]++;
        for (let e = tree.leafOffset[leaf]; e < tree.leafOffset[leaf + 1]; e++) sum[i + tree.leafGrid[e] * n] += tree.leafDeaths[e] / tree.leafAtRisk[e];
      }
    }
    const chf = new Matrix64(n, m);
    const surv = new Matrix64(n, m);
    const mortality = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let h = 0;
      let total = 0;
      for (let k = 0; k < m; k++) {
        h += sum[i + k * n];
        const H = count[i] > 0 ? h / count[i] : NaN;
        chf.data[i + k * n] = H;
        surv.data[i + k * n] = Math.exp(-H);
        total += H;
      }
      mortality[i] = total;
    }
    return { times: this.times, cumulativeHazard: chf, survival: surv, mortality };
  }

  /**
   * Ensemble survival of new rows at chosen times, rows x times (1 before the first event time; the
   * step function of the ensemble survival, constant after the last training event time).
   */
  survivalAt(X: MatrixInput, times: ArrayLike<number>): Matrix64 {
    const grid = checkTimes('FittedRandomSurvivalForest.survivalAt', times);
    const { survival } = this.predict(X);
    const n = survival.rows;
    const out = new Matrix64(n, grid.length);
    for (let c = 0; c < grid.length; c++) {
      const k = stepIndex(this.times, grid[c]);
      for (let i = 0; i < n; i++) out.data[i + c * n] = k < 0 ? 1 : survival.data[i + k * n];
    }
    return out;
  }

  private checkRows(input: MatrixInput): Matrix64 {
    const where = 'FittedRandomSurvivalForest.predict';
    const X = checkFeatures(where, input, this.featureNames);
    for (let j = 0; j < X.cols; j++) {
      const col = X.column(j);
      for (let i = 0; i < X.rows; i++) if (!Number.isFinite(col[i])) throw new DataError(`${where}: ${this.featureNames[j]} is missing or infinite in row ${i + 1}`, 'DATA_MISSING');
    }
    return X;
  }

  toJSON(): object {
    return wrapModel(FittedRandomSurvivalForest.kind, FittedRandomSurvivalForest.schemaVersion, {
      options: { ...this.options },
      featureNames: [...this.featureNames],
      n: this.n,
      nEvents: this.nEvents,
      times: toPlainArray(this.times),
      oobCIndex: this.oobCIndex,
      oobUnoCIndex: this.oobUnoCIndex,
      oobMortality: toPlainArray(this.oobMortality),
      importance: this.importance === null ? null : toPlainArray(this.importance),
      warnings: [...this.diagnostics.warnings],
      trees: this.trees.map((t) => ({
        splitVar: Array.from(t.splitVar),
        splitValue: Array.from(t.splitValue),
        left: Array.from(t.left),
        leafOffset: Array.from(t.leafOffset),
        leafGrid: Array.from(t.leafGrid),
        leafDeaths: Array.from(t.leafDeaths),
        leafAtRisk: Array.from(t.leafAtRisk),
      })),
    });
  }

  /** @throws ModelFormatError for anything but a valid forest written by {@link FittedRandomSurvivalForest.toJSON}. */
  static fromJSON(json: unknown): FittedRandomSurvivalForest {
    const kind = FittedRandomSurvivalForest.kind;
    const r = openModel(json, kind, FittedRandomSurvivalForest.schemaVersion);
    const o = r.object('options');
    const featureNames = r.strings('featureNames');
    const p = featureNames.length;
    const times = r.numbers('times');
    // the survival curves are products over this grid: it must run forward in time
    modelInvariants.monotone(kind, 'times', times, 'increasing');
    const n = r.integer('n', 2);
    modelInvariants.count(kind, 'nEvents', r.integer('nEvents', 1), n);
    if (new Set(featureNames).size !== p) throw new ModelFormatError(`${kind}.fromJSON: featureNames repeats a feature`);
    const options: ResolvedForestOptions = {
      trees: o.integer('trees', 1),
      mtry: o.integer('mtry', 1),
      minNodeSize: o.integer('minNodeSize', 1),
      maxDepth: o.has('maxDepth') ? o.integer('maxDepth', 1) : null,
      split: o.oneOf('split', ['logrank', 'logrankscore'] as const),
      nsplit: o.integer('nsplit', 0),
      replace: o.boolean('replace'),
      sampleFraction: o.number('sampleFraction'),
      importance: o.boolean('importance'),
      seed: typeof o.raw.seed === 'string' ? o.string('seed') : o.integer('seed', 0),
    };
    const trees = r.objects('trees').map((t, index) => readTree(t, index, p, times.length, kind));
    if (trees.length !== options.trees) throw new ModelFormatError(`${kind}.fromJSON: ${trees.length} trees, but options.trees is ${options.trees}`);
    if (options.mtry > p) throw new ModelFormatError(`${kind}.fromJSON: options.mtry is ${options.mtry}, more than the ${p} features`);
    if (!(options.sampleFraction > 0 && options.sampleFraction <= 1)) throw new ModelFormatError(`${kind}.fromJSON: options.sampleFraction must be in (0, 1], got ${options.sampleFraction}`);
    const oc = (field: string) => (r.has(field) ? r.number(field) : null);
    return new FittedRandomSurvivalForest({
      options,
      featureNames,
      times,
      trees,
      n,
      nEvents: r.integer('nEvents', 1),
      oobMortality: r.numbers('oobMortality', n, true),
      oobCIndex: oc('oobCIndex'),
      oobUnoCIndex: oc('oobUnoCIndex'),
      importance: r.has('importance') ? r.numbers('importance', p) : null,
      warnings: r.strings('warnings'),
    });
  }
}

/** Reads one tree and checks that every path ends in a leaf and every index is in range. */
export function readTree(t: ModelReader, index: number, p: number, gridSize: number, kind: string): SurvivalTree {
  const splitVar = t.integers('splitVar', -1, p - 1);
  const nodes = splitVar.length;
  const splitValue = t.numbers('splitValue', nodes);
  const left = t.integers('left', 0, Math.max(0, nodes - 1), nodes);
  const leafOffset = t.integers('leafOffset', 0, 2 ** 31 - 1);
  const leaves = leafOffset.length - 1;
  const leafGrid = t.integers('leafGrid', 0, gridSize - 1);
  const entries = leafGrid.length;
  const leafDeaths = t.integers('leafDeaths', 1, 2 ** 31 - 1, entries);
  const leafAtRisk = t.integers('leafAtRisk', 1, 2 ** 31 - 1, entries);
  const bad = (what: string): never => {
    throw new ModelFormatError(`${kind}.fromJSON: tree ${index + 1} ${what}`);
  };
  if (nodes === 0) bad('has no nodes');
  if (leaves < 1 || leafOffset[0] !== 0 || leafOffset[leaves] !== entries) bad('has inconsistent leafOffset');
  for (let l = 0; l < leaves; l++) if (leafOffset[l + 1] < leafOffset[l]) bad('has decreasing leafOffset');
  // within a leaf, the event times run forward (its survival curve is non-increasing, in [0, 1])
  for (let l = 0; l < leaves; l++) for (let e = leafOffset[l] + 1; e < leafOffset[l + 1]; e++) if (leafGrid[e] <= leafGrid[e - 1]) bad(`leaf ${l} has event times out of order`);
  for (let e = 0; e < entries; e++) if (leafDeaths[e] > leafAtRisk[e]) bad('has a leaf with more events than observations at risk');
  for (let k = 0; k < nodes; k++) {
    if (splitVar[k] >= 0) {
      // children come after their parent, so every path ends
      if (left[k] <= k || left[k] + 1 >= nodes) bad(`node ${k} has children out of range`);
    } else if (left[k] >= leaves) bad(`node ${k} refers to leaf ${left[k]} of ${leaves}`);
  }
  return { splitVar, splitValue, left, leafOffset, leafGrid, leafDeaths, leafAtRisk };
}
