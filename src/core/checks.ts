/**
 * Input checks used once at each public boundary. Each throws a {@link ParameterError} whose
 * message names the function (`where`), the argument and the value received.
 */
import { ParameterError } from './errors.js';
import { didYouMean, listPreview, quote } from './messages.js';

/** Options for {@link checkNumber}. */
export interface NumberBounds {
  min?: number;
  max?: number;
  /** Exclude the bounds themselves. */
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
}

/** A finite number within bounds. */
export function checkNumber(where: string, name: string, value: unknown, bounds: NumberBounds = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ParameterError(`${where}: ${name} must be a finite number, got ${quote(value)}`);
  }
  const { min, max, exclusiveMin = false, exclusiveMax = false } = bounds;
  if (min !== undefined && (exclusiveMin ? value <= min : value < min)) {
    throw new ParameterError(`${where}: ${name} must be ${exclusiveMin ? '>' : '>='} ${min}, got ${value}`);
  }
  if (max !== undefined && (exclusiveMax ? value >= max : value > max)) {
    throw new ParameterError(`${where}: ${name} must be ${exclusiveMax ? '<' : '<='} ${max}, got ${value}`);
  }
  return value;
}

/** An integer within bounds. */
export function checkInteger(where: string, name: string, value: unknown, bounds: NumberBounds = {}): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ParameterError(`${where}: ${name} must be an integer, got ${quote(value)}`);
  }
  return checkNumber(where, name, value, bounds);
}

/** A boolean. */
export function checkBoolean(where: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new ParameterError(`${where}: ${name} must be true or false, got ${quote(value)}`);
  }
  return value;
}

/** One of a fixed set of strings. */
export function checkOneOf<T extends string>(where: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ParameterError(`${where}: ${name} must be one of ${listPreview(allowed, allowed.length)}, got ${quote(value)}`);
  }
  return value as T;
}

/** A non-empty string. */
export function checkString(where: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ParameterError(`${where}: ${name} must be a non-empty string, got ${quote(value)}`);
  }
  return value;
}

/**
 * Merges user options over defaults after rejecting unknown keys (a misspelt option must not be
 * silently ignored). `undefined` values fall back to the default.
 */
export function resolveOptions<T extends object>(where: string, defaults: T, options: Partial<T> | undefined): T {
  if (options === undefined || options === null) return { ...defaults };
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ParameterError(`${where}: options must be an object, got ${quote(options)}`);
  }
  const known = Object.keys(defaults);
  const merged = { ...defaults } as Record<string, unknown>;
  for (const [key, value] of Object.entries(options)) {
    if (!known.includes(key)) {
      throw new ParameterError(`${where}: unknown option ${quote(key)}${didYouMean(key, known)}`);
    }
    if (value !== undefined) merged[key] = value;
  }
  return merged as T;
}
