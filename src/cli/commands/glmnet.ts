import { resolve } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { DataError, ParameterError } from '../../core/errors.js';
import { Matrix64 } from '../../core/matrix.js';
import { quote } from '../../core/messages.js';
import { namedRecord } from '../../core/named-record.js';
import { CovariateDesign } from '../../data/covariate-design.js';
import type { Dataset } from '../../data/dataset.js';
import { cellValue } from '../../data/column-values.js';
import { numericColumn, type Table } from '../../data/table.js';
import { tableFileData, tableFileOptions } from '../../data/write-table.js';
import type { CvMeasure } from '../../select/cv-elastic-net.js';
import { crossValidateElasticNetParallel } from '../../select/cv-elastic-net-parallel.js';
import { ElasticNet } from '../../select/elastic-net/elastic-net.js';
import type { FittedElasticNet } from '../../select/elastic-net/fitted-elastic-net.js';
import type { ElasticNetOptions, ElasticNetResponse } from '../../select/elastic-net/options.js';
import { integerOption, listOption, numberOption, parseCommandArgs, stringOption, type ParsedArgs } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { optionsAsFlags } from '../library-errors.js';
import { featuresJson, loadTable, printWarnings, type Command, printJson, warnFormulaCells } from '../command.js';
import { checkOutputPaths } from '../output-paths.js';
import { workersOption } from '../workers.js';
import { datasetForCommand } from '../load-dataset.js';
import { missingFromArgs, readOptionsFromArgs, ROLE_OPTIONS, ROLE_USAGE, roleSpecFromArgs } from '../role-options.js';

const PATH_OPTIONS = {
  ...ROLE_OPTIONS,
  alpha: { type: 'string' },
  lambda: { type: 'string' },
  nlambda: { type: 'string' },
  'lambda-min-ratio': { type: 'string' },
  'no-standardize': { type: 'boolean' },
  ties: { type: 'string' },
  unpenalized: { type: 'string' },
  thresh: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const PATH_USAGE = `Model options:
  --alpha A              elastic-net mixing, 1 = lasso (default), 0 = ridge
  --lambda l1,l2,...     lambda sequence (default: glmnet's path)
  --nlambda N            path length (default 100)
  --lambda-min-ratio R   smallest lambda / lambda max (default 0.01 if n < p, else 1e-4)
  --no-standardize       do not standardize features (coefficients are always on the original scale)
  --ties breslow|efron   Cox ties (default breslow, as glmnet 4.1)
  --unpenalized a,b      features left unpenalized (--covariates are added unpenalized)
  --thresh T             convergence threshold (default 1e-7)`;

/** The model, design matrix and response described by the shared options. */
function setUp(command: string, values: ParsedArgs['values'], table: Table, extraExclude: string[] = []) {
  const spec = roleSpecFromArgs(values);
  const binomial = spec.outcome !== undefined;
  const survival = spec.time !== undefined;
  if (binomial === survival) throw new ParameterError(`${command}: give --outcome COL (binomial) or --time COL --event COL (Cox)`, 'USAGE');
  if (binomial && values.ties !== undefined) throw new ParameterError(`${command}: --ties is for a Cox model (--time and --event), not a binary outcome`, 'USAGE');
  if (extraExclude.length > 0 && spec.features === undefined) spec.exclude = [...(spec.exclude ?? []), ...extraExclude];
  const data = datasetForCommand(table, spec, missingFromArgs(values));
  // covariates enter unpenalized, dummy-coded
  const design = CovariateDesign.learn(data.covariates, command);
  const Z = design.encode(data.covariates, data.n, command);
  const names = [...data.featureNames, ...design.columnNames];
  // (the features as read, without a copy, when there are no covariates to append)
  const X = Z.cols === 0 ? data.X : new Matrix64(data.n, names.length);
  if (Z.cols > 0) {
    X.data.set(data.X.data, 0);
    X.data.set(Z.data, data.X.data.length);
  }
  const unpenalized = new Set([...(listOption(values, 'unpenalized') ?? []), ...design.columnNames]);
  for (const u of listOption(values, 'unpenalized') ?? []) {
    if (!names.includes(u)) throw new DataError(`${table.source}: --unpenalized names ${quote(u)}, which is not a feature or covariate`, 'DATA_UNKNOWN_COLUMN');
  }
  if (names.every((name) => unpenalized.has(name))) {
    throw new ParameterError(`${command}: every feature and covariate is unpenalized (--unpenalized${design.columnNames.length > 0 ? ', --covariates' : ''}); the elastic net needs at least one penalized feature`, 'USAGE');
  }
  const ties = stringOption(values, 'ties') ?? 'breslow';
  if (ties !== 'breslow' && ties !== 'efron') throw new ParameterError(`--ties must be breslow or efron, got ${quote(ties)}`, 'USAGE');
  const lambdaText = listOption(values, 'lambda', 'value');
  const lambda = lambdaText?.map((t) => {
    const v = Number(t);
    if (!Number.isFinite(v) || v < 0) throw new ParameterError(`--lambda values must be non-negative numbers, got ${quote(t)}`, 'USAGE');
    return v;
  });
  const options: Partial<ElasticNetOptions> = {
    family: binomial ? 'binomial' : 'cox',
    alpha: numberOption(values, 'alpha', 1, 0, 1),
    nLambda: integerOption(values, 'nlambda', 100, 2, 100000),
    lambdaMinRatio: values['lambda-min-ratio'] === undefined ? null : numberOption(values, 'lambda-min-ratio', 0.01, 0, 1),
    lambda: lambda ?? null,
    standardize: !values['no-standardize'],
    penaltyFactor: unpenalized.size > 0 ? names.map((n) => (unpenalized.has(n) ? 0 : 1)) : null,
    thresh: numberOption(values, 'thresh', 1e-7, 0),
    ties,
  };
  const response: ElasticNetResponse = binomial ? data.y! : { time: data.time!, event: data.event! };
  return { data, X, names, model: new ElasticNet(options), response };
}

/** `radsig glmnet`. */
export const glmnetCommand: Command = {
  name: 'glmnet',
  summary: 'elastic-net path (binomial or Cox), as glmnet',
  usage: `Usage: radsig glmnet TABLE (--outcome COL | --time COL --event COL) [options] --json\n\n${PATH_USAGE}\n\n${ROLE_USAGE}\n  --json                 print { family, alpha, lambda, a0, beta: {feature: [...]}, df, devRatio,\n                         features: { rule, used, names, leftOut, warnings } }`,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs('glmnet', argv, PATH_OPTIONS, { min: 1, max: 1, names: 'TABLE' });
    if (values.help) {
      io.stdout(this.usage + '\n');
      return 0;
    }
    const table = await loadTable(io, positionals[0], readOptionsFromArgs(values));
    const { data, X, names, model, response } = setUp('glmnet', values, table);
    printWarnings(io, data.roles.featureReport.warnings);
    const fit = model.fit(X, response, { featureNames: names });
    const json = { ...pathJson(fit), features: featuresJson(data.roles.featureReport) };
    if (values.json) printJson(io, json);
    else io.stdout(`${fit.options.family} elastic net (alpha ${fit.options.alpha}): ${fit.lambda.length} lambdas from ${fit.lambda[0]} to ${fit.lambda[fit.lambda.length - 1]}; at the smallest, ${fit.df[fit.df.length - 1]} nonzero coefficients, deviance explained ${(100 * fit.devRatio[fit.devRatio.length - 1]).toFixed(1)}%\n`);
    for (const w of fit.diagnostics.warnings) io.stderr(`radsig: warning: ${w}\n`);
    return 0;
  },
};

function pathJson(fit: FittedElasticNet): object {
  const beta = namedRecord(fit.featureNames.map((name, j) => [name, fit.beta.map((b) => b[j])] as const));
  return {
    family: fit.options.family,
    alpha: fit.options.alpha,
    lambda: Array.from(fit.lambda),
    ...(fit.options.family === 'binomial' ? { a0: Array.from(fit.a0) } : {}),
    beta,
    df: Array.from(fit.df),
    devRatio: Array.from(fit.devRatio),
  };
}

/** `radsig cv-glmnet`. */
export const cvGlmnetCommand: Command = {
  name: 'cv-glmnet',
  summary: 'cross-validated elastic net: cvm, cvsd, lambda.min, lambda.1se, as cv.glmnet',
  usage: `Usage: radsig cv-glmnet TABLE (--outcome COL | --time COL --event COL) [options] --json

Cross-validation options:
  --nfolds K             folds (default 10)
  --foldid COL           column holding each row's fold (1..K); excluded from the features
  --stratify             balance outcome classes / events across folds (off by default, as glmnet)
  --repeats R            repeat with new folds and average cvm and cvsd (default 1)
  --measure M            deviance (default), class, auc (binomial); deviance, C (Cox)
  --seed S               seed for the folds (default 1)
  --workers N            worker threads for the folds (results do not depend on N; default 1)
  --radscore-out FILE    write the table with the Rad-score (the signature's linear predictor at
                         lambda.1se, or --radscore-lambda min) as a new column (--radscore-name, default radscore)

${PATH_USAGE}

${ROLE_USAGE}
  --json                 print { family, alpha, measure, lambda, cvm, cvsd, nzero, lambdaMin, lambda1se,
                         a0Min, a01se, coefMin, coef1se, features: { rule, used, names, leftOut, warnings } }`,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(
      'cv-glmnet',
      argv,
      {
        ...PATH_OPTIONS,
        nfolds: { type: 'string' },
        foldid: { type: 'string' },
        stratify: { type: 'boolean' },
        repeats: { type: 'string' },
        measure: { type: 'string' },
        seed: { type: 'string' },
        workers: { type: 'string' },
        'radscore-out': { type: 'string' },
        'radscore-lambda': { type: 'string' },
        'radscore-name': { type: 'string' },
      },
      { min: 1, max: 1, names: 'TABLE' },
    );
    if (values.help) {
      io.stdout(this.usage + '\n');
      return 0;
    }
    const radscoreOut = stringOption(values, 'radscore-out');
    const radscoreLambda = stringOption(values, 'radscore-lambda') ?? '1se';
    if (radscoreLambda !== 'min' && radscoreLambda !== '1se') throw new ParameterError(`--radscore-lambda must be min or 1se, got ${quote(radscoreLambda)}`, 'USAGE');
    const radscoreName = stringOption(values, 'radscore-name') ?? 'radscore';
    checkOutputPaths(io, 'cv-glmnet', [{ arg: 'TABLE', path: positionals[0] }], [{ arg: '--radscore-out', path: radscoreOut }]);
    const table = await loadTable(io, positionals[0], { ...readOptionsFromArgs(values), keepText: radscoreOut !== undefined });
    if (radscoreOut !== undefined && table.has(radscoreName)) throw new ParameterError(`cv-glmnet: the table already has a column ${quote(radscoreName)}; choose another with --radscore-name`, 'USAGE');
    const foldColumn = stringOption(values, 'foldid');
    const { data, X, names, model, response } = setUp('cv-glmnet', values, table, foldColumn ? [foldColumn] : []);
    printWarnings(io, data.roles.featureReport.warnings);
    const measure = (stringOption(values, 'measure') ?? 'deviance') as CvMeasure;
    if (!['deviance', 'class', 'auc', 'C'].includes(measure)) throw new ParameterError(`--measure must be deviance, class, auc or C, got ${quote(measure)}`, 'USAGE');
    const nFolds = integerOption(values, 'nfolds', 10, 3, 100000);
    const nRepeats = integerOption(values, 'repeats', 1, 1, 1000);
    const foldId = foldColumn ? foldsFromColumn(table, foldColumn, data) : null;
    const workers = workersOption(values, io, (foldId === null ? nFolds : new Set(foldId).size) * nRepeats, 'folds to fit');
    const cv = await crossValidateElasticNetParallel(
      model,
      X,
      response,
      { featureNames: names, nFolds, foldId, stratify: values.stratify === true, measure, nRepeats, seed: integerOption(values, 'seed', 1, 0), workers },
    );
    const coefAt = (lambda: number) => {
      const c = cv.fit.coef(lambda);
      const out = namedRecord<number>();
      names.forEach((name, j) => {
        if (c.beta[j] !== 0) out[name] = c.beta[j];
      });
      return { intercept: c.intercept, coef: out };
    };
    const min = coefAt(cv.lambdaMin);
    const se = coefAt(cv.lambda1se);
    const binomial = cv.fit.options.family === 'binomial';
    const json = {
      family: cv.fit.options.family,
      alpha: cv.fit.options.alpha,
      measure: cv.measure,
      lambda: Array.from(cv.lambda),
      cvm: Array.from(cv.cvm),
      cvsd: Array.from(cv.cvsd),
      nzero: Array.from(cv.nzero),
      lambdaMin: cv.lambdaMin,
      lambda1se: cv.lambda1se,
      ...(binomial ? { a0Min: min.intercept, a01se: se.intercept } : {}),
      coefMin: min.coef,
      coef1se: se.coef,
      features: featuresJson(data.roles.featureReport),
    };
    if (radscoreOut !== undefined) {
      // the Rad-score: the signature's linear predictor (with the intercept for binomial) for every row used
      const lambda = radscoreLambda === 'min' ? cv.lambdaMin : cv.lambda1se;
      const lp = cv.fit.linearPredictor(X, lambda);
      const column = new Float64Array(table.nRows).fill(NaN);
      data.rows.forEach((row, k) => (column[row] = lp[k]));
      const written = table.withColumns([numericColumn(radscoreName, column)]);
      warnFormulaCells(io, written, radscoreOut);
      writeFileAtomic(resolve(io.cwd, radscoreOut), tableFileData(written, tableFileOptions(radscoreOut, table)), radscoreOut);
    }
    if (values.json) printJson(io, json);
    else {
      io.stdout(
        [
          `${cv.measure} by ${Math.max(...cv.foldId)}-fold cross-validation of the ${json.family} elastic net (alpha ${json.alpha}):`,
          `lambda.min ${cv.lambdaMin} (cvm ${cv.cvm[cv.indexMin]}, ${cv.nzero[cv.indexMin]} features): ${Object.keys(min.coef).join(', ') || 'none'}`,
          `lambda.1se ${cv.lambda1se} (cvm ${cv.cvm[cv.index1se]}, ${cv.nzero[cv.index1se]} features): ${Object.keys(se.coef).join(', ') || 'none'}`,
          '',
        ].join('\n'),
      );
    }
    for (const w of cv.warnings) io.stderr(`radsig: warning: ${optionsAsFlags(w)}\n`);
    return 0;
  },
};

function foldsFromColumn(table: Table, name: string, data: Dataset): number[] {
  const column = table.column(name, '--foldid');
  return Array.from(data.rows, (row) => {
    const v = cellValue(column, row);
    const k = v === null ? NaN : Number(v);
    if (!Number.isInteger(k) || k < 1) throw new DataError(`${table.source}: fold column ${quote(name)} must hold fold numbers 1, 2, ...; got ${quote(v)} on ${table.locate(row)}`, 'DATA_BAD_FOLD');
    return k;
  });
}
