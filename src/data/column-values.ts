/**
 * The values of role columns as text, the way R compares them: numbers in their shortest form,
 * TRUE/FALSE and T/F as 1/0, distinct values sorted numerically when they are numbers.
 */
import { listText, quote } from '../core/messages.js';
import { parseNumber } from './parse-number.js';
import { formatNumber, type Column } from './table.js';

/** A role value as the text it is compared with (numbers in shortest form: 1, 2.5). */
export function valueText(value: string | number): string {
  return typeof value === 'number' ? formatNumber(value) : value;
}

/** R's logical spellings (`type.convert`): an outcome or event written TRUE/FALSE is 1/0, as glm and Surv read a logical. */
export const LOGICAL_VALUES: Record<string, string> = { TRUE: '1', True: '1', true: '1', T: '1', FALSE: '0', False: '0', false: '0', F: '0' };

/**
 * The form in which values are compared: numbers as the shortest text of their value (so that
 * `"2.0"`, `" 2"` and `2` are the same), R's logical spellings as 1 and 0 (`TRUE`, `F`), other
 * text trimmed.
 */
export function canonicalValue(value: string): string {
  const trimmed = value.trim();
  if (Object.hasOwn(LOGICAL_VALUES, trimmed)) return LOGICAL_VALUES[trimmed];
  const number = parseNumber(trimmed);
  return number !== undefined && trimmed !== '' && !Number.isNaN(number) ? formatNumber(number) : trimmed;
}

/** The cell as text for comparing with role values, or null when missing. */
export function cellValue(column: Column, row: number): string | null {
  if (column.kind === 'text') return column.values[row];
  const v = column.values[row];
  return Number.isNaN(v) ? null : formatNumber(v);
}

/** Distinct present values of a column, in order of first appearance. */
export function distinctValues(column: Column): string[] {
  const seen = new Set<string>();
  for (let i = 0; i < column.values.length; i++) {
    const v = cellValue(column, i);
    if (v !== null) seen.add(v);
  }
  return [...seen];
}

/** Lists values for a message: numbers as they are, text quoted. */
export function valueList(values: readonly string[], max = 5): string {
  return listText(values.map((v) => (v !== '' && Number.isFinite(Number(v)) ? v : quote(v))), max);
}

/** Sorts values numerically when they are all numbers, else as text. */
export function sortValues(values: readonly string[]): string[] {
  const numeric = values.every((v) => v !== '' && Number.isFinite(Number(v)));
  return [...values].sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
}
