/**
 * Helpers that format values for error and warning messages, so that every message quotes
 * values and lists the same way.
 */

/** Quotes a value for a message: strings in double quotes, numbers as written, missing as NA. */
export function quote(value: unknown): string {
  if (value === null || value === undefined) return 'NA';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/**
 * A column name for a list in a message: as it is when it reads unambiguously (`age`,
 * `original_glcm_Contrast`), quoted when it is empty or holds a comma, a quote, a line break or
 * other control character, or leading or trailing spaces, so that a list stays on one line and
 * `"a,b"` is one name.
 */
export function nameText(name: string): string {
  return name === '' || /[,"\u0000-\u001f\u007f\u2028\u2029]|^\s|\s$/.test(name) ? quote(name) : name;
}

/** Lists at most `max` items, quoted, then "and N more". */
export function listPreview(items: readonly unknown[], max = 5): string {
  return listText(items.map(quote), max);
}

/** Lists at most `max` items as they are, then "and N more". */
export function listText(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** "1 row", "2 rows". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/**
 * The candidate closest to `name` by edit distance (case-insensitive), if it is close enough to be
 * a plausible typo; used for "did you mean" hints.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const target = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    if (c === target) return candidate;
    const d = editDistance(target, c, bestDistance);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  const limit = Math.max(1, Math.floor(target.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** A name as it looks: Unicode NFC, without zero-width characters, non-breaking spaces as spaces. */
function visibleForm(name: string): string {
  return name.normalize('NFC').replace(/[\u200B-\u200D\u2060\uFEFF]/g, '').replace(/\u00A0/g, ' ');
}

/** " (did you mean "x"?)" or "" */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const looks = visibleForm(name);
  const twin = candidates.find((c) => c !== name && visibleForm(c) === looks);
  if (twin !== undefined) {
    const why = twin.normalize('NFC') === name.normalize('NFC') ? 'another Unicode form (NFC and NFD spell accented letters differently)' : 'invisible characters (a zero-width or non-breaking space)';
    return ` (there is ${quote(twin)}, which looks the same but differs in ${why}: rename one so that they match)`;
  }
  const close = closestName(name, candidates);
  return close === undefined ? '' : ` (did you mean ${quote(close)}?)`;
}

function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let previous = new Int32Array(b.length + 1);
  let current = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      current[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= cap) return cap;
    const t = previous;
    previous = current;
    current = t;
  }
  return previous[b.length];
}

/**
 * Names an option (and optionally a value) in a message. The library speaks its own option names
 * (`missing: "drop"`, `outcome`); the command line passes a namer that speaks flags
 * (`--missing drop`, `--outcome`), so that one message serves both.
 */
export type OptionNamer = (option: string, value?: string | number | readonly string[]) => string;

/** How the library names its options: `outcome`, `missing: "drop"`, `missing: "drop", "median" or "mean"`. */
export const libraryOptionName: OptionNamer = (option, value) => {
  if (value === undefined) return option;
  return `${option}: ${typeof value === 'object' ? orList(value.map((v) => quote(v))) : quote(value)}`;
};

/** "a, b or c" */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
