// The pure parts of bench/validation-estimators.mjs: scenarios, command-line options, the
// validation estimates of one replicate from its resampling tasks, the summary over replicates
// (bias and RMSE with Monte Carlo standard errors), the markdown tables and the chart's Vega-Lite
// spec. No I/O and no radsig import here, so that test/bench/ can test them alone.

/** Signal strengths: the multiplier simulateCohort's `signal` puts on every outcome-feature effect. */
export const SIGNALS = { none: 0, weak: 1, strong: 2 };

/** The estimators, in table and chart order. */
export const ESTIMATORS = [
  { key: 'apparent', label: 'apparent', family: 'apparent' },
  { key: 'harrell', label: 'Harrell (bootstrap optimism)', family: 'bootstrap' },
  { key: 'e632', label: '.632', family: 'bootstrap' },
  { key: 'e632plus', label: '.632+', family: 'bootstrap' },
  { key: 'oob', label: 'out-of-bag mean', family: 'bootstrap' },
  { key: 'cvFoldMean', label: '5-fold CV, fold mean', family: 'cross-validation' },
  { key: 'cvPooled', label: '5-fold CV, pooled', family: 'cross-validation' },
  { key: 'rcvFoldMean', label: 'repeated CV, fold mean', family: 'cross-validation' },
  { key: 'rcvPooled', label: 'repeated CV, pooled', family: 'cross-validation' },
];

/** Every scenario of the full experiment (24): outcome x n x p x signal. */
export function allScenarios() {
  const out = [];
  for (const outcome of ['binary', 'survival'])
    for (const n of [100, 300])
      for (const p of [400, 1000])
        for (const signal of Object.keys(SIGNALS)) out.push({ id: `${outcome}-n${n}-p${p}-${signal}`, outcome, n, p, signal, signalValue: SIGNALS[signal] });
  return out;
}

/**
 * --quick (26 minutes with 2 workers on a busy 2-core machine, 2026-12-07): 8 of the 24 scenarios, p = 400 only:
 * binary at n = 100 and 300 with every signal, survival at n = 100 without and with a strong signal
 * (at n = 100 the weak survival signal gives an empty signature in every cohort tried; the rest
 * was left out for time); 10 replicates, B = 50, 5 repeats of 5-fold CV.
 */
export const QUICK = {
  scenarios: ['binary-n100-p400-none', 'binary-n100-p400-weak', 'binary-n100-p400-strong', 'binary-n300-p400-none', 'binary-n300-p400-weak', 'binary-n300-p400-strong', 'survival-n100-p400-none', 'survival-n100-p400-strong'],
  replicates: 10,
  B: 50,
  cvRepeats: 5,
};

/** Parses the command line. @throws Error naming the bad argument. */
export function parseOptions(argv) {
  const o = { quick: false, replicates: undefined, B: undefined, cvRepeats: undefined, scenario: undefined, out: undefined, workers: 2, testN: 10000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    const int = (name, min, max) => {
      const v = Number(value());
      if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${name} must be an integer from ${min} to ${max}`);
      return v;
    };
    if (flag === '--quick') o.quick = true;
    else if (flag === '--replicates') o.replicates = int('--replicates', 1, 100000);
    else if (flag === '--B') o.B = int('--B', 1, 100000);
    else if (flag === '--cv-repeats') o.cvRepeats = int('--cv-repeats', 1, 1000);
    else if (flag === '--scenario') o.scenario = value();
    else if (flag === '--out') o.out = value();
    else if (flag === '--workers') o.workers = int('--workers', 1, 2);
    else if (flag === '--test-n') o.testN = int('--test-n', 100, 1000000);
    else if (flag === '--from') o.from = value();
    else if (flag === '--help' || flag === '-h') o.help = true;
    else throw new Error(`unknown option ${a}`);
  }
  const quick = o.quick ? QUICK : null;
  o.replicates ??= quick ? quick.replicates : 50;
  o.B ??= quick ? quick.B : 200;
  o.cvRepeats ??= quick ? quick.cvRepeats : 5;
  let scenarios = allScenarios();
  if (quick) scenarios = scenarios.filter((s) => quick.scenarios.includes(s.id));
  if (o.scenario !== undefined) {
    const parts = o.scenario.split(',').map((s) => s.trim()).filter(Boolean);
    scenarios = scenarios.filter((s) => parts.some((part) => s.id.includes(part)));
    if (scenarios.length === 0) throw new Error(`--scenario ${o.scenario} matches no scenario (ids look like binary-n100-p400-weak)`);
  }
  o.scenarios = scenarios;
  return o;
}

const mean = (xs) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
const sd = (xs) => {
  if (xs.length < 2) return null;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};
const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

/**
 * The validation estimates of one developed study from its resampling results.
 * @param apparent the apparent AUC or C (the study developed and scored on all n patients)
 * @param boot per successful bootstrap resample: { train, test, oob } (the resample's model on its
 *   own sample, on the original patients, on the out-of-bag patients)
 * @param cv per CV repeat: { folds: [fold estimates], pooled } (pooled: one AUC or C of the repeat's
 *   out-of-fold predictions)
 * @param plus632 (apparent, oob) -> the .632+ estimate (radsig's, from resampling-summary.ts)
 */
export function estimatesFrom(apparent, boot, cv, plus632) {
  const diffs = boot.filter((b) => isNum(b.train) && isNum(b.test)).map((b) => b.train - b.test);
  const oob = mean(boot.map((b) => b.oob).filter(isNum));
  const optimism = mean(diffs);
  const repeatMeans = cv.map((r) => mean(r.folds.filter(isNum))).filter(isNum);
  const pooled = cv.map((r) => r.pooled).filter(isNum);
  return {
    apparent,
    harrell: optimism === null ? null : apparent - optimism,
    e632: oob === null ? null : 0.368 * apparent + 0.632 * oob,
    e632plus: oob === null ? null : plus632(apparent, oob),
    oob,
    cvFoldMean: cv.length > 0 && isNum(repeatMeans[0]) ? mean(cv[0].folds.filter(isNum)) : null,
    cvPooled: cv.length > 0 && isNum(cv[0].pooled) ? cv[0].pooled : null,
    rcvFoldMean: mean(repeatMeans),
    rcvPooled: mean(pooled),
  };
}

/**
 * Bias and RMSE of each estimator against the truth over the replicates of a scenario, with Monte
 * Carlo standard errors: bias SE = sd(err) / sqrt(R); RMSE SE by the delta method,
 * sd(err^2) / (2 RMSE sqrt(R)).
 */
export function summarize(replicates) {
  const byScenario = new Map();
  for (const r of replicates) {
    if (r.failure) continue;
    if (!byScenario.has(r.scenario)) byScenario.set(r.scenario, []);
    byScenario.get(r.scenario).push(r);
  }
  const out = [];
  for (const [scenario, reps] of byScenario) {
    const truths = reps.map((r) => r.truth);
    const row = { scenario, replicates: reps.length, meanTruth: mean(truths), sdTruth: sd(truths), estimators: {} };
    for (const { key } of ESTIMATORS) {
      const pairs = reps.filter((r) => isNum(r.estimates[key]));
      const err = pairs.map((r) => r.estimates[key] - r.truth);
      const R = err.length;
      const sq = err.map((e) => e * e);
      const rmse = R === 0 ? null : Math.sqrt(mean(sq));
      row.estimators[key] = {
        R,
        meanEstimate: mean(pairs.map((r) => r.estimates[key])),
        bias: mean(err),
        biasSE: R < 2 ? null : sd(err) / Math.sqrt(R),
        rmse,
        rmseSE: R < 2 ? null : rmse === 0 ? 0 : sd(sq) / (2 * rmse * Math.sqrt(R)),
        sdError: sd(err),
        // how well the estimate tracks the model-specific truth across replicates
        correlation: correlation(pairs.map((r) => r.estimates[key]), pairs.map((r) => r.truth)),
      };
    }
    // paired: squared error of each estimator minus that of .632+, in the same replicates (mean +- SE)
    for (const { key } of ESTIMATORS) {
      const d = reps.filter((r) => isNum(r.estimates[key]) && isNum(r.estimates.e632plus)).map((r) => (r.estimates[key] - r.truth) ** 2 - (r.estimates.e632plus - r.truth) ** 2);
      row.estimators[key].squaredErrorMinus632plus = { mean: mean(d), se: d.length < 2 ? null : sd(d) / Math.sqrt(d.length) };
    }
    out.push(row);
  }
  return out;
}

function correlation(x, y) {
  if (x.length < 3) return null;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

const fmt = (v, d = 3) => (v === null || v === undefined ? 'n/a' : (v >= 0 ? '+' : '\u2212') + Math.abs(v).toFixed(d));
const fmtU = (v, d = 3) => (v === null || v === undefined ? 'n/a' : v.toFixed(d));

/** Markdown: one table of bias and one of RMSE (each +- its Monte Carlo SE), scenarios by estimators. */
export function markdownTables(summary) {
  const head = ['scenario', 'R', 'truth', ...ESTIMATORS.map((e) => e.label)];
  const line = (cells) => `| ${cells.join(' | ')} |`;
  const table = (cell) => [line(head), line(head.map(() => '---')), ...summary.map((s) => line([s.scenario, String(s.replicates), `${fmtU(s.meanTruth)} (sd ${fmtU(s.sdTruth)})`, ...ESTIMATORS.map((e) => cell(s.estimators[e.key]))]))].join('\n');
  return [
    '**Bias** (mean of estimate \u2212 truth, \u00b1 Monte Carlo SE)',
    '',
    table((e) => `${fmt(e.bias)} \u00b1 ${fmtU(e.biasSE)}`),
    '',
    '**RMSE** (\u00b1 Monte Carlo SE)',
    '',
    table((e) => `${fmtU(e.rmse)} \u00b1 ${fmtU(e.rmseSE)}`),
  ].join('\n');
}

/**
 * Markdown: per estimator, bias and RMSE averaged over the scenarios with a signal (weak, strong) and
 * over those without, each +- the Monte Carlo SE of that average (sqrt(sum SE^2) / k).
 */
export function overallTable(summary) {
  const groups = [
    ['with signal (weak, strong)', summary.filter((s) => !/-none$/.test(s.scenario))],
    ['no signal', summary.filter((s) => /-none$/.test(s.scenario))],
  ].filter(([, g]) => g.length > 0);
  const avg = (g, key, field) => {
    const v = g.map((s) => s.estimators[key][field]);
    const se = g.map((s) => s.estimators[key][field + 'SE']);
    if (v.some((x) => x === null)) return 'n/a';
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    const e = se.some((x) => x === null) ? null : Math.sqrt(se.reduce((a, b) => a + b * b, 0)) / v.length;
    return `${field === 'bias' ? fmt(m) : fmtU(m)} ± ${fmtU(e)}`;
  };
  const head = ['estimator', ...groups.flatMap(([name, g]) => [`bias, ${name} (${g.length})`, `RMSE, ${name} (${g.length})`])];
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...ESTIMATORS.map((e) => line([e.label, ...groups.flatMap(([, g]) => [avg(g, e.key, 'bias'), avg(g, e.key, 'rmse')])]))].join('\n');
}

/** The chart: per scenario (rows) bias and RMSE (columns) of every estimator, with 95% Monte Carlo intervals. */
export function chartSpec(summary, title) {
  const values = [];
  for (const s of summary) {
    const label = `${s.scenario} (R = ${s.replicates}, truth ${fmtU(s.meanTruth, 2)})`;
    for (const [k, e] of ESTIMATORS.entries()) {
      const x = s.estimators[e.key];
      for (const [measure, v, se] of [['bias (estimate \u2212 truth)', x.bias, x.biasSE], ['RMSE', x.rmse, x.rmseSE]]) {
        if (v === null) continue;
        values.push({ scenario: label, order: k, estimator: e.label, family: e.family, measure, value: v, lo: v - 1.96 * (se ?? 0), hi: v + 1.96 * (se ?? 0) });
      }
    }
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, fontSize: 15, anchor: 'start' },
    data: { values },
    facet: {
      row: { field: 'scenario', type: 'nominal', sort: summary.map((s) => `${s.scenario} (R = ${s.replicates}, truth ${fmtU(s.meanTruth, 2)})`), header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top', labelFontSize: 12, labelFontWeight: 'bold', labelLimit: 600, title: null } },
      column: { field: 'measure', type: 'nominal', sort: ['bias (estimate \u2212 truth)', 'RMSE'], header: { labelFontSize: 13, title: null } },
    },
    spec: {
      width: 330,
      height: 9 * 15,
      layer: [
        { mark: { type: 'rule', color: '#888', strokeDash: [3, 3] }, encoding: { x: { datum: 0 } } },
        {
          mark: { type: 'rule', strokeWidth: 1.5 },
          encoding: {
            y: { field: 'estimator', type: 'nominal', sort: ESTIMATORS.map((e) => e.label), title: null },
            x: { field: 'lo', type: 'quantitative', title: 'AUC / C units (95% Monte Carlo interval)' },
            x2: { field: 'hi' },
            color: { field: 'family', type: 'nominal', title: 'estimator family', scale: { domain: ['apparent', 'bootstrap', 'cross-validation'], range: ['#d62728', '#1f77b4', '#2ca02c'] } },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 45 },
          encoding: {
            y: { field: 'estimator', type: 'nominal', sort: ESTIMATORS.map((e) => e.label) },
            x: { field: 'value', type: 'quantitative' },
            color: { field: 'family', type: 'nominal' },
          },
        },
      ],
    },
    resolve: { scale: { x: 'independent' } },
    config: { font: 'DejaVu Sans', axis: { labelFontSize: 11, titleFontSize: 11, labelLimit: 260 }, facet: { spacing: 18 }, legend: { orient: 'top', labelFontSize: 12, titleFontSize: 12 } },
  };
}
