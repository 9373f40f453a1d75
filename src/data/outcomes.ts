/**
 * Reading an outcome from its columns: a binary outcome with its positive value, or a survival
 * outcome (time and event, with survival::Surv's codings), with messages naming the column and row.
 */
import { DataError } from '../core/errors.js';
import { libraryOptionName, plural, quote, type OptionNamer } from '../core/messages.js';
import { formatNumber, type Table } from './table.js';
import { canonicalValue, cellValue, distinctValues, sortValues, valueList } from './column-values.js';
import type { ResolvedRoles } from './roles.js';

/** Binary outcome read from a column: 1 = positive, 0 = negative, 255 = missing. */
export interface BinaryOutcome {
  y: Uint8Array;
  /** [negative, positive] values as text. */
  levels: [string, string];
}

/**
 * Reads a binary outcome.
 * @throws DataError unless the column has exactly two values, one of them `positive` (compared as
 *   numbers when both are numbers); with the default positive value 1 (`positiveGiven` false) the
 *   other value must be 0, as glm's 0/1 coding (a 1/2 coding, where R's factor order makes 2 the
 *   positive class, is not silently read with 1 as positive). With `known` (another table's
 *   [negative, positive] values) the column may hold either or both of them, nothing else.
 */
export function readBinaryOutcome(table: Table, name: string, positive: string, optionName: OptionNamer = libraryOptionName, positiveGiven = true, known: readonly [string, string] | null = null): BinaryOutcome {
  const column = table.column(name, optionName('outcome'));
  const values = distinctValues(column);
  const sorted = sortValues(values);
  if (known !== null) {
    // read against another table's two values (an external set may hold one of them only)
    const [negative, positiveValue] = known.map(canonicalValue);
    const other = sorted.find((v) => canonicalValue(v) !== negative && canonicalValue(v) !== positiveValue);
    if (other !== undefined) {
      throw new DataError(`${table.source}: outcome column ${quote(name)} has the value ${quote(other)}, not one of the development table's ${quote(known[0])} and ${quote(known[1])}`, 'DATA_NOT_BINARY');
    }
    const y = new Uint8Array(table.nRows);
    for (let i = 0; i < table.nRows; i++) {
      const v = cellValue(column, i);
      y[i] = v === null ? 255 : canonicalValue(v) === positiveValue ? 1 : 0;
    }
    return { y, levels: [known[0], known[1]] };
  }
  if (values.length !== 2) {
    const what = values.length < 2 ? `only ${plural(values.length, 'value')}` : `${values.length} distinct values`;
    throw new DataError(
      `${table.source}: outcome column ${quote(name)} has ${what} (${valueList(sorted, 6)}); a binary outcome needs exactly two`,
      values.length < 2 ? 'DATA_ONE_CLASS' : 'DATA_NOT_BINARY',
    );
  }
  const wanted = canonicalValue(positive);
  const match = values.find((v) => canonicalValue(v) === wanted);
  if (match === undefined) {
    throw new DataError(
      `${table.source}: outcome column ${quote(name)} has no value ${quote(positive)} (values present: ${valueList(sorted)}); give the positive value with ${optionName('positive')}`,
      'DATA_NO_SUCH_VALUE',
    );
  }
  const negative = values[0] === match ? values[1] : values[0];
  if (!positiveGiven && canonicalValue(negative) !== '0') {
    throw new DataError(
      `${table.source}: outcome column ${quote(name)} has the values ${valueList(sorted.slice(0, 1))} and ${valueList(sorted.slice(1))}; with the default positive value 1 the other value must be 0, so which one is positive is not clear; give the positive value with ${optionName('positive')}`,
      'DATA_NO_SUCH_VALUE',
    );
  }
  const y = new Uint8Array(table.nRows);
  for (let i = 0; i < table.nRows; i++) {
    const v = cellValue(column, i);
    y[i] = v === null ? 255 : v === match ? 1 : 0;
  }
  return { y, levels: [negative, match] };
}

/** Survival outcome read from two columns; missing entries are NaN time / 255 event. */
export interface SurvivalOutcome {
  time: Float64Array;
  event: Uint8Array;
  /** The value read as an event. */
  eventValue: string;
  /** How the event column was read when that was not the default (1/2 codes, as `Surv`). */
  note?: string;
}

/**
 * Reads time and event columns. Times may be zero (an event or censoring on the day of entry), as
 * `survival::Surv` allows.
 * @throws DataError for a non-numeric, infinite or negative time, an event value that no row has,
 *   or (with the default event value) event values other than 0 and 1.
 */
export function readSurvival(table: Table, roles: ResolvedRoles, optionName: OptionNamer = libraryOptionName): SurvivalOutcome {
  const src = table.source;
  const timeName = roles.time!;
  const eventName = roles.event!;
  const timeColumn = table.column(timeName, optionName('time'));
  if (timeColumn.kind !== 'numeric') {
    const bad = timeColumn.firstText;
    throw new DataError(`${src}: time column ${quote(timeName)} has a non-numeric value${bad ? ` ${quote(bad.value)} on ${table.locate(bad.row)}` : ''}`, 'DATA_NOT_NUMERIC');
  }
  const time = timeColumn.values;
  for (let i = 0; i < time.length; i++) {
    const t = time[i];
    if (Number.isNaN(t)) continue;
    if (!Number.isFinite(t)) throw new DataError(`${src}: time column ${quote(timeName)} has an infinite value on ${table.locate(i)}`, 'DATA_INFINITE');
    if (t < 0) {
      throw new DataError(`${src}: time column ${quote(timeName)} has a negative time (${formatNumber(t)}) on ${table.locate(i)}; follow-up times must be zero or positive`, 'DATA_BAD_TIME');
    }
  }
  const eventColumn = table.column(eventName, optionName('event'));
  let eventValue = roles.eventValue;
  let note: string | undefined;
  if (!roles.eventValueGiven) {
    // survival::Surv: a status coded 1/2 (no 0) is 1 = censored, 2 = event
    const present = new Set(distinctValues(eventColumn).map(canonicalValue));
    if (present.size === 2 && present.has('1') && present.has('2')) {
      eventValue = '2';
      note = `event column ${quote(eventName)} is coded 1/2: read as survival::Surv reads it, 2 = event and 1 = censored (give ${optionName('eventValue')} to choose)`;
    }
  }
  const wanted = canonicalValue(eventValue);
  const event = new Uint8Array(table.nRows);
  let matched = 0;
  for (let i = 0; i < table.nRows; i++) {
    const v = cellValue(eventColumn, i);
    if (v === null) event[i] = 255;
    else if (v === wanted || canonicalValue(v) === wanted) {
      event[i] = 1;
      matched++;
    } else if (roles.eventValueGiven || note !== undefined || canonicalValue(v) === '0') event[i] = 0;
    else {
      throw new DataError(
        `${src}: event column ${quote(eventName)} has the value ${quote(v)} on ${table.locate(i)}; expected 0 (censored) or the event value ${quote(eventValue)} (give ${optionName('eventValue')} to count only one value as the event)`,
        'DATA_BAD_EVENT',
      );
    }
  }
  if (roles.eventValueGiven && matched === 0) {
    const present = sortValues(distinctValues(eventColumn));
    throw new DataError(
      `${src}: event column ${quote(eventName)} has no value ${quote(eventValue)} (values present: ${present.length === 0 ? 'none' : valueList(present, 8)}); give the event value with ${optionName('eventValue')}`,
      'DATA_NO_SUCH_VALUE',
    );
  }
  return { time: new Float64Array(time), event, eventValue, ...(note === undefined ? {} : { note }) };
}
