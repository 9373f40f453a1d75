/**
 * How deeply a JSON or YAML text nests, measured without recursion, so that a hostile file (an
 * object nested thousands deep) is refused with a message instead of overflowing the stack of a
 * parser or of the code that walks what it parsed.
 */

/** The deepest nesting radsig reads in a study, results or model file (real ones nest under 20). */
export const MAX_NESTING = 100;

/** Characters after which a bracket or a quote opens a value (not part of a plain YAML scalar). */
const OPENERS = new Set([':', '-', '[', '{', ',', '?', '']);

/**
 * The nesting depth of a JSON text, or with `yaml` of a YAML text: brackets and braces that open
 * a value, outside quoted strings and comments, plus (YAML) the block levels given by indentation
 * and `- ` markers. An estimate from above for YAML block scalars, exact for JSON.
 */
export function nestingDepth(text: string, yaml = false): number {
  let flow = 0;
  let max = 0;
  let quote = '';
  let previous = ''; // the last character that was not a space, on this line
  const indents: number[] = [];
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== '') {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) {
        quote = '';
        previous = c;
      }
      continue;
    }
    if (c === '\n' || c === '\r') {
      lineStart = true;
      previous = '';
      continue;
    }
    if (lineStart && yaml && flow === 0) {
      // a block line: its indentation and any "- " markers open levels
      let j = i;
      while (j < text.length && text[j] === ' ') j++;
      if (j >= text.length || text[j] === '\n' || text[j] === '\r' || text[j] === '#') {
        i = j - 1;
        lineStart = text[j] === '#' ? false : lineStart;
        if (text[j] === '#') previous = '#';
        continue;
      }
      let indent = j - i;
      while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
      while (text[j] === '-' && (text[j + 1] === ' ' || text[j + 1] === '\t')) {
        j += 2;
        while (text[j] === ' ') j++;
        indent = j - i;
        indents.push(indent);
      }
      max = Math.max(max, indents.length);
      lineStart = false;
      i = j - 1;
      previous = '';
      continue;
    }
    lineStart = false;
    if (c === ' ' || c === '\t') continue;
    if (yaml && c === '#') {
      while (i + 1 < text.length && text[i + 1] !== '\n' && text[i + 1] !== '\r') i++;
      continue;
    }
    const opens = OPENERS.has(previous) || flow > 0;
    if ((c === '"' || (yaml && c === "'")) && (opens || !yaml)) quote = c;
    else if ((c === '[' || c === '{') && (opens || !yaml)) {
      flow++;
      max = Math.max(max, flow + indents.length);
    } else if ((c === ']' || c === '}') && flow > 0) flow--;
    previous = c;
  }
  return max;
}

/**
 * Refuses a text nested deeper than {@link MAX_NESTING}.
 * @param refuse builds the error from the message (a ParameterError for a study file, a DataError
 *   for a results file, ...).
 */
export function checkNestingDepth(text: string, yaml: boolean, refuse: (message: string) => Error): void {
  const depth = nestingDepth(text, yaml);
  if (depth > MAX_NESTING) throw refuse(`nested ${depth} levels deep; radsig reads at most ${MAX_NESTING} levels (a hand-made or damaged file?)`);
}
