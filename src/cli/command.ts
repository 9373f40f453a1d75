/**
 * The shape of a radsig command, and helpers the commands share.
 */
import { resolve } from 'node:path';
import { ParameterError } from '../core/errors.js';
import { formulaCellsWarning } from '../data/format-table.js';
import { readTableAsync, type ReadTableOptions } from '../data/read-table.js';
import type { FeatureReport } from '../data/roles.js';
import type { Table } from '../data/table.js';
import type { CliIo } from './cli-io.js';
import { cliOptionName } from './role-options.js';
import { undefinedAsNull } from './undefined-statistics.js';

/** A subcommand of `radsig`. */
export interface Command {
  name: string;
  /** One line for `radsig --help`. */
  summary: string;
  /** Full usage text for `radsig NAME --help`. */
  usage: string;
  /** Runs the command and returns its exit code; throws radsig errors for the caller to report. */
  run(argv: string[], io: CliIo): Promise<number> | number;
}

/** Files a command has read, per run, so that library errors can be given the file's name. */
const inputsRead = new WeakMap<CliIo, { tables: string[]; files: string[] }>();

/** Records a file the command reads (a table, or another input such as a model), as the user named it. */
export function noteInput(io: CliIo, path: string, kind: 'table' | 'file'): void {
  if (!inputsRead.has(io)) inputsRead.set(io, { tables: [], files: [] });
  const record = inputsRead.get(io)!;
  (kind === 'table' ? record.tables : record.files).push(path);
}

/** The tables and other files a command has read so far (as the user named them). */
export function inputsOf(io: CliIo): { tables: readonly string[]; files: readonly string[] } {
  return inputsRead.get(io) ?? { tables: [], files: [] };
}

/**
 * Reads a table named on the command line (relative to the working folder; `-` is standard
 * input), streaming, with messages that name flags.
 */
export async function loadTable(io: CliIo, path: string, options: Pick<ReadTableOptions, 'delimiter' | 'missingTokens' | 'decimalMark' | 'keepText'> = {}): Promise<Table> {
  noteInput(io, path === '-' ? 'standard input' : path, 'table');
  if (path === '-') {
    if (io.stdin === undefined) throw new ParameterError('standard input ("-") is not available here', 'USAGE');
    return readTableAsync('-', { ...options, source: 'standard input', stdin: io.stdin(), optionName: cliOptionName });
  }
  return readTableAsync(resolve(io.cwd, path), { ...options, source: path, optionName: cliOptionName });
}

/**
 * JSON for machine-readable output, two-space indentation. A non-finite number is a bug (every
 * undefined statistic must become null with a warning before it gets here): under the test runner
 * or with RADSIG_DEBUG set it throws, naming the key; otherwise it is written as null.
 */
export function toJsonText(value: unknown): string {
  const strict = process.env.VITEST !== undefined || process.env.RADSIG_DEBUG !== undefined;
  return (
    JSON.stringify(
      value,
      (key, v) => {
        if (typeof v === 'number' && !Number.isFinite(v)) {
          // NaN is an undefined statistic that should have been null with a warning; an infinite
          // bound (e.g. exp of a huge interval end) is written as null, as JSON has no Inf
          if (strict && Number.isNaN(v)) throw new Error(`toJsonText: the JSON output has ${v} at key ${JSON.stringify(key)}; undefined statistics must be null with a warning`);
          return null;
        }
        return v;
      },
      2,
    ) + '\n'
  );
}

/**
 * Prints a command's JSON result: a statistic that came out undefined (NaN, infinite) is null,
 * with one warning line naming it (commands that know why say so before calling this).
 */
export function printJson(io: CliIo, value: unknown): void {
  const warnings: string[] = [];
  const safe = undefinedAsNull(value, warnings);
  printWarnings(io, warnings);
  io.stdout(toJsonText(safe));
}

/** The `features` field of every command's JSON: what was used, what was left out and why. */
export function featuresJson(report: FeatureReport): FeatureReport {
  return { rule: report.rule, used: report.used, names: [...report.names], leftOut: report.leftOut.map((x) => ({ ...x })), warnings: [...report.warnings] };
}

/** Prints warnings as `radsig: warning: ...` lines on stderr. */
export function printWarnings(io: CliIo, warnings: readonly string[]): void {
  for (const w of warnings) io.stderr(`radsig: warning: ${w}\n`);
}

/** Warns once for a table about to be written whose cells a spreadsheet would take for formulas (the values are written unchanged). */
export function warnFormulaCells(io: CliIo, table: Table, shown: string): void {
  const warning = formulaCellsWarning(table, shown);
  if (warning !== null) printWarnings(io, [warning]);
}
