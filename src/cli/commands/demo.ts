import { join, relative } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { describeTable } from '../../data/describe.js';
import { simulateCohort } from '../../data/simulate-cohort.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { ensureOutputFolder, toJsonText, type Command } from '../command.js';
import { formatDescription } from './describe.js';
import { formatDemoStudy, runDemoStudy } from './demo-study.js';
import { writeCohort } from './simulate.js';

const USAGE = `Usage: radsig demo [--out DIR]

Simulates a multi-centre HCC cohort (300 patients, 400 features, 3 centres, seed 1) into DIR
(default ./radsig-demo), describes it, and runs the study on it: ComBat, near-zero-variance,
reproducibility (ICC) and redundancy filters, LASSO signatures for MVI (logistic) and recurrence
(Cox), all fitted on two centres and validated on the third. Writes describe.json and study.json.
The report joins the demo when it lands.`;

/** `radsig demo`. */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'simulate the built-in HCC cohort and run the study on it',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
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
    const study = await runDemoStudy(cohort);
    writeFileAtomic(join(folder, 'describe.json'), toJsonText({ mvi, recurrence: rfs }));
    writeFileAtomic(join(folder, 'study.json'), toJsonText(study));
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
        '',
        ...formatDemoStudy(study),
        '',
        `output: ${shown}/ (describe.json: both descriptions; study.json: the study's numbers)`,
        '',
      ].join('\n'),
    );
    return 0;
  },
};
