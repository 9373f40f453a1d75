import { resolve } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { ParameterError } from '../../core/errors.js';
import { quote } from '../../core/messages.js';
import { namedRecord } from '../../core/named-record.js';
import { RandomSurvivalForest } from '../../models/random-survival-forest.js';
import { fitRandomSurvivalForestParallel } from '../../models/rsf-parallel.js';
import { integerOption, numberOption, parseCommandArgs, stringOption } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { featuresJson, loadTable, printWarnings, printJson } from '../command.js';
import { checkOutputPaths } from '../output-paths.js';
import { workersOption } from '../workers.js';
import { datasetForCommand } from '../load-dataset.js';
import { missingFromArgs, readOptionsFromArgs, ROLE_OPTIONS, ROLE_USAGE, roleSpecFromArgs } from '../role-options.js';

/** Usage of `radsig fit rsf`. */
export const FIT_RSF_USAGE = `Usage:
  radsig fit rsf TABLE --time COL --event COL [--features a,b] [--trees 500] [--mtry M]
                 [--min-node-size 15] [--max-depth D] [--split logrank|logrankscore] [--nsplit 0]
                 [--sample-fraction F] [--replace|--no-replace] [--importance] [--seed S] [--workers N]
                 [--save-model rsf.json] [--json]

Random survival forest (Ishwaran et al. 2008) with log-rank splitting, as ranger / randomForestSRC:
mtry features drawn at every split (default ceil(sqrt(p))), children of at least --min-node-size
in-bag observations, bootstrap samples (--no-replace: subsamples of 0.632 n by default), Nelson-Aalen
leaves; reports the out-of-bag Harrell's and Uno's C of the mortality and, with --importance,
out-of-bag permutation importance. Trees grow in --workers threads with identical results for any number.

${ROLE_USAGE}
  --save-model FILE   write the forest as JSON (for predictions on new patients)
  --json   { n, nEvents, trees, mtry, minNodeSize, split, oobCIndex, oobUnoCIndex, importance: { feature: value },
           features: { rule, used, names, leftOut, warnings } } (importance with --importance)`;

const OPTIONS = {
  ...ROLE_OPTIONS,
  trees: { type: 'string' },
  mtry: { type: 'string' },
  'min-node-size': { type: 'string' },
  'max-depth': { type: 'string' },
  split: { type: 'string' },
  nsplit: { type: 'string' },
  'sample-fraction': { type: 'string' },
  replace: { type: 'boolean' },
  'no-replace': { type: 'boolean' },
  importance: { type: 'boolean' },
  seed: { type: 'string' },
  workers: { type: 'string' },
  'save-model': { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** `radsig fit rsf`. */
export async function fitRsf(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('fit rsf', argv, OPTIONS, { min: 1, max: 1, names: 'TABLE' });
  if (values.help) {
    io.stdout(FIT_RSF_USAGE + '\n');
    return 0;
  }
  const spec = roleSpecFromArgs(values);
  if (spec.time === undefined || spec.event === undefined) throw new ParameterError('fit rsf: --time COL and --event COL are required', 'USAGE');
  if (values.replace && values['no-replace']) throw new ParameterError('fit rsf: give --replace or --no-replace, not both', 'USAGE');
  const split = stringOption(values, 'split') ?? 'logrank';
  if (split !== 'logrank' && split !== 'logrankscore') throw new ParameterError(`--split must be logrank or logrankscore, got ${quote(split)}`, 'USAGE');
  const mtry = stringOption(values, 'mtry') === undefined ? null : integerOption(values, 'mtry', 1, 1);
  const maxDepth = stringOption(values, 'max-depth') === undefined ? null : integerOption(values, 'max-depth', 1, 1);
  const sampleFraction = stringOption(values, 'sample-fraction') === undefined ? null : numberOption(values, 'sample-fraction', 1, 0, 1, { exclusiveMin: true });
  const seedText = stringOption(values, 'seed');
  const seed = seedText === undefined ? 1 : /^\d+$/.test(seedText) ? integerOption(values, 'seed', 1, 0) : seedText;
  const trees = integerOption(values, 'trees', 500, 1);
  const workers = workersOption(values, io, trees, 'trees');
  const forest = new RandomSurvivalForest({
    trees,
    mtry,
    minNodeSize: integerOption(values, 'min-node-size', 15, 1),
    maxDepth,
    split,
    nsplit: integerOption(values, 'nsplit', 0, 0),
    replace: values['no-replace'] !== true,
    sampleFraction,
    importance: values.importance === true,
    seed,
  });
  const saveModel = stringOption(values, 'save-model');
  checkOutputPaths(io, 'fit rsf', [{ arg: 'TABLE', path: positionals[0] }], [{ arg: '--save-model', path: saveModel }]);
  const table = await loadTable(io, positionals[0], readOptionsFromArgs(values));
  const data = datasetForCommand(table, spec, missingFromArgs(values));
  printWarnings(io, data.roles.featureReport.warnings);
  if (mtry !== null && mtry > data.featureNames.length) throw new ParameterError(`fit rsf: --mtry is ${mtry} but there are only ${data.featureNames.length} features`, 'USAGE');
  const fit = await fitRandomSurvivalForestParallel(forest, data.X, { time: data.time!, event: data.event! }, { featureNames: data.featureNames, workers });
  if (saveModel !== undefined) writeFileAtomic(resolve(io.cwd, saveModel), JSON.stringify(fit.toJSON()) + '\n', saveModel);
  const json: Record<string, unknown> = {
    n: fit.n,
    nEvents: fit.nEvents,
    trees: fit.options.trees,
    mtry: fit.options.mtry,
    minNodeSize: fit.options.minNodeSize,
    split: fit.options.split,
    oobCIndex: fit.oobCIndex,
    oobUnoCIndex: fit.oobUnoCIndex,
  };
  if (fit.importance !== null) json.importance = namedRecord(fit.featureNames.map((f, j) => [f, fit.importance![j]] as const));
  json.features = featuresJson(data.roles.featureReport);
  if (values.json) printJson(io, json);
  else {
    const c = (v: number | null) => (v === null ? 'not available' : v.toFixed(4));
    let text = `random survival forest: ${fit.options.trees} trees, mtry ${fit.options.mtry}, min node size ${fit.options.minNodeSize}, ${fit.options.split} splitting\n`;
    text += `n = ${fit.n}, events = ${fit.nEvents}; out-of-bag Harrell's C = ${c(fit.oobCIndex)}, Uno's C = ${c(fit.oobUnoCIndex)}\n`;
    const rows = fit.summary();
    if (rows.length > 0) {
      const width = Math.max(...rows.map((r) => r.feature.length));
      text += 'permutation importance (drop in out-of-bag C):\n' + rows.map((r) => `  ${r.feature.padEnd(width)}  ${r.importance.toFixed(5)}`).join('\n') + '\n';
    }
    io.stdout(text);
  }
  for (const w of fit.diagnostics.warnings) io.stderr(`radsig: warning: ${w}\n`);
  return 0;
}
