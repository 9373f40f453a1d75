/**
 * Records keyed by names that come from the data (feature names, batch levels, outcome values),
 * safe for every name, including `__proto__`, `constructor` and `toString`.
 */

/**
 * A record with no prototype whose keys are exactly the given names, in order. A plain object
 * literal loses a key named `__proto__` on assignment (`record[name] = value` sets the prototype
 * instead) and answers `constructor` and `toString` from its prototype; this one does neither, and
 * `JSON.stringify` writes every key. Later assignments (`record[name] = value`, `record[name]++`)
 * stay own properties too.
 *
 * @example
 * JSON.stringify(namedRecord([['__proto__', 1], ['x', 2]])); // '{"__proto__":1,"x":2}'
 */
export function namedRecord<V>(entries: Iterable<readonly [string, V]> = []): Record<string, V> {
  const record = Object.create(null) as Record<string, V>;
  for (const [key, value] of entries) Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  return record;
}

/** Whether `record` has its own key `name` (never the prototype's, whatever the name). */
export function hasName(record: object, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, name);
}
