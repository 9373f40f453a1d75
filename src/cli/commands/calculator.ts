/**
 * `radsig calculator MODEL.json --out calculator.html`: a bedside calculator page for a frozen study.
 */
import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { ModelFormatError, ParameterError } from '../../core/errors.js';
import { buildCalculator } from '../../report/build-calculator.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { readJsonFile } from '../json-file.js';
import { checkOutputPaths } from '../output-paths.js';
import { readResults } from './report.js';

const USAGE = `Usage: radsig calculator MODEL.json --out FILE [--results RESULTS.json]

Writes a bedside calculator: one self-contained HTML page (no server, no network) where a
clinician enters a patient's predictors for the study's combined, logistic, Cox or clinical model
and reads the predicted probability (binary) or survival at each horizon. The page scores with the
same code as "radsig apply". With the run's results.json (by default the one beside MODEL.json) it
draws the nomogram with the patient's points and flags inputs outside the development range.

Options:
  --out FILE             the page to write (.html)
  --results FILE         the run's results.json (default: beside MODEL.json, if there)`;

/** `radsig calculator`. */
export const calculatorCommand: Command = {
  name: 'calculator',
  summary: 'write a bedside calculator page for a frozen study model',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs('calculator', argv, { out: { type: 'string' }, results: { type: 'string' } }, { min: 1, max: 1, names: 'MODEL' });
    if (values.help) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const out = stringOption(values, 'out');
    if (out === undefined) throw new ParameterError('calculator: --out FILE is required', 'USAGE');
    const modelPath = resolve(io.cwd, positionals[0]);
    const outFull = resolve(io.cwd, out);
    const resultsOption = stringOption(values, 'results');
    const resultsPath = resultsOption === undefined ? resolve(dirname(modelPath), 'results.json') : resolve(io.cwd, resultsOption);
    checkOutputPaths(io, 'calculator', [{ arg: 'MODEL', path: positionals[0] }, { arg: resultsOption === undefined ? 'results.json beside MODEL' : '--results', path: resultsPath }], [{ arg: '--out', path: out }]);
    const json = readJsonFile(modelPath, positionals[0]);
    const results = resultsOption !== undefined || existsSync(resultsPath) ? readResults(resultsPath, resultsOption ?? relative(io.cwd, resultsPath)) : null;
    let html: string;
    try {
      html = await buildCalculator(json, results, { model: positionals[0], results: resultsOption ?? relative(io.cwd, resultsPath) });
    } catch (error) {
      if (error instanceof ModelFormatError) throw new ModelFormatError(`${positionals[0]}: ${error.message}`);
      throw error;
    }
    writeFileAtomic(outFull, html, out);
    io.stdout(`calculator: ${relative(io.cwd, outFull) || out}${results === null ? ' (no results.json: no nomogram, no range checks)' : ''}\n`);
    return 0;
  },
};
