import { Matrix64 } from '../../core/matrix.js';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { ParameterError } from '../../core/errors.js';
import { listPreview, plural } from '../../core/messages.js';
import { resolveRoles, type FeatureReport } from '../../data/roles.js';
import { numericColumn, Table, textColumn } from '../../data/table.js';
import { formatTable } from '../../data/write-table.js';
import { ICC_FORMS, repeatedRatingsFromLong, repeatedRatingsFromPair, type IccForm } from '../../select/icc.js';
import { ReproducibilityFilter } from '../../select/reproducibility-filter.js';
import { listOption, numberOption, parseCommandArgs, stringOption } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { featuresJson, loadTable, printWarnings, toJsonText, type Command, warnFormulaCells } from '../command.js';
import { checkOutputPaths } from '../output-paths.js';
import { cliOptionName, READ_OPTIONS, READ_USAGE, readOptionsFromArgs } from '../role-options.js';

const USAGE = `Usage:
  radsig icc REPEATS --subject COL --rater COL [options]
  radsig icc TABLE --retest TABLE2 --id COL [options]

Intraclass correlation of every feature between repeated segmentations (psych::ICC, lmer = FALSE),
and which features pass the reproducibility threshold.

Options:
  --form F               ICC1, ICC2 (default), ICC3, ICC1k, ICC2k or ICC3k
  --threshold T          keep features with ICC >= T (default 0.75, Koo & Li 2016)
  --on point|lower       compare the point estimate (default) or the lower confidence bound
  --level L              confidence level (default 0.95)
  --features a,b         feature columns (default: the columns with PyRadiomics feature names, or
  --exclude a,b          every numeric column but subject/rater/id when there are none;
                         PyRadiomics diagnostics_*, Image and Mask are never features)
${READ_USAGE}
  --out icc.csv          one row per feature: feature, form, icc, lower, upper, f, df1, df2, p, kept
  --json                 print { form, threshold, on, level, nSubjects, nRaters, icc: [ {feature, icc, lower,
                         upper, f, df1, df2, p, kept} ], features: { rule, used, names, leftOut, warnings } }
                         (an ICC that is undefined because a feature does not vary is null, with a warning)`;

/** `radsig icc`. */
export const iccCommand: Command = {
  name: 'icc',
  summary: 'ICC of every feature between repeated segmentations, and the reproducibility filter',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(
      'icc',
      argv,
      {
        subject: { type: 'string' },
        rater: { type: 'string' },
        retest: { type: 'string' },
        id: { type: 'string' },
        form: { type: 'string' },
        threshold: { type: 'string' },
        on: { type: 'string' },
        level: { type: 'string' },
        features: { type: 'string' },
        exclude: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean' },
        ...READ_OPTIONS,
      },
      { min: 1, max: 1, names: 'REPEATS' },
    );
    if (values.help) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const form = (stringOption(values, 'form') ?? 'ICC2') as IccForm;
    if (!ICC_FORMS.includes(form)) throw new ParameterError(`--form must be one of ${ICC_FORMS.join(', ')}, got "${form}"`, 'USAGE');
    const on = stringOption(values, 'on') ?? 'point';
    if (on !== 'point' && on !== 'lower') throw new ParameterError(`--on must be point or lower, got "${on}"`, 'USAGE');
    const threshold = numberOption(values, 'threshold', 0.75, -1, 1);
    const level = numberOption(values, 'level', 0.95, 0, 1);
    if (level <= 0 || level >= 1) throw new ParameterError(`--level must be strictly between 0 and 1, got ${level}`, 'USAGE');
    const retest = stringOption(values, 'retest');
    const features = listOption(values, 'features');
    const exclude = new Set(listOption(values, 'exclude') ?? []);
    if (features !== undefined && exclude.size > 0) throw new ParameterError('--features and --exclude cannot be used together', 'USAGE');
    const readOptions = readOptionsFromArgs(values);
    const out = stringOption(values, 'out');
    checkOutputPaths(
      io,
      'icc',
      [
        { arg: 'REPEATS', path: positionals[0] },
        { arg: '--retest', path: retest },
      ],
      [{ arg: '--out', path: out }],
    );
    const table = await loadTable(io, positionals[0], readOptions);
    let report: FeatureReport | null = null;
    const pick = (candidates: Table, skip: string[]) => {
      const roles = resolveRoles(
        candidates,
        features !== undefined ? { features } : { exclude: [...skip.filter((name) => candidates.has(name)), ...exclude] },
        { optionName: cliOptionName },
      );
      // the role columns are not features, nor left out
      roles.featureReport.leftOut = roles.featureReport.leftOut.filter((x) => !skip.includes(x.column));
      report = roles.featureReport;
      return roles.features;
    };
    let ratings;
    // the other layout's options would be silently ignored
    if (retest === undefined && values.id !== undefined) throw new ParameterError('icc: --id matches the rows of two tables (with --retest); a long table takes --subject and --rater', 'USAGE');
    if (retest !== undefined && (values.subject !== undefined || values.rater !== undefined)) {
      throw new ParameterError(`icc: --${values.subject !== undefined ? 'subject' : 'rater'} is for a long table; with --retest the rows of the two tables are matched by --id`, 'USAGE');
    }
    if (retest === undefined) {
      const subject = stringOption(values, 'subject');
      const rater = stringOption(values, 'rater');
      if (subject === undefined || rater === undefined) throw new ParameterError('icc: give --subject and --rater for a long table, or --retest TABLE2 --id COL for two tables', 'USAGE');
      ratings = repeatedRatingsFromLong(table, { subject, rater, features: pick(table, [subject, rater]), optionName: cliOptionName });
    } else {
      const id = stringOption(values, 'id');
      if (id === undefined) throw new ParameterError('icc: --retest needs --id COL to match the rows of the two tables', 'USAGE');
      const second = await loadTable(io, retest, readOptions);
      const candidates = pick(table, [id]);
      const shared = candidates.filter((name) => features !== undefined || (second.has(name) && second.column(name).kind === 'numeric'));
      if (shared.length < candidates.length) {
        // default features of TABLE that the retest table lacks: said so, not silently left without an ICC
        const lacking = candidates.filter((name) => !shared.includes(name));
        const r = report!;
        r.names = shared;
        r.used = shared.length;
        for (const name of lacking) r.leftOut.push({ column: name, reason: 'not in the retest table' });
        r.warnings.push(`${plural(lacking.length, 'feature')} of ${positionals[0]} ${lacking.length === 1 ? 'is' : 'are'} not in ${retest} (or not numeric there) and ${lacking.length === 1 ? 'has' : 'have'} no ICC: ${listPreview(lacking, 8)}`);
      }
      ratings = repeatedRatingsFromPair(table, second, { id, features: shared, optionName: cliOptionName });
    }
    const fitted = new ReproducibilityFilter({ form, threshold, on, level }).fit(new Matrix64(0, ratings.featureNames.length, undefined, ratings.featureNames), null, { icc: ratings });
    const rows = fitted.summary();
    const undefinedIcc = rows.filter((r) => !Number.isFinite(r.icc)).map((r) => r.feature);
    const warnings = [...report!.warnings];
    if (undefinedIcc.length > 0) {
      warnings.push(`the ICC of ${undefinedIcc.length === 1 ? 'a feature' : `${undefinedIcc.length} features`} is undefined (no variance between subjects or between segmentations): ${undefinedIcc.slice(0, 8).join(', ')}${undefinedIcc.length > 8 ? ` and ${undefinedIcc.length - 8} more` : ''}; ${values.json ? 'null in the JSON, ' : ''}empty in --out, never kept`);
    }
    printWarnings(io, warnings);
    if (out !== undefined) {
      const col = (name: string, get: (r: (typeof rows)[number]) => number) => numericColumn(name, Float64Array.from(rows, get));
      const csv = new Table(
        'icc',
        [
          textColumn('feature', rows.map((r) => r.feature)),
          textColumn('form', rows.map((r) => r.form)),
          col('icc', (r) => r.icc),
          col('lower', (r) => r.lower),
          col('upper', (r) => r.upper),
          col('f', (r) => r.f),
          col('df1', (r) => r.df1),
          col('df2', (r) => r.df2),
          col('p', (r) => r.p),
          textColumn('kept', rows.map((r) => (r.kept ? 'TRUE' : 'FALSE'))),
        ],
        rows.length,
      );
      warnFormulaCells(io, csv, out);
      writeFileAtomic(resolve(io.cwd, out), formatTable(csv), out);
    }
    if (values.json) {
      io.stdout(
        toJsonText({
          form,
          threshold,
          on,
          level,
          nSubjects: fitted.nSubjects,
          nRaters: fitted.nRaters,
          icc: rows.map(({ feature, icc, lower, upper, f, df1, df2, p, kept }) => ({
            feature,
            icc: finiteOrNull(icc),
            lower: finiteOrNull(lower),
            upper: finiteOrNull(upper),
            f: finiteOrNull(f),
            df1,
            df2,
            p: finiteOrNull(p),
            kept,
          })),
          features: featuresJson({ ...report!, warnings }),
        }),
      );
    } else {
      const bands = [
        ['poor (< 0.5)', (x: number) => x < 0.5],
        ['moderate (0.5-0.75)', (x: number) => x >= 0.5 && x < 0.75],
        ['good (0.75-0.9)', (x: number) => x >= 0.75 && x < 0.9],
        ['excellent (>= 0.9)', (x: number) => x >= 0.9],
      ] as const;
      const counts = bands.map(([label, test]) => `${label}: ${rows.filter((r) => test(r.icc)).length}`);
      const undefinedCount = rows.filter((r) => Number.isNaN(r.icc)).length;
      io.stdout(
        [
          `${form} of ${rows.length} features, ${fitted.nSubjects} subjects x ${fitted.nRaters} segmentations (${Math.round(level * 100)}% intervals)`,
          `${counts.join(', ')}${undefinedCount > 0 ? `, undefined (no variance): ${undefinedCount}` : ''}`,
          `kept (${on === 'point' ? 'ICC' : 'lower bound'} >= ${threshold}): ${fitted.keptIndex.length} of ${rows.length}${out ? `; table written to ${out}` : ''}`,
          '',
        ].join('\n'),
      );
    }
    return 0;
  },
};

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
