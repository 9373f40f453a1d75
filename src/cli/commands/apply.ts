/**
 * `radsig apply MODEL TABLE --out FILE`: scores new patients with a frozen study.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { DataError, ModelFormatError, ParameterError } from '../../core/errors.js';
import { quote } from '../../core/messages.js';
import { tableFileData, tableFileOptions } from '../../data/write-table.js';
import { applyFittedStudyWithReport } from '../../pipeline/apply-study.js';
import { FittedStudy } from '../../pipeline/fitted-study.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { loadTable, printWarnings, type Command, warnFormulaCells } from '../command.js';
import { readJsonFile } from '../json-file.js';
import { checkOutputPaths } from '../output-paths.js';
import { READ_OPTIONS, READ_USAGE, readOptionsFromArgs } from '../role-options.js';

const USAGE = `Usage: radsig apply MODEL.json TABLE --out FILE [--new-batch error|estimate|pooled] [--no-intervals]

Scores new patients with the frozen study of "radsig run" (its imputation, ComBat, kept features,
signature and models) and writes FILE: the id column, then each model's probability (binary) or
risk score and survival at each horizon (survival), exactly as predictions.csv of the run, each
followed by its 95% confidence interval (NAME.lower, NAME.upper; NAME.survival@h.lower, .upper)
for the logistic and Cox models: as predict(glm, se.fit = TRUE) on the log-odds scale and
survfit(coxph, newdata) (baseline hazard variance included, log interval). The intervals take the
model's inputs as given: they ignore the uncertainty of the feature selection. The penalized
Rad-score and the forest have none.

Options:
  --out FILE                   output table (.csv or .tsv)
  --new-batch error|estimate|pooled
                               a centre ComBat has not seen: an error (default), estimated from its
                               own patients (at least 5, every candidate feature), or pooled: assumed
                               to have no batch effect (like the reference batch, if the study has
                               one), for any number of patients, with a warning
  --no-intervals               only the predictions (the columns of predictions.csv)

A study that imputes fills missing feature values as in development (the development median or
mean), says how many per column on stderr and lists them in FILE.imputed.json.
${READ_USAGE}`;

/** `radsig apply`. */
export const applyCommand: Command = {
  name: 'apply',
  summary: 'score new patients with a frozen study model',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs('apply', argv, { out: { type: 'string' }, 'new-batch': { type: 'string' }, 'no-intervals': { type: 'boolean' }, ...READ_OPTIONS }, { min: 2, max: 2, names: 'MODEL TABLE' });
    if (values.help) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const out = stringOption(values, 'out');
    if (out === undefined) throw new ParameterError('apply: --out FILE is required', 'USAGE');
    if (/\.imputed\.json$/i.test(out)) throw new ParameterError(`apply: --out ${quote(out)} is the name of an output's imputation list; give the predictions a table name (.csv or .tsv)`, 'USAGE');
    const newBatch = stringOption(values, 'new-batch') ?? 'error';
    if (newBatch !== 'error' && newBatch !== 'estimate' && newBatch !== 'pooled') throw new ParameterError(`apply: --new-batch must be error, estimate or pooled, got ${quote(newBatch)}`, 'USAGE');
    const [modelPath, tablePath] = positionals;
    const outFull = resolve(io.cwd, out);
    checkOutputPaths(
      io,
      'apply',
      [
        { arg: 'MODEL', path: modelPath },
        { arg: 'TABLE', path: tablePath },
      ],
      [
        { arg: '--out', path: out },
        { arg: '--out (its .imputed.json)', path: `${out}.imputed.json` },
      ],
    );
    const json = readJsonFile(resolve(io.cwd, modelPath), modelPath);
    let fitted: FittedStudy;
    try {
      fitted = FittedStudy.fromJSON(json);
    } catch (error) {
      if (error instanceof ModelFormatError) throw new ModelFormatError(`${modelPath}: ${error.message}`);
      throw error;
    }
    const table = await loadTable(io, tablePath, readOptionsFromArgs(values));
    let report;
    try {
      report = applyFittedStudyWithReport(fitted, table, { newBatch, intervals: values['no-intervals'] !== true });
    } catch (error) {
      if (error instanceof DataError) {
        // the command speaks flags
        const message = error.message.replace(/use newBatch "estimate"/, 'use --new-batch estimate').replace(/or "pooled" to assume/, 'or --new-batch pooled to assume');
        throw new DataError(message.startsWith(tablePath) ? message : `${tablePath}: ${message}`, error.code);
      }
      throw error;
    }
    const { predictions, imputed, unseenBatches } = report;
    const centreWarnings = unseenBatches.filter((b) => b.handling === 'pooled').map((b) => `${tablePath}: centre ${quote(b.level)} (${b.n} patient${b.n === 1 ? '' : 's'}) was not seen in development: ${b.reference !== null ? `scored as if it were like the reference centre ${quote(b.reference)} (no batch effect against it), an assumption the data cannot check` : 'scored assuming it has no batch effect (its values taken as at the pooled location and scale of the development centres), an assumption the data cannot check'}`);
    const imputes = fitted.steps.some((s) => s.name === 'imputation');
    const warnings: string[] = [];
    if (imputed.length > 0) {
      const total = imputed.reduce((s, r) => s + r.count, 0);
      warnings.push(`${tablePath}: filled ${total} missing value${total === 1 ? '' : 's'} with the study's development ${imputed[0].statistic}s, as in development: ${imputed.map((r) => `${quote(r.feature)} ${r.count}`).join(', ')} (listed in ${out}.imputed.json)`);
      const empty = imputed.filter((r) => r.count === predictions.nRows);
      if (empty.length > 0) warnings.push(`${tablePath}: column${empty.length === 1 ? '' : 's'} ${empty.map((r) => quote(r.feature)).join(', ')} ${empty.length === 1 ? 'is' : 'are'} empty in every row: every patient gets the development ${empty[0].statistic}, so ${empty.length === 1 ? 'it does' : 'they do'} not inform these predictions`);
    }
    // the predictions keep the table's format (delimiter, decimal comma)
    writeFileAtomic(outFull, tableFileData(predictions, tableFileOptions(out, table)), out);
    const sidecar = `${outFull}.imputed.json`;
    if (imputes) writeFileAtomic(sidecar, JSON.stringify({ table: tablePath, predictions: out, imputed }, null, 1) + '\n', `${out}.imputed.json`);
    else if (isStaleSidecar(sidecar)) rmSync(sidecar);
    printWarnings(io, [...centreWarnings, ...warnings]);
    warnFormulaCells(io, predictions, out);
    return 0;
  },
};

/** Whether a file is an imputation list apply wrote (left from an earlier output of the same name). */
function isStaleSidecar(path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    const json = JSON.parse(readFileSync(path, 'utf8')) as { predictions?: unknown; imputed?: unknown };
    return typeof json.predictions === 'string' && Array.isArray(json.imputed);
  } catch {
    return false;
  }
}
