/**
 * Whether a results.json and a model.json come from the same run: both carry the run's
 * fingerprint (SHA-256 of the resolved study with its seed and of the development data), written
 * by runStudy. The calculator draws results.json's nomograms and range checks beside model.json's
 * predictions, and the report sits beside model.json: from two runs they would contradict each other.
 */
import { DataError } from '../core/errors.js';
import type { StudyResults } from '../pipeline/results-schema/study-results-schema.js';

const short = (fingerprint: string) => `${fingerprint.slice(0, 12)}…`;

/**
 * Checks that a results.json and a model.json (parsed) are from one run.
 * @param names how the two files are named in the message.
 * @throws DataError naming both files when either has no fingerprint or they differ.
 */
export function checkSameRun(results: StudyResults, model: unknown, names: { results: string; model: string }): void {
  const r = typeof results.fingerprint === 'string' ? results.fingerprint : null;
  const raw = model !== null && typeof model === 'object' ? (model as { fingerprint?: unknown }).fingerprint : undefined;
  const m = typeof raw === 'string' ? raw : null;
  if (r === null || m === null) {
    const which = r === null && m === null ? `${names.results} and ${names.model} have` : r === null ? `${names.results} has` : `${names.model} has`;
    throw new DataError(`${which} no run fingerprint, so ${names.results} cannot be checked to belong to ${names.model}; re-run the study to write both`, 'DATA_OTHER_RUN');
  }
  if (r !== m) throw new DataError(`${names.results} (run ${short(r)}) and ${names.model} (run ${short(m)}) are from different runs: give the results.json written with this model.json`, 'DATA_OTHER_RUN');
}
