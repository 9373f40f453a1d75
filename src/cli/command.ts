/**
 * The shape of a radsig command, and helpers the commands share.
 */
import { mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataError, ParameterError } from '../core/errors.js';
import { readTable } from '../data/read-table.js';
import type { Table } from '../data/table.js';
import type { CliIo } from './cli-io.js';

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

/** Reads a table named on the command line (relative to the working folder). */
export function loadTable(io: CliIo, path: string, options: { delimiter?: string; keepText?: boolean } = {}): Table {
  return readTable(resolve(io.cwd, path), { ...options, source: path });
}

/** Makes sure an output folder exists (creating it) and is a folder. */
export function ensureOutputFolder(io: CliIo, path: string): string {
  const full = resolve(io.cwd, path);
  try {
    mkdirSync(full, { recursive: true });
  } catch (error) {
    throw new DataError(`${path}: cannot create output folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 'DATA_OUTPUT');
  }
  if (!statSync(full).isDirectory()) throw new ParameterError(`${path}: is not a folder`, 'USAGE');
  return full;
}

/** JSON for machine-readable output: two-space indentation, NaN and infinities as null. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}
