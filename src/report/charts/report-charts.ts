/**
 * Every chart of a study's report, in report order: a pure function of results.json.
 */
import type { StudyResults } from '../../pipeline/results-schema/study-results-schema.js';
import { calibrationChart, decisionChart, rocChart } from './binary-charts.js';
import type { VegaLiteSpec } from './chart-spec.js';
import { batchShareChart, coefficientPathChart, combatChart, cvCurveChart, iccChart, selectionFrequencyChart } from './development-charts.js';
import { forestPlotChart, importanceChart, nomogramChart, performanceChart } from './model-charts.js';
import { kaplanMeierChart, survivalCalibrationChart, survivalDecisionChart, tdAucChart } from './survival-charts.js';

/** Report sections a chart belongs to. */
export type ChartSection = 'harmonize' | 'reproducibility' | 'select' | 'model' | 'performance';

/** One chart of the report. */
export interface ReportChart {
  /** File name without extension (figures/NAME.svg): lower case letters, digits and dashes only. */
  name: string;
  section: ChartSection;
  /** A one-line caption. */
  caption: string;
  spec: VegaLiteSpec;
}

/** The charts of a run's results, each a Vega-Lite spec. Charts whose data a run lacks are left out. */
export function reportCharts(results: StudyResults): ReportChart[] {
  const out: ReportChart[] = [];
  // two model names may have one file-name form ("a b", "a-b"): the second chart gets a number
  const used = new Set<string>();
  const add = (name: string, section: ChartSection, caption: string, spec: VegaLiteSpec | null) => {
    if (spec === null) return;
    let unique = name;
    for (let k = 2; used.has(unique); k++) unique = `${name}-${k}`;
    used.add(unique);
    out.push({ name: unique, section, caption, spec });
  };
  const models = Object.keys(results.models);
  add('combat-before-after', 'harmonize', 'Per-batch distributions of the most batch-affected features before and after ComBat.', combatChart(results));
  add('combat-share', 'harmonize', 'Share of features that differ between batches before and after ComBat.', batchShareChart(results));
  add('icc-distribution', 'reproducibility', 'Distribution of the test-retest ICC of the candidate features, with the threshold.', iccChart(results));
  add('elastic-net-path', 'select', 'Elastic-net coefficient paths; the vertical lines mark lambda.min and lambda.1se.', coefficientPathChart(results));
  add('elastic-net-cv', 'select', 'Cross-validation curve of the elastic net.', cvCurveChart(results));
  add('selection-frequency', 'select', 'How often each feature was selected when the whole process was refitted in each resample.', selectionFrequencyChart(results));
  for (const m of models) add(`forest-${slug(m)}`, 'model', `Odds or hazard ratios of the ${m} model with 95% confidence intervals.`, forestPlotChart(results, m));
  for (const m of models) add(`nomogram-${slug(m)}`, 'model', `Nomogram of the ${m} model.`, nomogramChart(results, m));
  add('rsf-importance', 'model', 'Variable importance of the random survival forest.', importanceChart(results));
  add('performance', 'performance', 'Apparent, internally validated and external performance of every model.', performanceChart(results));
  if (results.outcome.type === 'binary') {
    for (const data of ['development', 'external'] as const) add(`roc-${data}`, 'performance', data === 'external' ? 'ROC curves on the external data with DeLong 95% intervals.' : `ROC curves on the development data${(Object.values(results.models)[0]?.curves?.development?.predictions?.roc ?? 'apparent') === 'apparent' ? ' (apparent), with DeLong 95% intervals' : ": each resample's held-out patients, averaged; intervals are the spread over resamples"}.`, rocChart(results, data));
    for (const m of models) add(`calibration-${slug(m)}`, 'performance', `Calibration of the ${m} model.`, calibrationChart(results, m));
    for (const data of ['development', 'external'] as const) add(`decision-${data}`, 'performance', `Decision curves on the ${data} data.`, decisionChart(results, data));
  } else {
    add('td-auc', 'performance', 'Time-dependent AUC of every model.', tdAucChart(results));
    for (const m of models) for (const data of ['development', 'external'] as const) add(`km-${slug(m)}-${data}`, 'performance', `Kaplan-Meier curves of the ${m} model's risk groups on the ${data} data.`, kaplanMeierChart(results, m, data));
    for (const m of models) add(`calibration-${slug(m)}`, 'performance', `Calibration of the ${m} model at each horizon.`, survivalCalibrationChart(results, m));
    for (const data of ['development', 'external'] as const) add(`decision-${data}`, 'performance', `Decision curves at each horizon on the ${data} data.`, survivalDecisionChart(results, data));
  }
  return out;
}

/** A file-name-safe form of a model name. */
function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'model';
}
