/**
 * Whether the external patients of a study are really from elsewhere: patients whose id is also a
 * development id (the same table given twice, or the same patients under another name of the file),
 * and external rows whose features are identical to a development patient's (the same data under
 * other ids).
 */
import { DataError } from '../core/errors.js';
import { quote } from '../core/messages.js';
import type { Dataset } from '../data/dataset.js';

/** What the external patients share with the development patients (results.json `data.external.overlap`). */
export interface ExternalOverlap {
  /** External ids that are also development ids (always 0 in a run: they stop it). */
  sharedIds: number;
  /** External patients whose feature values equal a development patient's, all of them. */
  identicalRows: number;
  /** A few of those, as `{ external, development }` ids. */
  examples: { external: string; development: string }[];
}

/** An id as a key: trimmed, and a number written as a number ("1", " 1", "1.0" and 1 alike). */
function idKey(id: string): string {
  const t = id.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? String(Number(t)) : t;
}

/** The feature values of a row as a key (missing values alike). */
function rowKey(d: Dataset, i: number): string {
  const X = d.X;
  let key = '';
  for (let j = 0; j < X.cols; j++) key += `${X.get(i, j)},`;
  return key;
}

/**
 * Compares the external patients with the development patients.
 * @param byId whether ids are real (an id column): row numbers of two tables say nothing.
 * @throws DataError naming a few shared ids and their count; or, without ids, when every external
 *   row is a development row (the same table given twice).
 */
export function externalOverlap(train: Dataset, external: Dataset, byId: boolean, source: string, idColumn: string | undefined): ExternalOverlap {
  if (byId) {
    const ids = new Set(train.ids.map(idKey));
    const shared = external.ids.filter((id) => ids.has(idKey(id)));
    if (shared.length > 0) {
      const shown = shared.slice(0, 5).map(quote).join(', ');
      throw new DataError(
        `${source}: ${shared.length} of the ${external.n} external patients ${shared.length === 1 ? 'is a development patient' : 'are development patients'} (id${shared.length === 1 ? '' : 's'} ${shown}${shared.length > 5 ? ', ...' : ''} in column ${quote(idColumn ?? '')}); external validation needs patients the model was not developed on`,
        'DATA_EXTERNAL_OVERLAP',
      );
    }
  }
  const rows = new Map<string, number>();
  for (let i = 0; i < train.n; i++) if (!rows.has(rowKey(train, i))) rows.set(rowKey(train, i), i);
  const examples: ExternalOverlap['examples'] = [];
  let identical = 0;
  for (let i = 0; i < external.n; i++) {
    const at = rows.get(rowKey(external, i));
    if (at === undefined) continue;
    identical++;
    if (examples.length < 3) examples.push({ external: external.ids[i], development: train.ids[at] });
  }
  if (!byId && identical === external.n) {
    throw new DataError(`${source}: all ${external.n} external patients have the feature values of development patients (the development table given again?); external validation needs patients the model was not developed on`, 'DATA_EXTERNAL_OVERLAP');
  }
  return { sharedIds: 0, identicalRows: identical, examples };
}

/** The warning for external rows identical to development rows, or null. */
export function overlapWarning(overlap: ExternalOverlap, description: string | null, byId: boolean): string | null {
  if (overlap.identicalRows === 0) return null;
  const name = (id: string) => (byId ? quote(id) : `row ${id}`);
  const pairs = overlap.examples.map((e) => `${name(e.external)} = ${name(e.development)}`).join(', ');
  return `external (${description}): ${overlap.identicalRows} patient${overlap.identicalRows === 1 ? ' has' : 's have'} exactly the feature values of a development patient (${pairs}${overlap.identicalRows > overlap.examples.length ? ', ...' : ''}): the same patients under other ids? External measures on them are not independent, and the report does not count this set as external validation`;
}
