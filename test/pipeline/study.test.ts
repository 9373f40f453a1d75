/**
 * Study files: schema validation with the path in the message, defaults, YAML, cross-field rules,
 * and the shipped schema file in step with the code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStudy, ParameterError, STUDY_SCHEMA } from '../../src/index.js';

const base = { data: { train: 'features.csv', id: 'id' }, outcome: { type: 'binary', column: 'mvi' }, steps: { select: {} } };
const parse = (value: unknown, source = 'study.json') => parseStudy(JSON.stringify(value), { source });
const error = (value: unknown) => {
  try {
    parse(value);
  } catch (e) {
    expect(e).toBeInstanceOf(ParameterError);
    return (e as Error).message;
  }
  throw new Error('no error');
};

describe('study files', () => {
  it('fills every default', () => {
    const s = parse(base);
    expect(s.data.missing).toBe('error');
    expect(s.outcome).toEqual({ type: 'binary', column: 'mvi' }); // no positive value assumed: the data layer's rule (1 positive, the other 0) applies
    expect(s.steps.select).toEqual({ alpha: 1, nFolds: 10, repeats: 1, measure: 'deviance', rule: 'lambda1se', stratify: true, dfmax: 50 });
    expect(s.validation).toEqual({ method: 'bootstrap', B: 200, folds: 5, repeats: 10, seed: 42 });
    expect(s.models.map((m) => m.name)).toEqual(['radscore', 'logistic']);
    const surv = parse({ ...base, outcome: { type: 'survival', time: 't', event: 'e', horizons: [12] }, clinical: ['age'] });
    expect(surv.models.map((m) => m.name)).toEqual(['radscore', 'cox', 'clinical', 'combined', 'rsf']);
    expect(surv.outcome).not.toHaveProperty('eventValue'); // none assumed (0/1, or 1/2 as Surv, is the data layer's rule)
  });

  it('names the file, the JSON path and what was expected', () => {
    expect(error({ ...base, steps: { select: { alpha: 2 } } })).toBe('study.json: /steps/select/alpha: must be <= 1');
    expect(error({ ...base, steps: { select: { measure: 'bogus' } } })).toBe('study.json: /steps/select/measure: must be one of "deviance", "auc", "class", "C"');
    expect(error({ ...base, extra: 1 })).toBe('study.json: /: unknown key "extra"');
    expect(error({ data: { train: 'x' }, outcome: { type: 'survival', time: 't', event: 'e' } })).toBe('study.json: /outcome: must have the key "horizons"');
    expect(error({ ...base, validation: { B: 0 } })).toBe('study.json: /validation/B: must be >= 1');
    expect(error({ ...base, models: ['cox'] })).toBe('study.json: /models/0: "cox" needs a survival outcome');
    expect(error({ ...base, models: ['combined'] })).toBe('study.json: /models/0: "combined" needs clinical columns ("clinical": [...])');
    expect(error({ ...base, steps: { select: { rule: 'nFeatures' } } })).toBe('study.json: /steps/select: rule "nFeatures" needs "nFeatures": k');
    expect(error({ ...base, clinical: ['mvi'] })).toBe('study.json: /clinical/0: column "mvi" is already the outcome');
    expect(error({ ...base, external: { batch: 'C1' } })).toBe('study.json: /external: needs "column", or a harmonize step whose batch column holds the centre');
    expect(() => parseStudy('{"data":', { source: 'broken.json' })).toThrow(/^broken\.json: not valid JSON: /);
  });

  it('reads YAML', () => {
    const s = parseStudy('data: { train: f.csv }\noutcome:\n  type: binary\n  column: mvi\nsteps:\n  select: { alpha: 0.5 }\n', { source: 'study.yaml' });
    expect(s.steps.select!.alpha).toBe(0.5);
    expect(() => parseStudy('data: [', { source: 'study.yml' })).toThrow(/^study\.yml: not valid YAML: /);
    // YAML's .nan and .inf are numbers no study value can be (a JSON copy made them null: "must be number")
    expect(() => parseStudy('data: { train: f.csv }\noutcome: { type: binary, column: mvi }\nsteps:\n  select: { alpha: .nan }\n', { source: 's.yaml' })).toThrow(/^s\.yaml: \/steps\/select\/alpha: must be a finite number, got NaN$/);
    expect(() => parseStudy('data: { train: f.csv }\noutcome: { type: binary, column: mvi }\nvalidation: { B: .inf }\n', { source: 's.yaml' })).toThrow(/^s\.yaml: \/validation\/B: must be a finite number, got Infinity$/);
  });

  it('the shipped schema/study.schema.json is the schema the code checks with', () => {
    const shipped = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schema', 'study.schema.json'), 'utf8'));
    expect(shipped).toEqual(JSON.parse(JSON.stringify(STUDY_SCHEMA)));
  });
});
