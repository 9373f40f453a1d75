/**
 * Argument parsing shared by the commands: node's `util.parseArgs` with radsig's error
 * convention (a {@link ParameterError}, exit code 2) and typed option readers.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ParameterError } from '../core/errors.js';
import { quote } from '../core/messages.js';

/** Option definitions as `util.parseArgs` takes them. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Parsed values: strings, booleans, positionals. */
export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Parses `argv` strictly: unknown options, missing values and surplus positionals are usage errors.
 */
export function parseCommandArgs(command: string, argv: string[], options: OptionSpec, positionals: { min: number; max: number; names: string }): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/\.$/, '');
    throw new ParameterError(`${command}: ${message}`, 'USAGE');
  }
  // parseArgs keeps the last of a repeated option: `--exclude age --exclude sex` would silently make age a feature
  const given = new Map<string, string>();
  for (const token of parsed.tokens as { kind: string; name?: string; value?: string }[]) {
    if (token.kind !== 'option' || token.name === undefined || token.value === undefined) continue;
    const first = given.get(token.name);
    if (first !== undefined) {
      throw new ParameterError(`${command}: --${token.name} is given twice (${quote(first)} and ${quote(token.value)}); give it once${/^(features|exclude|covariates|unpenalized|lambda|times|na-values)$/.test(token.name) ? `, as one comma-separated list` : ''}`, 'USAGE');
    }
    given.set(token.name, token.value);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) return { values, positionals: parsed.positionals };
  if (parsed.positionals.length < positionals.min) {
    throw new ParameterError(`${command}: missing ${positionals.names}`, 'USAGE');
  }
  if (parsed.positionals.length > positionals.max) {
    throw new ParameterError(`${command}: unexpected argument ${quote(parsed.positionals[positionals.max])}`, 'USAGE');
  }
  return { values, positionals: parsed.positionals };
}

/** A string option, if given. */
export function stringOption(values: ParsedArgs['values'], name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A comma-separated list option (empty items dropped), if given; `what` names an item in the error for an empty list. */
export function listOption(values: ParsedArgs['values'], name: string, what = 'name'): string[] | undefined {
  const v = stringOption(values, name);
  if (v === undefined) return undefined;
  const items = v.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (items.length === 0) throw new ParameterError(`--${name} needs at least one ${what}`, 'USAGE');
  return items;
}

/** An integer option within bounds, or the default. */
export function integerOption(values: ParsedArgs['values'], name: string, fallback: number, min = -Infinity, max = Infinity): number {
  const v = stringOption(values, name);
  if (v === undefined) return fallback;
  const x = /^[+-]?\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isSafeInteger(x)) throw new ParameterError(`--${name} must be an integer${rangeText(min, max)}, got ${quote(v)}`, 'USAGE');
  if (x < min || x > max) throw new ParameterError(`--${name} must be${rangeText(min, max)}, got ${x}`, 'USAGE');
  return x;
}

/**
 * A number option within bounds, or the default; `exclusiveMin` excludes the lower bound
 * (`--sample-fraction` must be greater than 0).
 */
export function numberOption(values: ParsedArgs['values'], name: string, fallback: number, min = -Infinity, max = Infinity, { exclusiveMin = false } = {}): number {
  const v = stringOption(values, name);
  if (v === undefined) return fallback;
  const x = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(x)) throw new ParameterError(`--${name} must be a number${rangeText(min, max, exclusiveMin)}, got ${quote(v)}`, 'USAGE');
  if (x < min || x > max || (exclusiveMin && x === min)) throw new ParameterError(`--${name} must be${rangeText(min, max, exclusiveMin)}, got ${x}`, 'USAGE');
  return x;
}

/** " between 1 and 64", " of at least 1", " greater than 0 and at most 1", or "" without bounds. */
function rangeText(min: number, max: number, exclusiveMin = false): string {
  const low = Number.isFinite(min) ? (exclusiveMin ? `greater than ${min}` : `at least ${min}`) : '';
  const high = Number.isFinite(max) ? `at most ${max}` : '';
  if (low !== '' && high !== '') return exclusiveMin ? ` ${low} and ${high}` : ` between ${min} and ${max}`;
  if (low !== '') return ` ${low}`;
  if (high !== '') return ` ${high}`;
  return '';
}
