import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeFilesAtomic, type FileToWrite } from '../../core/atomic-write.js';
import { DataError, ModelFormatError, ParameterError } from '../../core/errors.js';
import type { Matrix64 } from '../../core/matrix.js';
import { quote } from '../../core/messages.js';
import { namedRecord } from '../../core/named-record.js';
import { CovariateDesign } from '../../data/covariate-design.js';
import { selectDatasetRows, type Dataset } from '../../data/dataset.js';
import { Imputer } from '../../data/imputer.js';
import { numericColumn } from '../../data/table.js';
import { tableFileData, tableFileOptions } from '../../data/write-table.js';
import { batchEffectSnapshot } from '../../harmonize/batch-diagnostics.js';
import { ComBat } from '../../harmonize/combat/combat.js';
import { FittedComBat } from '../../harmonize/combat/fitted-combat.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { featuresJson, loadTable, noteInput, printWarnings, toJsonText, type Command, printJson, warnFormulaCells } from '../command.js';
import { datasetForCommand } from '../load-dataset.js';
import { checkOutputPaths } from '../output-paths.js';
import { keepTextOfNonFeatures, missingFromArgs, readOptionsFromArgs, ROLE_OPTIONS, ROLE_USAGE, roleSpecFromArgs } from '../role-options.js';

const USAGE = `Usage:
  radsig harmonize TABLE --batch COL [--covariates a,b] [--ref-batch VALUE] [--nonparametric]
                   [--mean-only] [--no-eb] --out OUT.csv [--save-model combat.json] [--json]
  radsig harmonize TABLE --model combat.json [--new-batch error|estimate|pooled] --out OUT.csv [--json]

ComBat harmonization (as sva::ComBat). OUT.csv has exactly the input's columns in the same order
and rows; only feature columns change (full precision); other columns are copied as they were.
With --model, a saved model is applied to new patients: its features, batch column and covariates
are taken from the model; covariates enter through the learned coefficients; a batch not seen in
training is an error unless --new-batch estimate (at least 5 samples of that batch) or pooled
(assumed to have no batch effect: its values are kept).
Missing feature values stay missing in OUT.csv; with --missing drop the model is fitted on
complete rows, with --missing median|mean on imputed values (error by default).

${ROLE_USAGE}
  --json                 print { features: { rule, used, names, leftOut, warnings }, batches, unadjusted,
                         shareAnovaSignificant, shareKruskalSignificant }`;

const OPTIONS = {
  ...ROLE_OPTIONS,
  'ref-batch': { type: 'string' },
  nonparametric: { type: 'boolean' },
  'mean-only': { type: 'boolean' },
  'no-eb': { type: 'boolean' },
  out: { type: 'string' },
  'save-model': { type: 'string' },
  model: { type: 'string' },
  'new-batch': { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** `radsig harmonize`. */
export const harmonizeCommand: Command = {
  name: 'harmonize',
  summary: 'remove batch (centre, scanner) effects with ComBat, or apply a saved ComBat model',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs('harmonize', argv, OPTIONS, { min: 1, max: 1, names: 'TABLE' });
    if (values.help) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const out = stringOption(values, 'out');
    if (out === undefined) throw new ParameterError('harmonize: --out OUT.csv is required', 'USAGE');
    const modelPath = stringOption(values, 'model');
    const fitOnly = ['ref-batch', 'nonparametric', 'mean-only', 'no-eb', 'save-model'].filter((k) => values[k] !== undefined);
    if (modelPath !== undefined && fitOnly.length > 0) throw new ParameterError(`harmonize: --${fitOnly[0]} is for fitting; it cannot be used with --model`, 'USAGE');
    const newBatch = stringOption(values, 'new-batch') ?? 'error';
    if (newBatch !== 'error' && newBatch !== 'estimate' && newBatch !== 'pooled') throw new ParameterError(`--new-batch must be error, estimate or pooled, got "${newBatch}"`, 'USAGE');
    if (modelPath === undefined && values['new-batch'] !== undefined) throw new ParameterError('harmonize: --new-batch applies a saved model; it needs --model', 'USAGE');
    const missing = missingFromArgs(values);
    const spec = roleSpecFromArgs(values);
    const saveModel = stringOption(values, 'save-model');
    checkOutputPaths(
      io,
      'harmonize',
      [
        { arg: 'TABLE', path: positionals[0] },
        { arg: '--model', path: modelPath },
      ],
      [
        { arg: '--out', path: out },
        { arg: '--save-model', path: saveModel },
      ],
    );
    const model = modelPath === undefined ? null : loadModel(io, modelPath);
    // other columns are copied character for character: keep the text of every column but the features
    const keepText = keepTextOfNonFeatures(spec, model === null ? undefined : model.featureNames);
    const table = await loadTable(io, positionals[0], { ...readOptionsFromArgs(values), keepText });

    let fitted: FittedComBat;
    let data: Dataset;
    if (model === null) {
      if (spec.batch === undefined) throw new ParameterError('harmonize: --batch COL is required (or --model to apply a saved model)', 'USAGE');
      data = datasetForCommand(table, spec, 'allow');
      const combat = new ComBat({
        refBatch: stringOption(values, 'ref-batch') ?? null,
        parametric: !values.nonparametric,
        meanOnly: values['mean-only'] === true,
        eb: !values['no-eb'],
      });
      fitted = namingCovariates(data, () => fitOnRows(combat, data, missing));
    } else {
      fitted = model;
      if (spec.features !== undefined || spec.exclude !== undefined || spec.covariates !== undefined) {
        throw new ParameterError('harmonize: with --model the features and covariates come from the model; drop --features, --exclude and --covariates', 'USAGE');
      }
      const batchColumn = spec.batch ?? fitted.batchColumn;
      if (batchColumn === null) throw new ParameterError(`harmonize: the model does not record its batch column; give --batch`, 'USAGE');
      data = datasetForCommand(table, { ...spec, batch: batchColumn, features: [...fitted.featureNames], covariates: fitted.covariates.terms.map((t) => t.name) }, 'allow');
    }
    // batch effects before (on the complete rows), then the features harmonized in place: the
    // table is the only copy of the matrix (a big table fits in memory once, not twice)
    const complete = completeRows(data.X);
    const batchLevels = new Set(complete.map((i) => data.batch![i]));
    const diagnose = complete.length > 2 && batchLevels.size > 1;
    const completeBatch = complete.map((i) => data.batch![i]);
    const rowsOf = (M: Matrix64) => (complete.length === data.n ? M : M.selectRows(complete));
    const before = diagnose ? batchEffectSnapshot(rowsOf(data.X), completeBatch) : null;
    const harmonized = fitted.transform(data.X, { batch: data.batch!, covariates: data.covariates, newBatch, missing: 'keep', inPlace: true });
    const replaced = data.featureNames.map((name, j) => numericColumn(name, harmonized.column(j)));
    const written = table.withColumns(replaced);
    const files: FileToWrite[] = [{ path: resolve(io.cwd, out), data: tableFileData(written, tableFileOptions(out, table)), name: out }];
    if (saveModel !== undefined) files.push({ path: resolve(io.cwd, saveModel), data: toJsonText(fitted.toJSON()), name: saveModel });
    warnFormulaCells(io, written, out);
    writeFilesAtomic(files);

    const summary = {
      features: featuresJson(data.roles.featureReport),
      batches: namedRecord(fitted.levels.map((l, b) => [l, fitted.batchSizes[b]] as const)),
      unadjusted: data.featureNames.filter((_, j) => fitted.adjusted[j] === 0),
      shareAnovaSignificant: null as null | { before: number; after: number },
      shareKruskalSignificant: null as null | { before: number; after: number },
    };
    if (before !== null) {
      const after = batchEffectSnapshot(rowsOf(harmonized), completeBatch);
      summary.shareAnovaSignificant = { before: before.shareAnovaSignificant, after: after.shareAnovaSignificant };
      summary.shareKruskalSignificant = { before: before.shareKruskalSignificant, after: after.shareKruskalSignificant };
    }
    printWarnings(io, data.roles.featureReport.warnings);
    if (values.json) {
      printJson(io, summary);
    } else {
      const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
      const lines = [
        `harmonized ${summary.features.used} features of ${data.n} samples in ${out}${saveModel ? `; model saved to ${saveModel}` : ''}`,
        `batches (training): ${Object.entries(summary.batches).map(([k, v]) => `${k}: ${v}`).join(', ')}`,
      ];
      if (summary.unadjusted.length > 0) lines.push(`left unadjusted (no variance inside a batch): ${summary.unadjusted.length} features`);
      if (summary.shareAnovaSignificant) {
        lines.push(`features with batch differences (ANOVA p < 0.05): ${pct(summary.shareAnovaSignificant.before)} before, ${pct(summary.shareAnovaSignificant.after)} after`);
      }
      for (const w of fitted.diagnostics.warnings) lines.push(`warning: ${w}`);
      io.stdout(lines.join('\n') + '\n');
    }
    return 0;
  },
};

/**
 * ComBat names dummy-coded design columns in its messages (`"covz"` for level "z" of `cov`); the
 * command line names the covariate and its level as the user knows them.
 */
function namingCovariates<T>(data: Dataset, fit: () => T): T {
  try {
    return fit();
  } catch (error) {
    if (!(error instanceof DataError) || data.covariates.length === 0) throw error;
    let message = error.message;
    try {
      const design = CovariateDesign.learn(data.covariates, 'harmonize');
      for (const term of design.terms) {
        if (term.type !== 'categorical') continue;
        for (const level of term.levels.slice(1)) {
          message = message.replaceAll(quote(`${term.name}${level}`), `${quote(term.name)} (its level ${quote(level)}, against ${quote(term.levels[0])})`);
        }
      }
    } catch {
      throw error;
    }
    throw message === error.message ? error : new DataError(message, error.code);
  }
}

/** Fits ComBat on complete rows, imputed rows, or all rows, as --missing says. */
function fitOnRows(combat: ComBat, data: Dataset, missing: string): FittedComBat {
  const hasMissing = completeRows(data.X).length < data.n;
  const fitRows = (d: Dataset, X: Matrix64) => combat.fit(X, null, { featureNames: d.featureNames, batch: d.batch!, covariates: d.covariates, batchColumn: d.roles.batch });
  if (!hasMissing) return fitRows(data, data.X);
  if (missing === 'error') {
    const columns = data.featureNames.filter((_, j) => data.X.column(j).some(Number.isNaN));
    throw new DataError(`${data.source}: missing values in ${columns.length} feature columns (first: "${columns[0]}"); use --missing drop, median or mean`, 'DATA_MISSING');
  }
  if (missing === 'drop') {
    const complete = selectDatasetRows(data, completeRows(data.X));
    return fitRows(complete, complete.X);
  }
  const imputed = new Imputer({ strategy: missing as 'median' | 'mean' }).fit(data.X, null, { featureNames: data.featureNames }).transform(data.X);
  return fitRows(data, imputed);
}

function completeRows(X: Matrix64): number[] {
  // column by column (the storage order), not row by row
  const incomplete = new Uint8Array(X.rows);
  const data = X.data;
  for (let k = 0; k < data.length; k++) if (data[k] !== data[k]) incomplete[k % X.rows] = 1;
  const rows: number[] = [];
  for (let i = 0; i < X.rows; i++) if (incomplete[i] === 0) rows.push(i);
  return rows;
}

function loadModel(io: CliIo, path: string): FittedComBat {
  noteInput(io, path, 'file');
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    throw new DataError(`${path}: cannot read model: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, 'DATA_FILE');
  }
  try {
    return FittedComBat.fromJSON(text);
  } catch (error) {
    if (error instanceof ModelFormatError) throw new ModelFormatError(`${path}: ${error.message}`, error.code);
    throw error;
  }
}
