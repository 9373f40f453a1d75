/**
 * Study files: parsing (JSON or YAML), validation against the shipped JSON Schema (ajv), defaults
 * and the cross-field rules a schema cannot express.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { ParameterError } from '../core/errors.js';
import { listText, quote } from '../core/messages.js';
import { STUDY_SCHEMA } from './study-schema.js';

/** A model of the study, resolved. */
export interface StudyModel {
  name: 'radscore' | 'logistic' | 'cox' | 'clinical' | 'combined' | 'rsf';
  /** Firth's penalized likelihood (logistic models). */
  firth: boolean;
  /** Forest options (rsf). */
  trees?: number;
  mtry?: number;
  minNodeSize?: number;
  split?: 'logrank' | 'logrankscore';
}

/** A study with every default filled in (as written to results.json). */
export interface Study {
  title?: string;
  description?: string;
  data: { train: string; external?: string; repeats?: string; id?: string; missing: 'error' | 'median' | 'mean' | 'drop'; delimiter?: string };
  outcome: { type: 'binary'; column: string; positive?: string | number } | { type: 'survival'; time: string; event: string; eventValue?: string | number; horizons: number[]; timeUnit?: 'days' | 'weeks' | 'months' | 'years' };
  features: { include?: string[]; exclude?: string[] };
  clinical: string[];
  steps: {
    harmonize?: { batch: string; covariates: string[]; nonparametric: boolean; meanOnly: boolean; refBatch?: string };
    variance?: { freqCut: number; uniqueCut: number };
    reproducibility?: { subject: string; rater: string; form: 'ICC1' | 'ICC2' | 'ICC3' | 'ICC1k' | 'ICC2k' | 'ICC3k'; threshold: number; on: 'point' | 'lower' };
    redundancy?: { method: 'pearson' | 'spearman'; threshold: number };
    select?: {
      alpha: number;
      nFolds: number;
      repeats: number;
      measure: 'deviance' | 'auc' | 'class' | 'C';
      rule: 'lambda1se' | 'lambdaMin' | 'nFeatures';
      nFeatures?: number;
      maxFeatures?: number;
      stratify: boolean;
      dfmax: number;
      stability?: { B: number };
    };
  };
  models: StudyModel[];
  validation: { method: 'bootstrap' | 'cv' | 'both' | 'none'; B: number; folds: number; repeats: number; seed: number };
  external?: { batch: string | number; column?: string };
  report?: { decisionCurveTo?: number };
}

/** Whether a study's validation runs the bootstrap (`bootstrap` or `both`). */
export function runsBootstrap(study: Study): boolean {
  return study.validation.method === 'bootstrap' || study.validation.method === 'both';
}

/** Whether a study's validation runs repeated cross-validation (`cv` or `both`). */
export function runsCv(study: Study): boolean {
  return study.validation.method === 'cv' || study.validation.method === 'both';
}

let validator: ReturnType<Ajv['compile']> | null = null;

function validate(value: unknown): readonly ErrorObject[] | null {
  if (validator === null) {
    const ajv = new Ajv({ useDefaults: true, allErrors: true, strict: false });
    validator = ajv.compile(STUDY_SCHEMA);
  }
  return validator(value) ? null : (validator.errors ?? []);
}

/**
 * Parses and checks a study given as text (JSON, or YAML when `format` is 'yaml' or the source
 * name ends in .yaml/.yml), filling in every default.
 * @throws ParameterError naming the source, the JSON path and what was expected
 *   (`study.json: /steps/select/alpha: must be <= 1`).
 */
export function parseStudy(text: string, options: { source?: string; format?: 'json' | 'yaml' } = {}): Study {
  const source = options.source ?? 'study';
  const yaml = options.format === 'yaml' || (options.format === undefined && /\.ya?ml$/i.test(source));
  // a byte-order mark (Windows editors write one) is not part of the text
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = yaml ? parseYaml(body) : JSON.parse(body);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    throw new ParameterError(`${source}: not valid ${yaml ? 'YAML' : 'JSON'}: ${message}`, 'STUDY_SYNTAX');
  }
  // JSON.parse keeps the last of two equal keys without a word; YAML refuses them, and so does JSON here
  const duplicate = yaml ? null : duplicateKey(body);
  if (duplicate !== null) throw new ParameterError(`${source}: not valid JSON: ${duplicate.path}: the key ${quote(duplicate.key)} is given twice`, 'STUDY_SYNTAX');
  return resolveStudy(value, source);
}

/** The first key given twice in one object of a valid JSON text, with the object's JSON path, or null. */
function duplicateKey(text: string): { path: string; key: string } | null {
  const stack: { keys: Set<string> | null; path: string; key: string; index: number }[] = [];
  let expectKey = false;
  const childPath = (): string => {
    const top = stack[stack.length - 1];
    if (top === undefined) return '';
    return `${top.path}/${top.keys === null ? top.index : top.key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (expectKey && top !== undefined && top.keys !== null) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return { path: top.path === '' ? '/' : top.path, key };
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      stack.push({ keys: c === '{' ? new Set() : null, path: childPath(), key: '', index: 0 });
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      stack.pop();
      expectKey = false;
    } else if (c === ',' && top !== undefined) {
      if (top.keys === null) top.index++;
      else expectKey = true;
    }
  }
  return null;
}

/**
 * Checks a study object against the schema and the cross-field rules, filling in defaults (the
 * object is copied, not modified).
 * @throws ParameterError as {@link parseStudy}.
 */
export function resolveStudy(value: unknown, source = 'study'): Study {
  // (a copy through JSON would turn YAML's .nan and .inf into null, reported as "must be number")
  const nonFinite = nonFiniteNumber(value, '');
  if (nonFinite !== null) throw new ParameterError(`${source}: ${nonFinite.path || '/'}: must be a finite number, got ${nonFinite.value}`, 'STUDY_INVALID');
  const copy = value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
  const errors = validate(copy);
  if (errors !== null) throw new ParameterError(`${source}: ${describeError(errors)}`, 'STUDY_INVALID');
  const raw = copy as Omit<Study, 'models'> & { models?: (string | Partial<StudyModel> & { name: StudyModel['name'] })[] };
  const study: Study = { ...raw, models: resolveModels(raw) };
  checkRules(study, source);
  return study;
}

/** The first NaN or infinite number in a parsed study, with its JSON path, or null. */
function nonFiniteNumber(value: unknown, path: string): { path: string; value: number } | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : { path, value };
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    const found = nonFiniteNumber(child, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    if (found !== null) return found;
  }
  return null;
}

/** The most useful schema error, as `/path: message`. */
function describeError(errors: readonly ErrorObject[]): string {
  // prefer errors of the deepest path and skip the generic if/then/anyOf wrappers
  const useful = errors.filter((e) => e.keyword !== 'if' && e.keyword !== 'anyOf');
  const pool = useful.length > 0 ? useful : errors;
  const deepest = pool.reduce((a, b) => (b.instancePath.length > a.instancePath.length ? b : a));
  const path = deepest.instancePath === '' ? '/' : deepest.instancePath;
  let message = deepest.message ?? 'is not valid';
  if (deepest.keyword === 'additionalProperties') {
    message = `unknown key ${quote((deepest.params as { additionalProperty: string }).additionalProperty)}`;
  } else if (deepest.keyword === 'enum') {
    message = `must be one of ${listText((deepest.params as { allowedValues: unknown[] }).allowedValues.map((v) => quote(v)), 10)}`;
  } else if (deepest.keyword === 'required') {
    message = `must have the key ${quote((deepest.params as { missingProperty: string }).missingProperty)}`;
  }
  return `${path}: ${message}`;
}

function resolveModels(raw: { outcome: Study['outcome']; clinical: string[]; steps: Study['steps']; models?: (string | (Partial<StudyModel> & { name: StudyModel['name'] }))[] }): StudyModel[] {
  const survival = raw.outcome.type === 'survival';
  let list = raw.models;
  if (list === undefined) {
    list = raw.steps.select === undefined ? [] : ['radscore', survival ? 'cox' : 'logistic'];
    if (raw.clinical.length > 0) list.push('clinical', ...(raw.steps.select === undefined ? [] : ['combined']));
    if (survival) list.push('rsf');
  }
  return list.map((m) => (typeof m === 'string' ? { name: m as StudyModel['name'], firth: false } : { firth: false, ...m }));
}

function checkRules(study: Study, source: string): void {
  const fail = (path: string, message: string) => {
    throw new ParameterError(`${source}: ${path}: ${message}`, 'STUDY_INVALID');
  };
  const survival = study.outcome.type === 'survival';
  const select = study.steps.select;
  if (select !== undefined) {
    if (select.rule === 'nFeatures' && select.nFeatures === undefined) fail('/steps/select', 'rule "nFeatures" needs "nFeatures": k');
    if (select.rule !== 'nFeatures' && select.nFeatures !== undefined) fail('/steps/select/nFeatures', 'is used only with rule "nFeatures"');
    if (survival && (select.measure === 'auc' || select.measure === 'class')) fail('/steps/select/measure', `must be "deviance" or "C" for a survival outcome, got ${quote(select.measure)}`);
    if (!survival && select.measure === 'C') fail('/steps/select/measure', 'must be "deviance", "auc" or "class" for a binary outcome, got "C"');
  }
  if (study.models.length === 0) fail('/models', 'no model to fit (without a select step, list "clinical" or, for survival, "rsf")');
  const seen = new Set<string>();
  study.models.forEach((m, k) => {
    const at = `/models/${k}`;
    if (seen.has(m.name)) fail(at, `model ${quote(m.name)} is listed twice`);
    seen.add(m.name);
    if (m.name === 'logistic' && survival) fail(at, 'a survival outcome takes "cox", not "logistic"');
    if ((m.name === 'cox' || m.name === 'rsf') && !survival) fail(at, `${quote(m.name)} needs a survival outcome`);
    if ((m.name === 'radscore' || m.name === 'logistic' || m.name === 'cox' || m.name === 'combined') && select === undefined) fail(at, `${quote(m.name)} needs the signature of steps.select`);
    if ((m.name === 'clinical' || m.name === 'combined') && study.clinical.length === 0) fail(at, `${quote(m.name)} needs clinical columns ("clinical": [...])`);
    if (m.firth && m.name !== 'logistic' && m.name !== 'clinical' && m.name !== 'combined') fail(`${at}/firth`, 'applies to logistic models only');
    if (m.firth && survival) fail(`${at}/firth`, 'applies to logistic models only');
    if (m.name !== 'rsf' && (m.trees !== undefined || m.mtry !== undefined || m.minNodeSize !== undefined || m.split !== undefined)) fail(at, 'forest options apply to "rsf" only');
  });
  if (study.external !== undefined) {
    if (study.data.external !== undefined) fail('/external', 'give either data.external (a second table) or external.batch (a held-out centre), not both');
    if (study.external.column === undefined && study.steps.harmonize === undefined) fail('/external', 'needs "column", or a harmonize step whose batch column holds the centre');
  }
  const roles = new Map<string, string>();
  const claim = (column: string | undefined, role: string, path: string) => {
    if (column === undefined) return;
    const other = roles.get(column);
    if (other !== undefined && other !== role) fail(path, `column ${quote(column)} is already the ${other}`);
    roles.set(column, role);
  };
  claim(study.data.id, 'id', '/data/id');
  if (study.outcome.type === 'binary') claim(study.outcome.column, 'outcome', '/outcome/column');
  else {
    claim(study.outcome.time, 'time', '/outcome/time');
    claim(study.outcome.event, 'event', '/outcome/event');
  }
  claim(study.steps.harmonize?.batch, 'batch', '/steps/harmonize/batch');
  study.clinical.forEach((c, k) => claim(c, 'clinical column', `/clinical/${k}`));
  for (const c of study.features.include ?? []) {
    if (roles.has(c)) fail('/features/include', `column ${quote(c)} is the ${roles.get(c)}, not a feature`);
  }
}
