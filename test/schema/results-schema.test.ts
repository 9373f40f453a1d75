/**
 * results.json as a typed contract: every field of schema/results.schema.json is described and
 * every object is closed (a field written but not described fails the suite, which runs every
 * study with RADSIG_CHECK_RESULTS=1), results of another schema version are refused with a message
 * saying so, the README's field table is the schema's, and the README's Python snippet reads a
 * results.json into the validated performance table.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { MODEL_FILE_SCHEMA, RESULTS_SCHEMA, RESULTS_SCHEMA_VERSION, resultsProblem, resolveStudy, runStudy, readTable, type StudyResults } from '../../src/index.js';
import { EMBEDDED } from '../../src/pipeline/results-schema/schema-builders.js';
import { assertBuilt, repoRoot } from '../helpers/package.js';
import { realData, tempFolder } from '../helpers/tmp.js';

type Node = Record<string, unknown>;

/** Every subschema with its path, the study file's parts (described in its own schema) left out. */
function walk(node: Node, path: string, out: { path: string; node: Node }[] = []): { path: string; node: Node }[] {
  if (node.$comment === EMBEDDED) return out;
  out.push({ path, node });
  for (const [k, v] of Object.entries((node.properties ?? {}) as Record<string, Node>)) walk(v, `${path}.${k}`, out);
  for (const v of Object.values((node.patternProperties ?? {}) as Record<string, Node>)) walk(v, `${path}.*`, out);
  for (const key of ['anyOf', 'oneOf'] as const) ((node[key] ?? []) as Node[]).forEach((v, i) => walk(v, `${path}|${i}`, out));
  if (Array.isArray(node.items)) (node.items as Node[]).forEach((v, i) => walk(v, `${path}[${i}]`, out));
  else if (node.items !== undefined) walk(node.items as Node, `${path}[]`, out);
  return out;
}

const schema = JSON.parse(JSON.stringify(RESULTS_SCHEMA)) as Node;

describe('schema/results.schema.json', () => {
  it('is the shipped file, and describes every field', () => {
    assertBuilt();
    expect(JSON.parse(readFileSync(join(repoRoot, 'schema', 'results.schema.json'), 'utf8'))).toEqual(schema);
    const nodes = walk(schema, '');
    expect(nodes.length).toBeGreaterThan(300);
    const undescribed = nodes.flatMap(({ path, node }) => Object.entries((node.properties ?? {}) as Record<string, Node>).filter(([, v]) => typeof v.description !== 'string' || v.description.length < 2).map(([k]) => `${path}.${k}`));
    expect(undescribed).toEqual([]);
    const records = nodes.filter(({ node }) => node.patternProperties !== undefined);
    expect(records.filter(({ node }) => typeof node.description !== 'string').map((r) => r.path)).toEqual([]);
  });

  it('closes every object: a field that is not described is refused', () => {
    // a record keyed by any name (models, features, image types) types every value instead
    const anyName = (node: Node) => Object.keys((node.patternProperties ?? {}) as object).join() === '^(.*)$';
    const open = walk(schema, '').filter(({ node }) => node.type === 'object' && node.additionalProperties !== false && !anyName(node) && node.oneOf === undefined).map((n) => n.path);
    expect(open).toEqual([]);
    expect(walk(schema, '').filter(({ node }) => anyName(node)).map((n) => n.path)).toEqual(['.data.features.imageTypes', '.steps.select.selectionFrequency', '.steps.select.stability.frequency', '.models']);
  });

  it('runs with the results check on in this suite', () => {
    expect(process.env.RADSIG_CHECK_RESULTS).toBe('1');
  });
});

describe('schema/model.schema.json, the envelope of model.json', () => {
  it('is the shipped file and describes every field of the envelope', () => {
    const model = JSON.parse(JSON.stringify(MODEL_FILE_SCHEMA)) as Node;
    expect(JSON.parse(readFileSync(join(repoRoot, 'schema', 'model.schema.json'), 'utf8'))).toEqual(model);
    const undescribed = walk(model, '').flatMap(({ path, node }) => Object.entries((node.properties ?? {}) as Record<string, Node>).filter(([, v]) => typeof v.description !== 'string').map(([k]) => `${path}.${k}`));
    expect(undescribed).toEqual([]);
  });
});

describe('checking a results.json', () => {
  let results: StudyResults;
  let modelFile: unknown;
  beforeAll(async () => {
    const study = resolveStudy({
      data: { train: 'HCC-TACE-Seg.csv.gz', id: 'ID' },
      outcome: { type: 'binary', column: 'Target' },
      steps: { variance: {}, redundancy: { threshold: 0.8 }, select: { nFolds: 5, rule: 'nFeatures', nFeatures: 3 } },
      models: ['radscore', 'logistic'],
      validation: { method: 'bootstrap', B: 3, seed: 5 },
    });
    const run = await runStudy(study, { train: readTable(realData('HCC-TACE-Seg.csv.gz')) });
    results = JSON.parse(JSON.stringify(run.results)) as StudyResults;
    modelFile = JSON.parse(JSON.stringify(run.fitted.toJSON()));
  }, 120_000);

  it('accepts what runStudy writes, and its model.json has the envelope of schema/model.schema.json', () => {
    expect(results.schemaVersion).toBe(RESULTS_SCHEMA_VERSION);
    expect(resultsProblem(results)).toBeNull();
    const validate = new Ajv({ strict: true, strictTypes: false, allowUnionTypes: true }).compile(JSON.parse(JSON.stringify(MODEL_FILE_SCHEMA)) as object);
    expect(validate(modelFile), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...(modelFile as object), extra: 1 })).toBe(false);
  });

  it('names a field that is not part of results.json, at any depth', () => {
    expect(resultsProblem({ ...results, extra: 1 })).toBe(`extra is not a field of results.json (schema version ${RESULTS_SCHEMA_VERSION})`);
    const deep = structuredClone(results) as unknown as { models: Record<string, { curves: { development: Record<string, unknown> } }> };
    deep.models.logistic.curves.development.riskScore = [];
    expect(resultsProblem(deep)).toBe(`models.logistic.curves.development.riskScore is not a field of results.json (schema version ${RESULTS_SCHEMA_VERSION})`);
    const measure = structuredClone(results) as unknown as { models: Record<string, { apparent: Record<string, unknown> }> };
    measure.models.radscore.apparent.accuracy = 0.8;
    expect(resultsProblem(measure)).toMatch(/^models\.radscore\.apparent\.accuracy is not a field of results\.json/);
  });

  it('names a part of the wrong type or a missing part', () => {
    const wrong = structuredClone(results) as unknown as { models: Record<string, { validation: { metrics: { auc: { corrected: unknown } } } }> };
    wrong.models.logistic.validation.metrics.auc.corrected = 'high';
    expect(resultsProblem(wrong)).toBe('models.logistic.validation.metrics.auc.corrected must be a number or null, got text "high"');
    const missing = structuredClone(results) as Partial<StudyResults>;
    delete missing.comparisons;
    expect(resultsProblem(missing)).toBe('comparisons is missing');
    const family = structuredClone(results) as unknown as { models: Record<string, { family: string }> };
    family.models.logistic.family = 'ordinal';
    expect(resultsProblem(family)).toMatch(/^models\.logistic\.family /);
    // a family that contradicts the outcome is named as such, not at a curve deep inside
    family.models.logistic.family = 'survival';
    expect(resultsProblem(family)).toBe('models.logistic.family is "survival", but the outcome is "binary"');
    const kind = structuredClone(results) as unknown as { models: Record<string, { kind: string }> };
    kind.models.logistic.kind = 'FittedCoxModel';
    expect(resultsProblem(kind)).toMatch(/^models\.logistic\.kind must be one of "ElasticNetSignature", "FittedLogisticRegression", "FittedCoxPH", "FittedRandomSurvivalForest", got text "FittedCoxModel"$/);
    expect(resultsProblem({ ...results, models: {} })).toBe('models must not be empty');
  });

  it('refuses results of another schema version, or from before the schema, saying so', () => {
    const { schemaVersion: _, ...old } = results;
    expect(resultsProblem(old)).toMatch(new RegExp(`^no schemaVersion: written \\(by radsig ${results.radsigVersion.replace(/\./g, '\\.')}\\) before results\\.json had a versioned schema; this radsig \\(.+\\) reads schema version ${RESULTS_SCHEMA_VERSION}: re-run the study`));
    expect(resultsProblem({ ...results, schemaVersion: RESULTS_SCHEMA_VERSION + 1 })).toMatch(new RegExp(`^results\\.json schema version ${RESULTS_SCHEMA_VERSION + 1} \\(written by radsig .+\\); this radsig \\(.+\\) reads schema version ${RESULTS_SCHEMA_VERSION}`));
    expect(resultsProblem([])).toMatch(/^not the results\.json of a radsig run/);
    expect(resultsProblem({ hello: 1 })).toMatch(/^not the results\.json of a radsig run/);
  });

  it('the README\'s Python snippet prints the validated performance table from results.json', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const python = /<!-- python results snippet -->\n```python\n([\s\S]*?)```/.exec(readme);
    expect(python).not.toBeNull();
    const dir = tempFolder();
    writeFileSync(join(dir, 'results.json'), JSON.stringify(results));
    writeFileSync(join(dir, 'snippet.py'), python![1]);
    const out = execFileSync('python3', ['snippet.py'], { cwd: dir, encoding: 'utf8' });
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^model\s+measure\s+apparent\s+validated\s+method$/);
    const auc = results.models.logistic.validation!.metrics.auc as { corrected: number; apparent: number };
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^logistic\\s+auc\\s+${auc.apparent.toFixed(3)}\\s+${auc.corrected.toFixed(3)}\\s+\\.632\\+$`)));
    expect(lines.length).toBe(1 + Object.values(results.models).reduce((s, m) => s + Object.keys(m.validation!.metrics).length, 0));
  });
});

describe('README', () => {
  it('its table of results.json fields is the schema\'s (node scripts/write-schema.mjs --readme)', async () => {
    const { withResultsFieldTable } = (await import(join(repoRoot, 'scripts', 'results-fields.mjs'))) as { withResultsFieldTable: (readme: string, schema: unknown) => string };
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    expect(withResultsFieldTable(readme, schema) === readme, 'README.md: run `node scripts/write-schema.mjs --readme`').toBe(true);
  });
});
