/**
 * Checks a parsed results.json against the results schema: its schema version first (results of
 * another version are refused with a message saying so, not with a missing field), then every
 * field, naming the first part that is wrong.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { DataError } from '../../core/errors.js';
import { RADSIG_VERSION } from '../../core/version.js';
import { RESULTS_SCHEMA_VERSION, StudyResultsSchema, type StudyResults } from './study-results-schema.js';

let validator: ReturnType<Ajv['compile']> | null = null;

function validate(value: unknown): readonly ErrorObject[] | null {
  if (validator === null) {
    const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true, discriminator: true });
    validator = ajv.compile(JSON.parse(JSON.stringify(StudyResultsSchema)) as object);
  }
  return validator(value) ? null : (validator.errors ?? []);
}

const TYPE_NAMES: Record<string, string> = { object: 'an object', array: 'an array', string: 'text', integer: 'a whole number', number: 'a number', boolean: 'true or false', null: 'null' };

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `text ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '...' : value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, pointer: string): unknown {
  let v = root;
  for (const part of pointer.split('/').slice(1)) v = (v as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return v;
}

/**
 * The error that says most: the deepest part of the file, a field's own problem before a union's;
 * a value that is none of a union's simple types (`number or null`) as one type error naming them all.
 */
function mostSpecific(errors: readonly ErrorObject[]): ErrorObject {
  const depth = (e: ErrorObject) => e.instancePath.split('/').length + (e.keyword === 'additionalProperties' || e.keyword === 'required' ? 1 : 0);
  const first = [...errors].sort((a, b) => depth(b) - depth(a) || Number(a.keyword === 'anyOf') - Number(b.keyword === 'anyOf'))[0];
  const here = errors.filter((e) => e.instancePath === first.instancePath);
  if (first.keyword === 'type' && here.every((e) => e.keyword === 'type' || e.keyword === 'anyOf')) {
    const types = [...new Set(here.filter((e) => e.keyword === 'type').map((e) => String((e.params as { type: unknown }).type)))];
    return { ...first, params: { type: types.join(' or ') } };
  }
  if (first.keyword === 'const' && here.every((e) => e.keyword === 'const' || e.keyword === 'anyOf')) {
    const allowed = here.filter((e) => e.keyword === 'const').map((e) => (e.params as { allowedValue: unknown }).allowedValue);
    return { ...first, keyword: 'enum', params: { allowedValues: [...new Set(allowed)] } };
  }
  return first;
}

function describeError(root: unknown, e: ErrorObject): string {
  const path = e.instancePath.slice(1).replace(/\//g, '.').replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  const at = path === '' ? 'the file' : path;
  const field = (name: string) => (path === '' ? name : `${path}.${name}`);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `${field(String(params.additionalProperty))} is not a field of results.json (schema version ${RESULTS_SCHEMA_VERSION})`;
    case 'required':
      return `${field(String(params.missingProperty))} is missing`;
    case 'enum':
      return `${at} must be ${(params.allowedValues as unknown[]).length === 2 ? (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(' or ') : `one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`}, got ${kindOf(valueAt(root, e.instancePath))}`;
    case 'discriminator':
      return `${at}.${String(params.tag)} must be "binary" or "survival", got ${kindOf(valueAt(root, `${e.instancePath}/${String(params.tag)}`))}`;
    case 'minProperties':
      return `${at} must not be empty`;
    case 'const':
      return `${at} must be ${JSON.stringify(params.allowedValue)}, got ${kindOf(valueAt(root, e.instancePath))}`;
    case 'anyOf':
    case 'type':
      return `${at} must be ${e.keyword === 'type' ? String(params.type).split(/,| or /).map((t) => TYPE_NAMES[t] ?? t).join(' or ') : 'one of the forms the schema allows'}, got ${kindOf(valueAt(root, e.instancePath))}`;
    default:
      return `${at} ${e.message ?? 'is not valid'}, got ${kindOf(valueAt(root, e.instancePath))}`;
  }
}

/**
 * Why a parsed results.json cannot be read, or null when it can: another schema version, or the
 * first part that does not match the schema.
 */
export function resultsProblem(json: unknown): string | null {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return `not the results.json of a radsig run (expected an object, got ${kindOf(json)})`;
  const r = json as Record<string, unknown>;
  const written = typeof r.radsigVersion === 'string' ? `radsig ${r.radsigVersion}` : 'an unknown radsig';
  if (!('schemaVersion' in r)) {
    if (!('models' in r) || !('study' in r)) return 'not the results.json of a radsig run (no schemaVersion, models or study)';
    return `no schemaVersion: written (by ${written}) before results.json had a versioned schema; this radsig (${RADSIG_VERSION}) reads schema version ${RESULTS_SCHEMA_VERSION}: re-run the study, or use the report of the radsig that ran it`;
  }
  // a model's family is the study's outcome type (checked first: a wrong one would be reported at a curve deep inside)
  const type = (r.outcome as { type?: unknown } | null | undefined)?.type;
  if (r.models !== null && typeof r.models === 'object' && !Array.isArray(r.models)) {
    for (const [name, m] of Object.entries(r.models as Record<string, unknown>)) {
      const family = (m as { family?: unknown } | null)?.family;
      if (m !== null && typeof m === 'object' && typeof family === 'string' && (type === 'binary' || type === 'survival') && family !== type) return `models.${name}.family is ${JSON.stringify(family)}, but the outcome is ${JSON.stringify(type)}`;
    }
  }
  if (r.schemaVersion !== RESULTS_SCHEMA_VERSION) {
    return `results.json schema version ${JSON.stringify(r.schemaVersion)} (written by ${written}); this radsig (${RADSIG_VERSION}) reads schema version ${RESULTS_SCHEMA_VERSION}: re-run the study, or use the report of the radsig that ran it`;
  }
  const errors = validate(json);
  return errors === null ? null : describeError(json, mostSpecific(errors));
}

/**
 * A parsed results.json as {@link StudyResults}, checked against the schema.
 * @throws DataError naming `source` and the first part that is wrong.
 */
export function readStudyResults(json: unknown, source: string): StudyResults {
  const problem = resultsProblem(json);
  if (problem !== null) throw new DataError(`${source}: ${problem}`, 'DATA_FILE');
  return json as StudyResults;
}
