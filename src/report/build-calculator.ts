/**
 * Node-only: the calculator page of a frozen study, with the nomograms and development ranges of
 * its run's results.json when given.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelFormatError } from '../core/errors.js';
import { FittedStudy } from '../pipeline/fitted-study.js';
import { nomogramChart, nomogramLayout } from './charts/model-charts.js';
import { CALCULATOR_MODELS } from './calculator-runtime.js';
import { calculatorHtml, type CalculatorPageOptions } from './calculator-html.js';
import { vegaRuntimeScript } from './build-report.js';
import { compileChart } from './render-chart.js';
import { checkSameRun } from './same-run.js';
import type { StudyResults } from '../pipeline/results-schema/study-results-schema.js';

/** The bundled calculator runtime written by `npm run build`. */
export function calculatorRuntimeScript(): string {
  // beside this module in dist/; from the sources (tests, ts runners) the build's copy
  const candidates = [join(import.meta.dirname, 'calculator-runtime.bundle.cjs'), join(import.meta.dirname, '..', '..', 'dist', 'report', 'calculator-runtime.bundle.cjs')];
  const found = candidates.find((f) => existsSync(f));
  if (found === undefined) throw new Error('the calculator runtime bundle (dist/report/calculator-runtime.bundle.cjs) is missing: run "npm run build"');
  return readFileSync(found, 'utf8');
}

/**
 * The calculator page of a model.json (parsed), with nomograms and ranges from results.json.
 * @param names how the two files are named in messages.
 * @throws ModelFormatError for a model file radsig cannot load; DataError when results.json is not from the run that wrote model.json.
 */
export async function buildCalculator(model: unknown, results: StudyResults | null, names = { model: 'model.json', results: 'results.json' }): Promise<string> {
  const fitted = FittedStudy.fromJSON(model);
  if (results !== null) checkSameRun(results, model, names);
  const offered = CALCULATOR_MODELS.filter((m) => fitted.models.some((x) => x.name === m));
  if (offered.length === 0) throw new ModelFormatError('calculator: the study has no combined, logistic, cox or clinical model');
  const nomograms: NonNullable<CalculatorPageOptions['nomograms']> = {};
  const ranges: NonNullable<CalculatorPageOptions['ranges']> = {};
  if (results !== null) {
    for (const name of offered) {
      const m = results.models[name];
      if (!m) continue;
      if (m.ranges) ranges[name] = m.ranges;
      const spec = nomogramChart(results, name, { patientLayer: true });
      if (spec !== null && m.nomogram) nomograms[name] = { vega: await compileChart(spec), layout: nomogramLayout(m.nomogram, results.outcome.timeUnit), nomogram: m.nomogram };
    }
  }
  const hasNomograms = Object.keys(nomograms).length > 0;
  return calculatorHtml({
    model,
    title: fitted.study.title ?? `radsig ${fitted.study.outcome.type} model`,
    runtime: calculatorRuntimeScript(),
    ...(hasNomograms ? { vegaRuntime: vegaRuntimeScript(), nomograms } : {}),
    ranges,
  });
}
