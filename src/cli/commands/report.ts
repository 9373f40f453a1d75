/**
 * `radsig report DIR`: the HTML report and figures of a saved run, from its results.json.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { StudyResults } from '../../pipeline/results-schema/study-results-schema.js';
import { readStudyResults } from '../../pipeline/results-schema/check-results.js';
import { checkSameRun } from '../../report/same-run.js';
import { reportFiles } from '../../report/write-report.js';
import { integerOption, parseCommandArgs, stringOption } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { printWarnings, type Command } from '../command.js';
import { checkOutputFolder, commitOutputFolders, type OutputFolder } from '../output-folder.js';
import { readJsonFile } from '../json-file.js';

const USAGE = `Usage: radsig report DIR [--out FILE] [--dpi N] [--no-figures]

Writes the report of a saved run (the output folder of "radsig run", holding results.json): one
self-contained HTML file that works offline, with sections following TRIPOD+AI, the TRIPOD+AI
checklist and the Radiomics Quality Score, and every chart as figures/NAME.svg, figures/NAME.png
and figures/NAME.vl.json (its Vega-Lite spec) beside the report.

Options:
  --out FILE      the report (default: DIR/report.html); the figures go to figures/ beside it
  --dpi N         resolution of the PNG figures (default 300)
  --no-figures    only the HTML file`;

/** Reads and checks a run's results.json. @throws DataError naming the file. */
export function readResults(path: string, shown: string): StudyResults {
  return readStudyResults(readJsonFile(path, shown, 'no such file (is this the output folder of "radsig run"?)'), shown);
}

/** `radsig report`. */
export const reportCommand: Command = {
  name: 'report',
  summary: 'write the HTML report and figures of a saved run',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs('report', argv, { out: { type: 'string' }, dpi: { type: 'string' }, 'no-figures': { type: 'boolean' } }, { min: 1, max: 1, names: 'DIR' });
    if (values.help) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const dir = resolve(io.cwd, positionals[0]);
    const dpi = integerOption(values, 'dpi', 300, 24, 1200);
    const outOption = stringOption(values, 'out');
    const out = outOption === undefined ? resolve(dir, 'report.html') : resolve(io.cwd, outOption);
    const withFigures = values['no-figures'] !== true;
    // the report and its figures are checked against the input before any work; --no-figures leaves earlier figures as they are
    const target: OutputFolder = { arg: "the report's folder", shown: dirname(outOption ?? join(positionals[0], 'report.html')), path: dirname(out), files: [basename(out)], folders: withFigures ? ['figures'] : [], sets: withFigures ? [`report ${basename(out)}`] : [], writes: [`report ${basename(out)}`] };
    const resultsPath = resolve(dir, 'results.json');
    checkOutputFolder(io, 'report', target, [{ arg: 'DIR/results.json', path: resultsPath }]);
    const shown = positionals[0].replace(/\/$/, '');
    const results = readResults(resultsPath, `${shown}/results.json`);
    // the report sits beside model.json: both must be from one run
    const modelPath = resolve(dir, 'model.json');
    if (existsSync(modelPath)) checkSameRun(results, readJsonFile(modelPath, `${shown}/model.json`), { results: `${shown}/results.json`, model: `${shown}/model.json` });
    const files = await reportFiles(results, { dpi, figures: withFigures, reportName: basename(out) });
    printWarnings(io, commitOutputFolders([{ target, files: files.map((f) => ({ ...f, set: `report ${basename(out)}` })) }]));
    const figures = (files.length - 1) / 3;
    io.stdout(`report: ${relative(io.cwd, out) || out}${figures > 0 ? ` (${figures} figures in ${relative(io.cwd, resolve(dirname(out), 'figures')) || 'figures'}/: SVG, PNG at ${dpi} dpi, Vega-Lite JSON)` : ''}\n`);
    return 0;
  },
};
