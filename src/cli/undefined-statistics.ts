/**
 * No NaN ever reaches a user: statistics that are undefined on the data at hand become null in
 * the JSON, with one warning line saying which and why.
 */
import { ParameterError } from '../core/errors.js';
import { quote } from '../core/messages.js';
import { stringOption, type ParsedArgs } from './args.js';

/** The number, or null when it is NaN or infinite. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/**
 * A copy of a result in which every non-finite number is null; adds one warning naming the
 * undefined (NaN) fields (`calibrationSlope`, `timeDependent[2].auc`) and the reason, when one is
 * known, and one naming the infinite ones (an interval end at infinity).
 */
export function undefinedAsNull(value: unknown, warnings: string[], reason?: string): unknown {
  const paths: string[] = [];
  const infinite: string[] = [];
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === 'number') {
      if (Number.isFinite(v)) return v;
      (Number.isNaN(v) ? paths : infinite).push(path);
      return null;
    }
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return walk(Array.from(v as unknown as ArrayLike<number>), path);
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`));
    if (v !== null && typeof v === 'object') {
      const out = Object.create(Object.getPrototypeOf(v) === null ? null : Object.prototype) as Record<string, unknown>;
      for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: walk(x, path === '' ? k : `${path}.${k}`), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return v;
  };
  const out = walk(value, '');
  if (paths.length > 0) {
    const shown = paths.length > 6 ? `${paths.slice(0, 6).join(', ')} and ${paths.length - 6} more` : paths.join(', ');
    warnings.push(`${shown} ${paths.length === 1 ? 'is' : 'are'} undefined on these data${reason ? ` (${reason})` : ''} and ${paths.length === 1 ? 'is' : 'are'} given as null`);
  }
  if (infinite.length > 0) {
    const shown = infinite.length > 6 ? `${infinite.slice(0, 6).join(', ')} and ${infinite.length - 6} more` : infinite.join(', ');
    warnings.push(`${shown} ${infinite.length === 1 ? 'is' : 'are'} infinite and ${infinite.length === 1 ? 'is' : 'are'} given as null, as JSON has no infinity`);
  }
  return out;
}

/** A comma-separated list of finite numbers (`--times 12,24`), if given. */
export function numberListOption(
  values: ParsedArgs['values'],
  name: string,
  bounds: { min?: number; exclusiveMin?: boolean; single?: boolean } = {},
): number[] | undefined {
  const text = stringOption(values, name);
  if (text === undefined) return undefined;
  const parts = text.split(',').map((x) => x.trim());
  if (bounds.single && parts.length !== 1) throw new ParameterError(`--${name} takes one number, got ${quote(text)}`, 'USAGE');
  if (parts.every((x) => x === '')) throw new ParameterError(`--${name} needs ${bounds.single ? 'a number' : 'at least one number'}, got ${quote(text)}`, 'USAGE');
  return parts
    .filter((x, k) => x !== '' || k < parts.length - 1)
    .map((x) => {
      const v = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(x) ? Number(x) : NaN;
      const { min } = bounds;
      const bad = !Number.isFinite(v) || (min !== undefined && (bounds.exclusiveMin ? v <= min : v < min));
      if (bad) {
        const want = min === undefined ? 'numbers' : bounds.exclusiveMin ? `numbers greater than ${min}` : `numbers of at least ${min}`;
        throw new ParameterError(`--${name} must be ${bounds.single ? want.replace('numbers', 'a number') : want}${bounds.single ? '' : ' separated by commas'}, got ${quote(x)}`, 'USAGE');
      }
      return v;
    });
}
