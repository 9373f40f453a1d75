/**
 * Formatting tables as delimited text: column order kept, numbers at full precision (the shortest
 * text that reads back as the same double). No file access; `writeTable` in the Node entry writes files.
 */
import type { Table } from './table.js';

/** Options of {@link writeTable} and {@link formatTable}. */
export interface WriteTableOptions {
  /**
   * Field separator.
   * @defaultValue `,` (a tab for `.tsv` paths)
   */
  delimiter?: string;
  /**
   * Decimal mark of the numbers written: `,` writes `1,5` (then use `;` or a tab as the delimiter).
   * @defaultValue '.'
   */
  decimalMark?: '.' | ',';
}

/**
 * Formats a table as delimited text with a header line and LF line ends. Missing cells are empty;
 * fields containing the delimiter, a quote or a line break are quoted (RFC 4180). For large tables
 * use {@link formatTableChunks}: one string holds at most about 512 MB.
 */
export function formatTable(table: Table, options: WriteTableOptions = {}): string {
  let text = '';
  for (const chunk of formatTableChunks(table, options)) text += chunk;
  return text;
}

/**
 * The text of {@link formatTable} in pieces of about `chunkSize` characters (whole lines), so that a
 * table of any size can be written without ever being one string (small pieces are faster and
 * leave less garbage than large ones).
 */
export function* formatTableChunks(table: Table, options: WriteTableOptions = {}, chunkSize = 1 << 18): Generator<string> {
  const delimiter = options.delimiter ?? ',';
  const comma = options.decimalMark === ',';
  const nCols = table.columns.length;
  const numeric = table.columns.map((c) => c.kind === 'numeric');
  let buffer = table.names.map((name) => escapeField(name, delimiter)).join(delimiter) + '\n';
  for (let i = 0; i < table.nRows; i++) {
    let line = '';
    for (let j = 0; j < nCols; j++) {
      let cell = table.text(i, j);
      if (comma && numeric[j]) cell = cell.replace('.', ',');
      line += j === 0 ? escapeField(cell, delimiter) : delimiter + escapeField(cell, delimiter);
    }
    buffer += line + '\n';
    if (buffer.length >= chunkSize) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer.length > 0) yield buffer;
}

function escapeField(value: string, delimiter: string): string {
  if (value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r')) {
    return `"${value.replaceAll('"', '""')}"`;
  }
  return value;
}

/** Where a table holds cells that a spreadsheet would take for formulas: their number and the first. */
export interface FormulaCells {
  count: number;
  first: { column: string; row: number; value: string } | null;
}

/**
 * Text cells (and column names) that a spreadsheet opening the file would take for a formula:
 * beginning with `=`, `+`, `-` or `@` (or a tab or carriage return), the characters OWASP's guidance
 * on CSV injection lists. Numbers such as `-1.5` are read as numbers, not formulas, and are not
 * counted. radsig writes such values unchanged (they are the data); this is for a warning.
 */
export function formulaCells(table: Table): FormulaCells {
  const out: FormulaCells = { count: 0, first: null };
  const note = (column: string, row: number, value: string) => {
    if (!looksLikeFormula(value)) return;
    out.count++;
    if (out.first === null) out.first = { column, row, value };
  };
  table.names.forEach((name) => note(name, 0, name));
  table.columns.forEach((column, j) => {
    if (column.kind !== 'text') return;
    for (let i = 0; i < table.nRows; i++) note(column.name, i + 1, table.text(i, j));
  });
  return out;
}

/**
 * The one-line warning for a file about to be written with {@link formulaCells}, or null when it has
 * none: what was found, that the values are written unchanged, and how to open the file safely.
 */
export function formulaCellsWarning(table: Table, file: string): string | null {
  const { count, first } = formulaCells(table);
  if (first === null) return null;
  const shown = first.value.length > 40 ? `${first.value.slice(0, 40)}...` : first.value;
  const where = first.row === 0 ? `the column name ${JSON.stringify(shown)}` : `column ${JSON.stringify(first.column)}, data row ${first.row}: ${JSON.stringify(shown)}`;
  return `${file}: ${count} ${count === 1 ? 'cell begins' : 'cells begin'} with =, +, - or @ (first: ${where}), which a spreadsheet may run as a formula; the values are written unchanged, so import the file as text (or check those cells) before opening it in Excel or LibreOffice`;
}

function looksLikeFormula(value: string): boolean {
  if (value.length === 0) return false;
  const c = value.charCodeAt(0);
  // = + - @ tab CR
  if (c !== 61 && c !== 43 && c !== 45 && c !== 64 && c !== 9 && c !== 13) return false;
  return !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value) && !/^[+-]?(Inf|inf|Infinity)$/.test(value);
}
