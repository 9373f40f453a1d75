/**
 * Reading a JSON file named on the command line (a model, a run's results): one-line messages that
 * name the file, a byte-order mark allowed, and no nesting deep enough to overflow the stack.
 */
import { readFileSync } from 'node:fs';
import { DataError } from '../core/errors.js';
import { checkNestingDepth } from '../core/nesting-depth.js';

/**
 * Reads and parses a JSON file.
 * @param shown the file as messages name it.
 * @param missing what to say when there is no such file.
 * @throws DataError naming the file: missing, unreadable, not JSON, nested too deep.
 */
export function readJsonFile(path: string, shown: string, missing = 'no such file'): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, ''); // a byte-order mark (an editor's) is not JSON text
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataError(`${shown}: ${code === 'ENOENT' ? missing : `cannot read (${code ?? (error as Error).message})`}`, 'DATA_FILE');
  }
  checkNestingDepth(text, false, (message) => new DataError(`${shown}: ${message}`, 'DATA_FILE'));
  try {
    return JSON.parse(text);
  } catch {
    throw new DataError(`${shown}: not valid JSON`, 'DATA_FILE');
  }
}
