import { join, relative } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { describeTable } from '../../data/describe.js';
import { simulateCohort } from '../../data/simulate-cohort.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { ensureOutputFolder, toJsonText, type Command } from '../command.js';
import { formatDescription } from './describe.js';
import { writeCohort } from './simulate.js';

const USAGE = `Usage: radsig demo [--out DIR]

Simulates a multi-centre HCC cohort (300 patients, 400 features, 3 centres, seed 1) into DIR
(default ./radsig-demo) and describes it for both outcomes (MVI and recurrence-free survival).
The full study (harmonization, selection, models, validation, report) joins the demo as those
stages land.`;

/** `radsig demo`. */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'simulate the built-in HCC cohort and run the study on it',
  usage: USAGE,
  run(argv: string[], io: CliIo): number {
    const { values } = parseCommandArgs('demo', argv, { out: { type: 'string' } }, { min: 0, max: 0, names: '' });
    if (values.help) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const out = stringOption(values, 'out') ?? 'radsig-demo';
    const folder = ensureOutputFolder(io, out);
    const cohort = simulateCohort({ seed: 1 });
    writeCohort(folder, cohort);
    const clinical = ['age', 'sex', 'afp', 'tumor_size_cm', 'cirrhosis'];
    const mvi = describeTable(cohort.features, { id: 'id', outcome: 'mvi', batch: 'center', covariates: clinical, exclude: ['rfs_months', 'recurrence'] });
    const rfs = describeTable(cohort.features, { id: 'id', time: 'rfs_months', event: 'recurrence', batch: 'center', covariates: clinical, exclude: ['mvi'] });
    writeFileAtomic(join(folder, 'describe.json'), toJsonText({ mvi, recurrence: rfs }));
    const shown = relative(io.cwd, folder) || '.';
    io.stdout(
      [
        `radsig demo: simulated cohort written to ${shown}/ (features.csv, repeats.csv, truth.json)`,
        '',
        formatDescription(mvi).trimEnd(),
        '',
        formatDescription(rfs).split('\n').slice(2).join('\n').trimEnd(),
        '',
        `true signature: ${cohort.truth.signature.map((s) => s.feature).join(', ')}`,
        `output: ${shown}/ (describe.json holds both descriptions)`,
        '',
      ].join('\n'),
    );
    return 0;
  },
};
