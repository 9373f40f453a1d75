/**
 * Strict parsing of one numeric cell, shared by the file readers and the record/DataFrame
 * adapters. Plain decimal and scientific notation only: no hex, no thousands separators, no
 * decimal commas, no surrounding text.
 */

/** The default tokens read as a missing value. */
export const DEFAULT_MISSING_TOKENS: readonly string[] = ['', 'NA', 'NaN', 'nan', 'null', '#N/A'];

/** Tokens read as plus or minus infinity (so that they can be reported as such, not as text). */
const INFINITY_TOKENS = new Map<string, number>([
  ['Inf', Infinity],
  ['inf', Infinity],
  ['+Inf', Infinity],
  ['Infinity', Infinity],
  ['+Infinity', Infinity],
  ['infinity', Infinity],
  ['-Inf', -Infinity],
  ['-inf', -Infinity],
  ['-Infinity', -Infinity],
  ['-infinity', -Infinity],
]);

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** What {@link classifyCell} found. */
export const enum CellKind {
  Number = 0,
  Missing = 1,
  Text = 2,
  /** A number written with leading zeros, like an identifier ("007"): read as text. */
  ZeroPadded = 3,
}

/** Result slot of {@link classifyCell} (reused, not allocated per cell). */
export const parsedValue = { value: NaN };

/**
 * Classifies `text[start, end)` and, for numbers, leaves the value in `parsedValue.value`.
 * Numbers of up to 15 significant digits with a decimal exponent within +-22 are converted
 * exactly (Clinger's fast path); others go through `Number()`, which rounds correctly.
 */
export function classifyCell(text: string, start: number, end: number, missing: ReadonlySet<string> | null): CellKind {
  // trim ASCII spaces
  while (start < end && text.charCodeAt(start) === 32) start++;
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  if (start === end) return CellKind.Missing;
  let i = start;
  let c = text.charCodeAt(i);
  let negative = false;
  if (c === 45 /* - */ || c === 43 /* + */) {
    negative = c === 45;
    i++;
  }
  let mantissa = 0;
  let significant = 0;
  let digits = 0;
  let exponent = 0;
  let exact = true;
  const intStart = i;
  while (i < end) {
    c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    if (significant > 0 || c !== 48) {
      if (significant < 15) mantissa = mantissa * 10 + (c - 48);
      else {
        exponent++;
        if (c !== 48) exact = false;
      }
      significant++;
    }
    digits++;
    i++;
  }
  const intDigits = digits;
  let hasPoint = false;
  if (i < end && text.charCodeAt(i) === 46 /* . */) {
    hasPoint = true;
    i++;
    while (i < end) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      if (significant > 0 || c !== 48) {
        if (significant < 15) {
          mantissa = mantissa * 10 + (c - 48);
          exponent--;
        } else if (c !== 48) exact = false;
        significant++;
      } else {
        exponent--;
      }
      digits++;
      i++;
    }
  }
  let hasExponent = false;
  if (digits > 0 && i < end && (text.charCodeAt(i) | 32) === 101 /* e */) {
    hasExponent = true;
    i++;
    let expNegative = false;
    if (i < end && (text.charCodeAt(i) === 45 || text.charCodeAt(i) === 43)) {
      expNegative = text.charCodeAt(i) === 45;
      i++;
    }
    let e = 0;
    let expDigits = 0;
    while (i < end) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      if (e < 100000) e = e * 10 + (c - 48);
      expDigits++;
      i++;
    }
    if (expDigits === 0) return otherToken(text, start, end, missing);
    exponent += expNegative ? -e : e;
  }
  if (digits === 0 || i !== end) return otherToken(text, start, end, missing);
  if (!hasPoint && !hasExponent && intDigits > 1 && text.charCodeAt(intStart) === 48) return CellKind.ZeroPadded;
  let value: number;
  if (exact && exponent >= -22 && exponent <= 22) {
    // one correctly rounded operation on two exact doubles
    value = exponent >= 0 ? mantissa * POW10[exponent] : mantissa / POW10[-exponent];
  } else {
    value = Number(text.slice(start, end));
  }
  parsedValue.value = negative ? -Math.abs(value) : Math.abs(value);
  return CellKind.Number;
}

function otherToken(text: string, start: number, end: number, missing: ReadonlySet<string> | null): CellKind {
  if (end - start > 12) return CellKind.Text;
  const token = text.slice(start, end);
  if (missing === null ? isDefaultMissing(token) : missing.has(token)) return CellKind.Missing;
  const inf = INFINITY_TOKENS.get(token);
  if (inf !== undefined) {
    parsedValue.value = inf;
    return CellKind.Number;
  }
  return CellKind.Text;
}

function isDefaultMissing(token: string): boolean {
  return token === 'NA' || token === 'NaN' || token === 'nan' || token === 'null' || token === '#N/A';
}

/** Parses a whole string as a number, or returns undefined (missing tokens give NaN). */
export function parseNumber(text: string): number | undefined {
  const kind = classifyCell(text, 0, text.length, null);
  if (kind === CellKind.Number) return parsedValue.value;
  if (kind === CellKind.Missing) return NaN;
  return undefined;
}

/** Whether a text value looks like a number written with a decimal comma ("1,5", "-0,25"). */
export function looksLikeDecimalComma(value: string): boolean {
  return /^\s*[+-]?\d*,\d+([eE][+-]?\d+)?\s*$/.test(value);
}

/**
 * {@link classifyCell} on UTF-8 bytes `bytes[start, end)`, for the streaming reader: leaves a
 * number in `parsedValue.value`; returns Text for anything that is not a plain number (missing
 * tokens and infinities are recognised by the caller on the decoded text). `decimalComma` reads
 * `1,5` as 1.5 (and then `1.5` is text). A number too large for a double (`1e400`) is Text, so that
 * it is reported rather than silently infinite.
 */
export function classifyBytes(bytes: Uint8Array, start: number, end: number, decimalComma: boolean): CellKind {
  // trim ASCII spaces and tabs
  while (start < end && (bytes[start] === 32 || bytes[start] === 9)) start++;
  while (end > start && (bytes[end - 1] === 32 || bytes[end - 1] === 9)) end--;
  if (start === end) return CellKind.Missing;
  const point = decimalComma ? 44 : 46;
  let i = start;
  let c = bytes[i];
  let negative = false;
  if (c === 45 /* - */ || c === 43 /* + */) {
    negative = c === 45;
    i++;
  }
  // the first 15 significant digits in `high`, the next up to 4 in `low`; beyond 19, exactness is lost
  let high = 0;
  let low = 0;
  let lowDigits = 0;
  let significant = 0;
  let digits = 0;
  let exponent = 0;
  let exact = true;
  const intStart = i;
  while (i < end) {
    c = bytes[i];
    if (c < 48 || c > 57) break;
    if (significant > 0 || c !== 48) {
      if (significant < 15) high = high * 10 + (c - 48);
      else if (significant < 19) {
        low = low * 10 + (c - 48);
        lowDigits++;
      } else {
        exponent++;
        if (c !== 48) exact = false;
      }
      significant++;
    }
    digits++;
    i++;
  }
  const intDigits = digits;
  let hasPoint = false;
  if (i < end && bytes[i] === point) {
    hasPoint = true;
    i++;
    while (i < end) {
      c = bytes[i];
      if (c < 48 || c > 57) break;
      if (significant > 0 || c !== 48) {
        if (significant < 15) {
          high = high * 10 + (c - 48);
          exponent--;
        } else if (significant < 19) {
          low = low * 10 + (c - 48);
          lowDigits++;
          exponent--;
        } else if (c !== 48) exact = false;
        significant++;
      } else {
        exponent--;
      }
      digits++;
      i++;
    }
  }
  let hasExponent = false;
  if (digits > 0 && i < end && (bytes[i] | 32) === 101 /* e */) {
    hasExponent = true;
    i++;
    let expNegative = false;
    if (i < end && (bytes[i] === 45 || bytes[i] === 43)) {
      expNegative = bytes[i] === 45;
      i++;
    }
    let e = 0;
    let expDigits = 0;
    while (i < end) {
      c = bytes[i];
      if (c < 48 || c > 57) break;
      if (e < 100000) e = e * 10 + (c - 48);
      expDigits++;
      i++;
    }
    if (expDigits === 0) return CellKind.Text;
    exponent += expNegative ? -e : e;
  }
  if (digits === 0 || i !== end) return CellKind.Text;
  if (!hasPoint && !hasExponent && intDigits > 1 && bytes[intStart] === 48) return CellKind.ZeroPadded;
  let value = NaN;
  if (exact && exponent >= -22 && exponent <= 22) {
    if (lowDigits === 0) {
      // Clinger's fast path: one correctly rounded operation on two exact doubles
      value = exponent >= 0 ? high * POW10[exponent] : high / POW10[-exponent];
    } else {
      value = nearlyExact(high, low, lowDigits, exponent);
    }
  }
  if (Number.isNaN(value)) {
    // Number() rounds correctly; reached for more than 19 digits, large exponents and near-ties
    let text = '';
    for (let k = start; k < end; k++) text += String.fromCharCode(bytes[k] === point ? 46 : bytes[k]);
    value = Math.abs(Number(text));
    if (value === Infinity) return CellKind.Text;
  }
  parsedValue.value = negative ? -value : value;
  return CellKind.Number;
}

const SPLIT = 134217729; // 2^27 + 1, Dekker's splitter
const twoProductError = { value: 0 };

/** a * b as p + twoProductError.value exactly (Dekker's TwoProduct; no FMA in JavaScript). */
function twoProduct(a: number, b: number): number {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  twoProductError.value = al * bl - (((p - ah * bh) - al * bh) - ah * bl);
  return p;
}

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** 2^(k - 1076) for each biased exponent k: half the spacing of doubles with that exponent. */
const HALF_ULP = Float64Array.from({ length: 2048 }, (_, k) => 2 ** (k - 1076));

/** Half the spacing of doubles at |x| (x normal and finite). */
function halfUlp(x: number): number {
  scratch[0] = x;
  return HALF_ULP[(scratchWords[HIGH_WORD] >>> 20) & 0x7ff];
}

/**
 * The double nearest to (high * 10^lowDigits + low) * 10^exponent, for 16 to 19 significant digits
 * and |exponent| <= 22, in double-double arithmetic (error far below 2^-100 of the value); NaN when
 * the value lies so close to halfway between two doubles that only exact arithmetic can tell.
 */
function nearlyExact(high: number, low: number, lowDigits: number, exponent: number): number {
  // the integer significand m = mHi + mLo exactly (it is below 10^19 < 2^64)
  const p = twoProduct(high, POW10[lowDigits]);
  const e = twoProductError.value;
  const s = p + low;
  const bb = s - p;
  const t = p - (s - bb) + (low - bb);
  const mHi = s;
  const mLo = t + e;
  const q = POW10[exponent >= 0 ? exponent : -exponent];
  let r1: number;
  let delta: number;
  if (exponent >= 0) {
    r1 = twoProduct(mHi, q);
    delta = twoProductError.value + mLo * q;
  } else {
    r1 = mHi / q;
    const pq = twoProduct(r1, q);
    const rest = mHi - pq - twoProductError.value + mLo;
    delta = rest / q;
  }
  const value = r1 + delta;
  if (value === 0 || !Number.isFinite(value) || Math.abs(value) < 2.2250738585072014e-308) return NaN;
  // how far the true value is from the rounded one, against half the spacing of doubles there
  const residual = r1 - value + delta;
  const half = halfUlp(value);
  if (Math.abs(residual) > half * (1 - 2 ** -16)) return NaN;
  return value;
}

/** The value of an infinity token (`Inf`, `-Infinity`, ...), or undefined. */
export function infinityToken(token: string): number | undefined {
  return INFINITY_TOKENS.get(token);
}
