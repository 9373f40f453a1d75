import { ParameterError } from '../../core/errors.js';
import { quote } from '../../core/messages.js';
import { CoxPH } from '../../models/cox-ph.js';
import { coxZph } from '../../models/cox-zph.js';
import { LogisticRegression } from '../../models/logistic-regression.js';
import { parseCommandArgs, stringOption } from '../args.js';
import { fitRsf } from './fit-rsf.js';
import type { CliIo } from '../cli-io.js';
import { featuresJson, loadTable, printWarnings, type Command, printJson } from '../command.js';
import { datasetForCommand } from '../load-dataset.js';
import { optionsAsFlags } from '../library-errors.js';
import { missingFromArgs, readOptionsFromArgs, ROLE_OPTIONS, ROLE_USAGE, roleSpecFromArgs } from '../role-options.js';

const USAGE = `Usage:
  radsig fit logistic TABLE --outcome COL [--features a,b] [--firth] [--json]
  radsig fit cox TABLE --time COL --event COL [--features a,b] [--ties efron|breslow] [--json]
  radsig fit rsf TABLE --time COL --event COL [options]   (radsig fit rsf --help)

Unpenalized logistic (as glm) or Cox (as coxph) regression of the outcome on the features (e.g. a
Rad-score and clinical covariates), with R's coefficient table; or a random survival forest.

${ROLE_USAGE}
  --json   logistic: { n, converged, logLik, aic, coefficients: [ {term, estimate, se, z, p, lower, upper} ], features }
           cox: { n, nEvents, ties, logLik, concordance, coefficients: [ {term, estimate, hr, se, z, p, lower, upper} ],
                  zph: { global: {chisq, df, p}, terms: [ {term, chisq, df, p} ] } (cox.zph, KM transform),
                  tests: { likelihoodRatio, wald, score }, features }
           features: { rule, used, names, leftOut, warnings }: the features used and the columns left out`;

/** `radsig fit`. */
export const fitCommand: Command = {
  name: 'fit',
  summary: 'logistic or Cox regression with R\'s coefficient table, or a random survival forest',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const [model, ...rest] = argv;
    if (model === '--help' || model === '-h' || model === undefined) {
      io.stdout(USAGE + '\n');
      return model === undefined ? 2 : 0;
    }
    if (model === 'rsf') return fitRsf(rest, io);
    if (model !== 'logistic' && model !== 'cox') throw new ParameterError(`fit: model must be logistic, cox or rsf, got ${quote(model)}`, 'USAGE');
    const { values, positionals } = parseCommandArgs(`fit ${model}`, rest, { ...ROLE_OPTIONS, firth: { type: 'boolean' }, ties: { type: 'string' }, json: { type: 'boolean' } }, { min: 1, max: 1, names: 'TABLE' });
    if (values.help) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    // each model's own option, refused for the other rather than silently ignored
    if (model === 'cox' && values.firth !== undefined) throw new ParameterError('fit cox: --firth is for fit logistic; radsig has no Firth-penalized Cox model', 'USAGE');
    if (model === 'logistic' && values.ties !== undefined) throw new ParameterError('fit logistic: --ties is for fit cox', 'USAGE');
    const spec = roleSpecFromArgs(values);
    const table = await loadTable(io, positionals[0], readOptionsFromArgs(values));
    if (model === 'logistic') {
      if (spec.outcome === undefined) throw new ParameterError('fit logistic: --outcome COL is required', 'USAGE');
      const data = datasetForCommand(table, spec, missingFromArgs(values));
      printWarnings(io, data.roles.featureReport.warnings);
      const fit = new LogisticRegression({ firth: values.firth === true }).fit(data.X, data.y!, { featureNames: data.featureNames });
      const rows = fit.summary();
      const json = {
        n: fit.n,
        converged: fit.converged,
        logLik: fit.logLik,
        aic: fit.aic,
        coefficients: rows,
        features: featuresJson(data.roles.featureReport),
      };
      if (values.json) printJson(io, json);
      else io.stdout(formatRows(rows.map((r) => [r.term, r.estimate, r.ratio, r.se, r.z, r.p, r.ratioLower, r.ratioUpper]), ['', 'estimate', 'OR', 'se', 'z', 'p', 'OR lower', 'OR upper']) + `n = ${fit.n}, logLik = ${fit.logLik.toFixed(3)}, AIC = ${fit.aic.toFixed(2)}\n`);
      printWarnings(io, fit.diagnostics.warnings.map(optionsAsFlags));
      return 0;
    }
    if (spec.time === undefined) throw new ParameterError('fit cox: --time COL and --event COL are required', 'USAGE');
    const ties = stringOption(values, 'ties') ?? 'efron';
    if (ties !== 'efron' && ties !== 'breslow') throw new ParameterError(`--ties must be efron or breslow, got ${quote(ties)}`, 'USAGE');
    const data = datasetForCommand(table, spec, missingFromArgs(values));
    printWarnings(io, data.roles.featureReport.warnings);
    const survival = { time: data.time!, event: data.event! };
    const fit = new CoxPH({ ties }).fit(data.X, survival, { featureNames: data.featureNames });
    const rows = fit.summary();
    const json = {
      n: fit.n,
      nEvents: fit.nEvents,
      ties,
      logLik: fit.logLik[1],
      concordance: fit.concordance.estimate,
      coefficients: rows,
      // a diagnostic that cannot be computed (e.g. a single event) is unavailable, not a failure of the fit
      zph: (() => {
        try {
          const z = coxZph(fit, data.X, survival);
          return { global: z.global, terms: z.terms };
        } catch (error) {
          return { unavailable: (error as Error).message };
        }
      })(),
      tests: fit.tests,
      features: featuresJson(data.roles.featureReport),
    };
    if (values.json) printJson(io, json);
    else io.stdout(formatRows(rows.map((r) => [r.term, r.estimate, r.ratio, r.se, r.z, r.p, r.ratioLower, r.ratioUpper]), ['', 'coef', 'exp(coef)', 'se(coef)', 'z', 'Pr(>|z|)', 'lower .95', 'upper .95']) + `n = ${fit.n}, events = ${fit.nEvents}, concordance = ${fit.concordance.estimate.toFixed(3)}, ${fit.tests === null ? 'no covariates, no tests' : `likelihood ratio test = ${fit.tests.likelihoodRatio.chisq.toFixed(2)} on ${fit.tests.likelihoodRatio.df} df`}\n`);
    printWarnings(io, fit.diagnostics.warnings.map(optionsAsFlags));
    return 0;
  },
};

function formatRows(rows: (string | number)[][], header: string[]): string {
  const cells = [header, ...rows.map((r) => r.map((v) => (typeof v === 'number' ? formatCell(v) : v)))];
  const widths = header.map((_, c) => Math.max(...cells.map((r) => String(r[c]).length)));
  return cells.map((r) => r.map((v, c) => (c === 0 ? String(v).padEnd(widths[c]) : String(v).padStart(widths[c]))).join('  ')).join('\n') + '\n';
}

/** A number of the coefficient table as R prints it: Inf, -Inf and NA, not JavaScript's Infinity and NaN; very small and very large in scientific notation. */
function formatCell(v: number): string {
  if (Number.isNaN(v)) return 'NA';
  if (!Number.isFinite(v)) return v > 0 ? 'Inf' : '-Inf';
  return (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6) && v !== 0 ? v.toExponential(2) : v.toFixed(4);
}
