/**
 * Typed errors shared by every radsig stage.
 *
 * Each error carries a stable machine-readable `code` (e.g. `DATA_RAGGED_ROW`) and a one-line
 * message that names the function or file, the argument, column or row, and what was expected.
 * The command line maps them to exit codes: {@link ParameterError} → 2 (usage),
 * {@link DataError} and {@link ModelFormatError} → 3 (data); anything else is a bug → 1.
 */
export class RadsigError extends Error {
  /** Stable identifier of the kind of problem, for programs that catch radsig errors. */
  readonly code: string;

  constructor(message: string, code: string) {
    super(oneLine(message));
    this.code = code;
    this.name = new.target.name;
  }
}

/**
 * A bad option or argument: wrong type, out of range, unknown name.
 *
 * @example
 * throw new ParameterError('ElasticNet: alpha must be in [0, 1], got 1.5');
 */
export class ParameterError extends RadsigError {
  constructor(message: string, code = 'PARAMETER') {
    super(message, code);
  }
}

/**
 * Bad input data: a missing or malformed file, wrong shape, missing or infinite values, an outcome
 * with one class, no events, an unknown column.
 *
 * @example
 * throw new DataError('features.csv: duplicate id "P7" on lines 9 and 41', 'DATA_DUPLICATE_ID');
 */
export class DataError extends RadsigError {
  constructor(message: string, code = 'DATA') {
    super(message, code);
  }
}

/**
 * A model JSON file that is not a radsig model of the expected kind and schema version, or whose
 * structure is invalid.
 */
export class ModelFormatError extends RadsigError {
  constructor(message: string, code = 'MODEL_FORMAT') {
    super(message, code);
  }
}

/** Collapses line breaks so that every radsig message is one line. */
function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ');
}
