import { join, resolve } from 'node:path';
import { simulateCohort, type SimulatedCohort, type SimulateCohortOptions } from '../../data/simulate-cohort.js';
import { formatTable } from '../../data/write-table.js';
import { integerOption, parseCommandArgs, stringOption } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { printWarnings, toJsonText, type Command } from '../command.js';
import { checkOutputFolder, commitOutputFolders, type OutputFolder } from '../output-folder.js';
import { ParameterError } from '../../core/errors.js';

const USAGE = `Usage: radsig simulate --out DIR [--seed S] [--n 300] [--features 400] [--centers 3] [--repeats 50]

Writes a simulated multi-centre HCC cohort:
  features.csv   id, center, scanner, age, sex, afp, tumor_size_cm, cirrhosis, mvi, rfs_months,
                 recurrence, then PyRadiomics-style features
  repeats.csv    two segmentations (reader 1 and 2) of --repeats patients
  truth.json     the true signature, effects, centre effects and each feature's true ICC
The same seed gives byte-identical files.`;

/** `radsig simulate`. */
export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'write a simulated multi-centre HCC cohort (features, repeats, truth)',
  usage: USAGE,
  run(argv: string[], io: CliIo): number {
    const { values } = parseCommandArgs(
      'simulate',
      argv,
      { out: { type: 'string' }, seed: { type: 'string' }, n: { type: 'string' }, features: { type: 'string' }, centers: { type: 'string' }, repeats: { type: 'string' } },
      { min: 0, max: 0, names: '' },
    );
    if (values.help) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const out = stringOption(values, 'out');
    if (out === undefined) throw new ParameterError('simulate: --out DIR is required', 'USAGE');
    const options: Partial<SimulateCohortOptions> = {
      seed: integerOption(values, 'seed', 1, 0),
      n: integerOption(values, 'n', 300),
      features: integerOption(values, 'features', 400),
      centers: integerOption(values, 'centers', 3),
      repeats: integerOption(values, 'repeats', 50),
    };
    const target: OutputFolder = { arg: '--out', shown: out, path: resolve(io.cwd, out), files: ['features.csv', 'repeats.csv', 'truth.json'], folders: [], sets: ['simulate'] };
    checkOutputFolder(io, 'simulate', target, []);
    const cohort = simulateCohort(options);
    printWarnings(io, commitOutputFolders([{ target, files: cohortFiles(cohort).map((f) => ({ ...f, set: 'simulate' })) }]));
    io.stdout(`simulated ${options.n} patients x ${options.features} features from ${options.centers} centres (seed ${options.seed}): ${join(out, 'features.csv')}, repeats.csv, truth.json\n`);
    return 0;
  },
};

/** The files of a simulated cohort: features.csv, repeats.csv and truth.json. */
export function cohortFiles(cohort: SimulatedCohort): { name: string; data: string }[] {
  return [
    { name: 'features.csv', data: formatTable(cohort.features) },
    { name: 'repeats.csv', data: formatTable(cohort.repeats) },
    { name: 'truth.json', data: toJsonText(cohort.truth) },
  ];
}
