/**
 * The role options every command that reads a feature table shares.
 */
import { ParameterError } from '../core/errors.js';
import { orList, quote, type OptionNamer } from '../core/messages.js';
import type { MissingPolicy } from '../data/dataset.js';
import { DEFAULT_MISSING_TOKENS } from '../data/parse-number.js';
import { isBookkeepingColumn, parseFeatureName } from '../data/pyradiomics.js';
import { hasPyRadiomicsFeatures, type RoleSpec } from '../data/roles.js';
import { listOption, stringOption, type OptionSpec, type ParsedArgs } from './args.js';

/** `--id`, `--outcome`, `--positive`, `--time`, `--event`, `--event-value`, `--batch`, `--covariates`, `--features`, `--exclude`, `--missing`. */
export const ROLE_OPTIONS: OptionSpec = {
  id: { type: 'string' },
  outcome: { type: 'string' },
  positive: { type: 'string' },
  time: { type: 'string' },
  event: { type: 'string' },
  'event-value': { type: 'string' },
  batch: { type: 'string' },
  covariates: { type: 'string' },
  features: { type: 'string' },
  exclude: { type: 'string' },
  missing: { type: 'string' },
  delimiter: { type: 'string' },
  'na-values': { type: 'string' },
  decimal: { type: 'string' },
};

/** The options that say how to read a table file: `--delimiter`, `--na-values`, `--decimal`. */
export const READ_OPTIONS: OptionSpec = {
  delimiter: { type: 'string' },
  'na-values': { type: 'string' },
  decimal: { type: 'string' },
};

/** Usage text for the read options. */
export const READ_USAGE = `  --delimiter C          field separator (default from the file name: .csv comma, .tsv/.txt tab;
                         "tab" for a tab; with --decimal , a .csv is read with ";")
  --na-values a,b        more cell values read as missing, besides empty cells, NA, NaN, nan, null
                         and #N/A (e.g. --na-values "N/A,NULL,.")
  --decimal ,            numbers are written with a decimal comma (1,5), as European spreadsheet
                         exports separated by ";" are (default .)`;

/** Usage text for the role options. */
export const ROLE_USAGE = `Role options:
  --id COL               patient or lesion identifier (unique)
  --outcome COL          binary outcome; --positive VALUE marks the positive class (default 1)
  --time COL --event COL time to event; --event-value V marks events (default 1; other values are
                         then censored, e.g. PBC: --event status --event-value 2)
  --batch COL            centre or scanner
  --covariates a,b       clinical covariates (kept out of the features)
  --features a,b         the feature columns exactly, or
  --exclude a,b          columns to leave out of the default features (every remaining numeric column;
                         PyRadiomics diagnostics_*, Image and Mask are never features)
  --missing POLICY       missing feature values: error (default), drop (incomplete rows), median, mean
${READ_USAGE}`;

/** Missing-value handling chosen on the command line (the library's policies but `allow`). */
export type CliMissing = Exclude<MissingPolicy, 'allow'>;

/** Library option names whose flag is not simply the kebab-case name. */
const FLAG_NAMES: Record<string, string> = {
  eventValue: 'event-value',
  missingTokens: 'na-values',
  decimalMark: 'decimal',
  nLambda: 'nlambda',
  nFolds: 'nfolds',
  foldId: 'foldid',
  nRepeats: 'repeats',
  trees: 'trees',
};

/** The flag of a library option: `eventValue` -> `--event-value`. */
export function flagOf(option: string): string {
  return `--${FLAG_NAMES[option] ?? option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Names options as flags in library messages: `--missing drop`, `--missing drop, median or mean`, `--outcome`. */
export const cliOptionName: OptionNamer = (option, value) => {
  const flag = flagOf(option);
  if (value === undefined) return flag;
  return `${flag} ${typeof value === 'object' ? orList([...value]) : value}`;
};

/**
 * Which columns' original text a command that copies a table must keep: every column that cannot
 * be a feature (features are rewritten anyway). Features are those listed (or a model's), else the
 * columns with PyRadiomics names; in a table without them any numeric column may be a feature,
 * and every column is kept (only cells whose text differs from the number's own form are stored).
 */
export function keepTextOfNonFeatures(spec: RoleSpec, modelFeatures?: readonly string[]): (name: string, index: number, header: readonly string[]) => boolean {
  const listed = modelFeatures ?? spec.features;
  if (listed !== undefined) {
    const features = new Set(listed);
    return (name) => !features.has(name);
  }
  const roles = new Set([spec.id, spec.outcome, spec.time, spec.event, spec.batch, ...(spec.covariates ?? []), ...(spec.exclude ?? [])].filter((x): x is string => x !== undefined));
  let pyradiomics: boolean | null = null;
  return (name, _index, header) => {
    pyradiomics ??= hasPyRadiomicsFeatures(header.filter((h) => !roles.has(h)));
    if (!pyradiomics || roles.has(name)) return true;
    return isBookkeepingColumn(name) || parseFeatureName(name) === null;
  };
}

/** Reads the role options into a {@link RoleSpec}. */
export function roleSpecFromArgs(values: ParsedArgs['values']): RoleSpec {
  const spec: RoleSpec = {};
  const id = stringOption(values, 'id');
  if (id !== undefined) spec.id = id;
  const outcome = stringOption(values, 'outcome');
  if (outcome !== undefined) spec.outcome = outcome;
  const positive = stringOption(values, 'positive');
  if (positive !== undefined) {
    if (outcome === undefined) throw new ParameterError('--positive needs --outcome', 'USAGE');
    spec.positive = positive;
  }
  const time = stringOption(values, 'time');
  if (time !== undefined) spec.time = time;
  const event = stringOption(values, 'event');
  if (event !== undefined) spec.event = event;
  const eventValue = stringOption(values, 'event-value');
  if (eventValue !== undefined) {
    if (event === undefined) throw new ParameterError('--event-value needs --event', 'USAGE');
    spec.eventValue = eventValue;
  }
  const batch = stringOption(values, 'batch');
  if (batch !== undefined) spec.batch = batch;
  const covariates = listOption(values, 'covariates');
  if (covariates !== undefined) spec.covariates = covariates;
  const features = listOption(values, 'features');
  if (features !== undefined) spec.features = features;
  const exclude = listOption(values, 'exclude');
  if (exclude !== undefined) spec.exclude = exclude;
  return spec;
}

/** Reads `--missing`. */
export function missingFromArgs(values: ParsedArgs['values']): CliMissing {
  const v = stringOption(values, 'missing') ?? 'error';
  const allowed = ['error', 'drop', 'median', 'mean'];
  if (!allowed.includes(v)) throw new ParameterError(`--missing must be one of error, drop, median, mean, got ${quote(v)}`, 'USAGE');
  return v as CliMissing;
}

/** How to read the table file: `--delimiter`, `--na-values` (added to the default tokens), `--decimal`. */
export function readOptionsFromArgs(values: ParsedArgs['values']): { delimiter?: string; missingTokens?: string[]; decimalMark?: '.' | ',' } {
  const out: { delimiter?: string; missingTokens?: string[]; decimalMark?: '.' | ',' } = {};
  const delimiter = delimiterFromArgs(values);
  if (delimiter !== undefined) out.delimiter = delimiter;
  const na = stringOption(values, 'na-values');
  if (na !== undefined) {
    const tokens = na.split(',').map((t) => t.trim());
    if (tokens.every((t) => t === '')) throw new ParameterError('--na-values needs at least one value, e.g. --na-values "N/A,NULL,."', 'USAGE');
    out.missingTokens = [...DEFAULT_MISSING_TOKENS, ...tokens.filter((t) => t !== '')];
  }
  const decimal = stringOption(values, 'decimal');
  if (decimal !== undefined) {
    if (decimal !== '.' && decimal !== ',') throw new ParameterError(`--decimal must be . or , got ${quote(decimal)}`, 'USAGE');
    if (decimal === ',' && delimiter === ',') throw new ParameterError('--decimal , needs another --delimiter than "," (usually ";")', 'USAGE');
    out.decimalMark = decimal;
  }
  return out;
}

/** Reads `--delimiter` ("tab" or "\t" for a tab). */
export function delimiterFromArgs(values: ParsedArgs['values']): string | undefined {
  const v = stringOption(values, 'delimiter');
  if (v === undefined) return undefined;
  if (v === 'tab' || v === '\\t') return '\t';
  if (v.length !== 1) throw new ParameterError(`--delimiter must be one character (or "tab"), got ${quote(v)}`, 'USAGE');
  return v;
}
