/**
 * The envelope every radsig model file shares, and the validated readers used by each
 * `fromJSON`.
 */
import { ModelFormatError } from './errors.js';
import { quote } from './messages.js';
import { RADSIG_VERSION } from './version.js';

/** The fields every model JSON object starts with. */
export interface ModelEnvelope {
  /** What the model is, e.g. `"FittedComBat"`. */
  kind: string;
  /** Version of this kind's layout; loading rejects newer versions. */
  schemaVersion: number;
  /** The radsig version that wrote the file. */
  radsigVersion: string;
}

/** Wraps a model's fields in the envelope (kind first, for people reading the file). */
export function wrapModel<T extends object>(kind: string, schemaVersion: number, body: T): ModelEnvelope & T {
  return { kind, schemaVersion, radsigVersion: RADSIG_VERSION, ...body };
}

/**
 * Checks that `json` is a radsig model of the expected kind and a schema version this radsig can
 * read, and returns it as a {@link ModelReader} for its fields.
 *
 * @throws ModelFormatError for anything else.
 */
export function openModel(json: unknown, kind: string, maxSchemaVersion: number): ModelReader {
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json);
    } catch (error) {
      throw new ModelFormatError(`${kind}.fromJSON: not valid JSON (${(error as Error).message})`, 'MODEL_NOT_JSON');
    }
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ModelFormatError(`${kind}.fromJSON: expected a model object, got ${describeJson(json)}`);
  }
  const obj = json as Record<string, unknown>;
  if (typeof obj.kind !== 'string') {
    throw new ModelFormatError(`${kind}.fromJSON: not a radsig model (no "kind" field)`, 'MODEL_UNKNOWN_KIND');
  }
  if (obj.kind !== kind) {
    throw new ModelFormatError(`${kind}.fromJSON: model kind is ${quote(obj.kind)}, expected ${quote(kind)}`, 'MODEL_UNKNOWN_KIND');
  }
  const version = obj.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ModelFormatError(`${kind}.fromJSON: schemaVersion must be a positive integer, got ${describeJson(version)}`);
  }
  if (version > maxSchemaVersion) {
    throw new ModelFormatError(
      `${kind}.fromJSON: schemaVersion ${version} is newer than this radsig (${RADSIG_VERSION}) reads (up to ${maxSchemaVersion})`,
      'MODEL_SCHEMA_VERSION',
    );
  }
  if (typeof obj.radsigVersion !== 'string') {
    throw new ModelFormatError(`${kind}.fromJSON: radsigVersion must be a string, got ${describeJson(obj.radsigVersion)}`);
  }
  return new ModelReader(kind, obj, '');
}

/**
 * Typed, validating access to the fields of a model object; every failure names the field path.
 */
export class ModelReader {
  constructor(
    private readonly kind: string,
    readonly raw: Record<string, unknown>,
    private readonly path: string,
  ) {}

  private fail(field: string, expected: string, value: unknown): never {
    throw new ModelFormatError(`${this.kind}.fromJSON: field ${this.path}${field} must be ${expected}, got ${describeJson(value)}`);
  }

  /** Whether the field is present (and not null). */
  has(field: string): boolean {
    return this.raw[field] !== undefined && this.raw[field] !== null;
  }

  number(field: string): number {
    const v = this.raw[field];
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(field, 'a finite number', v);
    return v;
  }

  integer(field: string, min = -Infinity): number {
    const v = this.raw[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) this.fail(field, `an integer >= ${min}`, v);
    return v;
  }

  boolean(field: string): boolean {
    const v = this.raw[field];
    if (typeof v !== 'boolean') this.fail(field, 'true or false', v);
    return v;
  }

  string(field: string): string {
    const v = this.raw[field];
    if (typeof v !== 'string') this.fail(field, 'a string', v);
    return v;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const v = this.raw[field];
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) this.fail(field, `one of ${allowed.join(', ')}`, v);
    return v as T;
  }

  strings(field: string, length?: number): string[] {
    const v = this.raw[field];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) this.fail(field, 'an array of strings', v);
    if (length !== undefined && v.length !== length) this.fail(field, `an array of ${length} strings`, `${v.length} strings`);
    return v as string[];
  }

  /** A numeric array; `null` entries are read as NaN only when `allowMissing`. */
  numbers(field: string, length?: number, allowMissing = false, key = field): Float64Array {
    const v = this.raw[key];
    if (!Array.isArray(v)) this.fail(field, 'an array of numbers', v);
    if (length !== undefined && v.length !== length) this.fail(field, `an array of ${length} numbers`, `${v.length} values`);
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === 'number' && Number.isFinite(x)) out[i] = x;
      else if (x === null && allowMissing) out[i] = NaN;
      else this.fail(`${field}[${i}]`, 'a finite number', x);
    }
    return out;
  }

  /** An array of `count` numeric arrays of `length` numbers each (a matrix stored by rows). */
  numberRows(field: string, count: number, length: number): Float64Array[] {
    const v = this.raw[field];
    if (!Array.isArray(v) || v.length !== count) this.fail(field, `an array of ${count} arrays`, v);
    const rows = new ModelReader(this.kind, Object.fromEntries(v.map((row, i) => [String(i), row])), `${this.path}${field}`);
    return v.map((_, i) => rows.numbers(`[${i}]`, length, false, String(i)));
  }

  /** An integer array with every value in [min, max]. */
  integers(field: string, min: number, max: number, length?: number): Int32Array {
    const v = this.raw[field];
    if (!Array.isArray(v)) this.fail(field, 'an array of integers', v);
    if (length !== undefined && v.length !== length) this.fail(field, `an array of ${length} integers`, `${v.length} values`);
    const out = new Int32Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) this.fail(`${field}[${i}]`, `an integer in [${min}, ${max}]`, x);
      out[i] = x;
    }
    return out;
  }

  /** An array of booleans. */
  booleans(field: string, length?: number): boolean[] {
    const v = this.raw[field];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'boolean')) this.fail(field, 'an array of true/false values', v);
    if (length !== undefined && v.length !== length) this.fail(field, `an array of ${length} true/false values`, `${v.length} values`);
    return v as boolean[];
  }

  /** A nested object, read with the same checks. */
  object(field: string): ModelReader {
    const v = this.raw[field];
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(field, 'an object', v);
    return new ModelReader(this.kind, v as Record<string, unknown>, `${this.path}${field}.`);
  }

  /** An array of nested objects. */
  objects(field: string): ModelReader[] {
    const v = this.raw[field];
    if (!Array.isArray(v)) this.fail(field, 'an array of objects', v);
    return v.map((item, i) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) this.fail(`${field}[${i}]`, 'an object', item);
      return new ModelReader(this.kind, item as Record<string, unknown>, `${this.path}${field}[${i}].`);
    });
  }
}

/** Typed arrays as plain arrays for JSON (NaN as null). */
export function toPlainArray(values: ArrayLike<number>): (number | null)[] {
  const out: (number | null)[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Number.isFinite(values[i]) ? values[i] : null;
  return out;
}

function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  const text = quote(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Checks of a model's own invariants on load: each throws a ModelFormatError naming the model
 * kind, the field and what was expected.
 */
export const modelInvariants = {
  /** Every value positive (variances, scales, times). */
  positive(kind: string, field: string, values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) if (!(values[i] > 0)) throw new ModelFormatError(`${kind}.fromJSON: ${field}[${i}] must be positive, got ${values[i]}`);
  },
  /** Strictly increasing (time grids) or strictly decreasing (lambda paths). */
  monotone(kind: string, field: string, values: ArrayLike<number>, direction: 'increasing' | 'decreasing' | 'nondecreasing'): void {
    for (let i = 1; i < values.length; i++) {
      const ok = direction === 'increasing' ? values[i] > values[i - 1] : direction === 'decreasing' ? values[i] < values[i - 1] : values[i] >= values[i - 1];
      if (!ok) throw new ModelFormatError(`${kind}.fromJSON: ${field} must be ${direction === 'nondecreasing' ? 'non-decreasing' : `strictly ${direction}`} (entry ${i + 1}: ${values[i]} after ${values[i - 1]})`);
    }
  },
  /** The diagonal of a covariance matrix (m x m, column-major): non-negative. */
  covariance(kind: string, field: string, values: ArrayLike<number>, m: number): void {
    for (let j = 0; j < m; j++) if (!(values[j + j * m] >= 0)) throw new ModelFormatError(`${kind}.fromJSON: ${field} has a negative variance on its diagonal (entry ${j + 1}: ${values[j + j * m]})`);
  },
  /** A dot product that must be a double (a linear predictor's centre, means'coefficients). */
  finiteDot(kind: string, field: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
    let s = 0;
    for (let j = 0; j < a.length; j++) s += a[j] * b[j];
    if (!Number.isFinite(s)) throw new ModelFormatError(`${kind}.fromJSON: ${field} is not a finite number (coefficients or means beyond double range)`);
  },
  /** A count within bounds. */
  count(kind: string, field: string, value: number, max: number): void {
    if (!Number.isInteger(value) || value < 0 || value > max) throw new ModelFormatError(`${kind}.fromJSON: ${field} must be a count between 0 and ${max}, got ${value}`);
  },
};

/**
 * Gives a result object a `toJSON` (not enumerable) that writes its typed arrays as plain arrays and
 * non-finite numbers as null, so that `JSON.stringify(result)` is plain JSON while the object keeps
 * its typed arrays for computation.
 */
export function withPlainJSON<T extends object>(result: T): T {
  Object.defineProperty(result, 'toJSON', { value: () => plainValue(result), enumerable: false, configurable: true });
  return result;
}

function plainValue(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>, (v) => (Number.isFinite(v) ? v : null));
  if (Array.isArray(value)) return value.map(plainValue);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
  return value;
}
