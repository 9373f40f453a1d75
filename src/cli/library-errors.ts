/**
 * Library errors in the command line's terms: the library names its options (`newBatch "estimate"`,
 * `missing: "drop"`) and often not the file; the command line speaks flags and names the file.
 */
import { DataError, ModelFormatError, ParameterError, RadsigError } from '../core/errors.js';
import { quote } from '../core/messages.js';
import { flagOf } from './role-options.js';

/** Library options whose names differ from their flags, as they appear in library messages. */
const LIBRARY_OPTIONS = ['newBatch', 'refBatch', 'meanOnly', 'lambdaMinRatio', 'nLambda', 'minNodeSize', 'maxDepth', 'sampleFraction', 'nFolds', 'foldId', 'nRepeats', 'eventValue', 'missingTokens', 'decimalMark'];

/** Options that keep their name as a flag, translated only when written as `missing: "drop"`. */
const VALUED_OPTIONS = ['missing', 'ties', 'measure', 'form', 'split', 'delimiter', 'outcome', 'positive', 'features', 'exclude', 'covariates', 'batch', 'time', 'event', 'id'];

/** Rewrites library option names in a message as flags: `newBatch "estimate"` -> `--new-batch estimate`. */
export function optionsAsFlags(message: string): string {
  const flag = (_m: string, option: string, a?: string, b?: string) => `${flagOf(option)} ${a ?? b}`;
  // camelCase options with a value, with or without a colon; plain-word options only as the namer writes them (`missing: "drop"`)
  let out = message.replace(new RegExp(`\\b(${LIBRARY_OPTIONS.join('|')}):? (?:"([^"]*)"|'([^']*)')`, 'g'), flag);
  // (a list of values, as the namer writes it: `missing: "drop", "median" or "mean"` -> `--missing drop, median or mean`)
  out = out.replace(new RegExp(`\\b(${VALUED_OPTIONS.join('|')}): ("[^"]*"(?:, "[^"]*")* or "[^"]*")`, 'g'), (_m, option: string, list: string) => `${flagOf(option)} ${list.replaceAll('"', '')}`);
  out = out.replace(new RegExp(`\\b(${VALUED_OPTIONS.join('|')}): (?:"([^"]*)"|'([^']*)')`, 'g'), flag);
  out = out.replace(new RegExp(`(?<![-\\w])(${LIBRARY_OPTIONS.join('|')})\\b`, 'g'), (_m, option: string) => flagOf(option));
  // boolean options that are switches on the command line: `firth: true` -> `--firth`
  out = out.replace(/\b(firth): true\b/g, (_m, option: string) => flagOf(option));
  return out;
}

/** Library options that the command line takes as flags of the same meaning (`n` is `--n`). */
const FLAG_BACKED = ['n', 'features', 'centers', 'repeats', 'seed', 'alpha', 'trees', 'mtry', 'minNodeSize', 'maxDepth', 'nsplit', 'sampleFraction', 'nLambda', 'lambdaMinRatio', 'thresh', 'nFolds', 'nRepeats', 'threshold', 'level', 'form'];

/**
 * `simulateCohort: n must be >= 20, got 0` -> `--n must be at least 20, got 0`: a library check of
 * an option that came from a flag, in the flag's terms.
 */
export function parameterAsFlag(message: string): string {
  const m = /^[A-Za-z][\w.]*: ([A-Za-z]+) must be (.*)$/.exec(message);
  if (m === null || !FLAG_BACKED.includes(m[1])) return message;
  const rest = m[2].replace(/^>= /, 'at least ').replace(/^<= /, 'at most ').replace(/^> /, 'greater than ').replace(/^< /, 'less than ');
  return `${flagOf(m[1])} must be ${rest}`;
}

/**
 * The error as the command line reports it: option names as flags and, for a data error that
 * does not name a file, the name of the table the command read (`features.csv: ComBat: ...`).
 * Anything that is not a radsig error is returned unchanged. With `studyFile` (run, demo), messages
 * keep their words: the pipeline names the study file's keys itself (`data.missing: "drop"`).
 */
export function inCliTerms(error: unknown, tables: readonly string[], otherFiles: readonly string[] = [], options: { studyFile?: boolean } = {}): unknown {
  if (!(error instanceof RadsigError)) return error;
  // (a study file's errors already name its keys, not flags)
  let message = options.studyFile ? error.message : optionsAsFlags(error instanceof ParameterError ? parameterAsFlag(error.message) : error.message);
  if ((error instanceof DataError || error instanceof ModelFormatError) && tables.length > 0) {
    const known = [...tables, ...otherFiles].flatMap((p) => [p, quote(p)]);
    const named = known.some((p) => message.startsWith(`${p}:`) || message.startsWith(`${p} `));
    if (!named) message = `${tables[0]}: ${message}`;
  }
  if (message === error.message) return error;
  const Kind = error instanceof ParameterError ? ParameterError : error instanceof ModelFormatError ? ModelFormatError : error instanceof DataError ? DataError : RadsigError;
  return new Kind(message, error.code);
}
