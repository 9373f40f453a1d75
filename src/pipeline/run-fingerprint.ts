/**
 * What ties a run's results.json and model.json together, and what catches an edited model.json:
 * the run's fingerprint and the model file's content hash, both SHA-256 (plain TypeScript, so the
 * calculator page computes them too).
 *
 * The fingerprint identifies "the same run": the study with every default filled in (which holds
 * the seed) and the development data as the run read them (patient ids, feature names and values,
 * outcome, batch labels, clinical and ComBat covariates). Two runs of the same study on the same
 * data have the same fingerprint (their outputs are byte-identical); another study, another seed or
 * other patients give another.
 *
 * The content hash is a checksum of the model file's content: SHA-256 of the file's JSON written
 * without its `contentHash` field (as `JSON.stringify` writes the parsed file, so whitespace and
 * a byte-order mark do not count). It catches accidental edits and corruption; it is not a
 * signature: whoever edits the file on purpose can write a new hash.
 */
import type { BinaryResponse, SurvivalResponse } from '../core/estimator.js';
import { ModelFormatError } from '../core/errors.js';
import { Sha256, sha256Hex } from '../core/sha256.js';
import type { DevelopmentData } from './development-data.js';
import type { Study } from './study.js';

/** The fingerprint of a run: the resolved study (with its seed) and the development data. */
export function runFingerprint(study: Study, data: DevelopmentData): string {
  const h = new Sha256();
  const part = (label: string, value: unknown) => h.update(`\n${label}:${JSON.stringify(value)}`);
  const numbers = (label: string, values: ArrayLike<number>) => {
    h.update(`\n${label}:${values.length}:`);
    h.update(Float64Array.from(values as ArrayLike<number>));
  };
  part('radsig run fingerprint', 1);
  part('study', study);
  part('ids', data.ids);
  part('features', data.X.columnNames ?? data.X.cols);
  for (let j = 0; j < data.X.cols; j++) numbers(`X${j}`, data.X.column(j));
  const response = data.response as BinaryResponse | SurvivalResponse;
  if ('time' in response && 'event' in response) {
    numbers('time', response.time);
    numbers('event', response.event);
  } else numbers('y', response as BinaryResponse);
  part('batch', data.batch);
  for (const c of data.covariates) {
    part('covariate', [c.name, c.kind]);
    if (c.kind === 'numeric') numbers(c.name, c.values);
    else part(c.name, c.values);
  }
  return h.hex();
}

/** The content hash of a model file's object (the `contentHash` field left out). */
export function contentHash(model: Record<string, unknown>): string {
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(model)) if (k !== 'contentHash') Object.defineProperty(rest, k, { value: v, enumerable: true });
  return sha256Hex(JSON.stringify(rest));
}

/** A model object with its content hash as the last field. */
export function withContentHash<T extends object>(model: T): T & { contentHash: string } {
  const plain = JSON.parse(JSON.stringify(model)) as Record<string, unknown>;
  return { ...(plain as T), contentHash: contentHash(plain) };
}

/**
 * Checks a model file's content hash.
 * @throws ModelFormatError when it is missing (a file from before radsig wrote one, or with the field
 * removed) or does not match the content (edited or damaged after radsig wrote it).
 */
export function checkContentHash(kind: string, model: Record<string, unknown>): void {
  const stored = model.contentHash;
  if (stored === undefined) throw new ModelFormatError(`${kind}.fromJSON: the file has no contentHash (written by radsig ${String(model.radsigVersion)} before model files carried one, or the field was removed); re-run the study to write a checked model file`, 'MODEL_CHECKSUM');
  if (typeof stored !== 'string' || !/^[0-9a-f]{64}$/.test(stored)) throw new ModelFormatError(`${kind}.fromJSON: contentHash must be 64 hex digits (SHA-256)`, 'MODEL_CHECKSUM');
  if (contentHash(model) !== stored) throw new ModelFormatError(`${kind}.fromJSON: the content does not match its contentHash: the file was edited or damaged after radsig wrote it; re-run the study (or restore the file)`, 'MODEL_CHECKSUM');
}

/** A fingerprint field: 64 hex digits. */
export function isFingerprint(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}
