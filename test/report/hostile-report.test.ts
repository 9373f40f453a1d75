/**
 * Hostile input for `radsig report`, `radsig calculator` and `radsig apply` (issue 20): names that
 * are JavaScript property names, line separators, quotes, script or very long in every chart of a
 * binary and a survival study (each rendered to SVG, the names shown as text, none in a Vega
 * expression or field); results.json and model.json files that are truncated, of the wrong kind,
 * tampered with, from another run, or built to pollute prototypes; feature tables with hostile names.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Matrix64 } from '../../src/core/matrix.js';
import { ModelFormatError } from '../../src/core/errors.js';
import type { DevelopmentData } from '../../src/pipeline/develop.js';
import { FittedStudy } from '../../src/pipeline/fitted-study.js';
import { runFingerprint, withContentHash } from '../../src/pipeline/run-fingerprint.js';
import type { Study } from '../../src/pipeline/study.js';
import { StudyCalculator, type PatientValues } from '../../src/report/calculator-runtime.js';
import { reportCharts } from '../../src/report/charts/report-charts.js';
import { compileChart, renderSvg } from '../../src/report/render-chart.js';
import type { StudyResults } from '../../src/pipeline/results-schema/study-results-schema.js';
import { radsig } from '../helpers/cli.js';
import { assertBuilt } from '../helpers/package.js';
import { tempFolder } from '../helpers/tmp.js';
import { runFixtureStudies, type Fixture } from './fixture.js';

const dir = tempFolder('radsig-hostile-');
let fixture: Fixture;
const text = (path: string) => readFileSync(path, 'utf8');
const resultsOf = (which: 'binary' | 'survival') => JSON.parse(text(join(fixture[which], 'results.json'))) as StudyResults;

beforeAll(async () => {
  assertBuilt();
  fixture = await runFixtureStudies(dir);
}, 300_000);

/** Names that are data and must stay data. */
export const HOSTILE_NAMES = [
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__proto__',
  'line\u2028separator',
  'paragraph\u2029separator',
  `quotes "double" 'single'`,
  'back\\slash\\',
  'datum.x || alert(1)',
  '</script><script>alert(1)</script>',
  'a.b[0]',
  `very_long_${'x'.repeat(300)}_end`,
];

/**
 * A deep copy of a JSON value with some strings (values and keys) replaced; keys are defined as own
 * properties, so that a key `__proto__` stays a key as JSON.parse makes it.
 */
function renamed(value: unknown, map: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return map.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => renamed(v, map));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) Object.defineProperty(out, map.get(k) ?? k, { value: renamed(v, map), enumerable: true, writable: true, configurable: true });
  return out;
}

/** Strings of a compiled Vega spec that Vega reads as code or as a field name. */
function codeStrings(vega: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key: string) => {
    if (typeof v === 'string') {
      if (['expr', 'signal', 'update', 'test', 'calculate', 'filter', 'labelExpr', 'field', 'as', 'groupby', 'fields', 'on', 'events'].includes(key)) out.push(v);
      return;
    }
    if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (!(k === 'values' && key === 'data')) walk(x, k);
  };
  walk(vega, '');
  return out;
}

/** The text an SVG shows (entities decoded). */
function svgText(svg: string): string {
  return [...svg.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)]
    .map((m) => m[1].replace(/<[^>]+>/g, ''))
    .join('\n')
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, d) => String.fromCodePoint(parseInt(d, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** What of a name a chart can show in full: its first characters (long names are shortened). */
const shown = (name: string) => name.slice(0, 10);

describe('item 4 / 13e: hostile feature, centre, clinical and model names in every chart', () => {
  for (const which of ['binary', 'survival'] as const) {
    for (const name of HOSTILE_NAMES) {
      it(`${which}: ${JSON.stringify(name.length > 40 ? `${name.slice(0, 20)}…` : name)} as a feature, centre and model name, then as a clinical name`, async () => {
        const r = resultsOf(which);
        const feature = r.steps.select!.features[0].name;
        const clinical = which === 'binary' ? 'tumor_size_cm' : 'cirrhosis';
        const variants: { map: Map<string, string>; expect: Record<string, string> }[] = [
          // (survival: also the time column, which enters axis titles)
          { map: new Map([[feature, name], ['C3', name], ['combined', name], ['rfs_months', name]]), expect: { [`forest-${which === 'binary' ? 'logistic' : 'cox'}`]: name, 'combat-before-after': name, performance: name, ...(which === 'survival' ? { 'td-auc': name } : {}) } },
          { map: new Map([[clinical, name]]), expect: { 'forest-clinical': name } },
        ];
        for (const variant of variants) {
          const hostile = renamed(r, variant.map) as StudyResults;
          const charts = reportCharts(hostile);
          expect(charts.length).toBe(reportCharts(r).length);
          const before = new Map(reportCharts(r).map((c) => [c.name, JSON.stringify(c.spec)]));
          for (const chart of charts) {
            // a colour looked up by a model name such as __proto__ must still be a colour
            expect(JSON.stringify(chart.spec), chart.name).not.toMatch(/"range":\[[^\]]*[{]/);
            // charts the renaming leaves as they were are not rendered again (the fixture's report test renders them)
            if (before.get(chart.name) === JSON.stringify(chart.spec)) continue;
            const vega = await compileChart(chart.spec);
            for (const s of codeStrings(vega)) expect(s.includes(shown(name)), `${chart.name}: ${s}`).toBe(false);
            const svg = await renderSvg(vega);
            expect(svg).toMatch(/^<svg/);
            if (chart.name in variant.expect) expect(svgText(svg), chart.name).toContain(shown(name));
          }
        }
      }, 60_000);
    }
  }
});

describe('item 4: a run whose feature, centre and clinical names are JavaScript property names', () => {
  it('radsig run exits 0 and writes every chart', async () => {
    const rename: Record<string, string> = { original_shape_SurfaceArea: 'constructor', original_firstorder_InterquartileRange: 'toString', original_glcm_Contrast: 'hasOwnProperty', original_shape_Flatness: 'valueOf', tumor_size_cm: '__proto__', '<img src=x onerror=alert(1)>': 'clinical\u2028line' };
    const [head, ...body] = text(join(dir, 'features.csv')).trimEnd().split('\n');
    const header = head.split(',').map((h) => rename[h] ?? h);
    const centre = header.indexOf('center');
    const centres: Record<string, string> = { C1: 'C1', 'C2<svg onload=alert(2)>': '__proto__', C3: 'centre\u2029toString' };
    const rows = body.map((l) => l.split(',').map((v, j) => (j === centre ? centres[v] : v)).join(','));
    const folder = join(dir, 'e2e');
    mkdirSync(folder);
    writeFileSync(join(folder, 'features.csv'), [header.join(','), ...rows].join('\n') + '\n');
    const features = header.filter((h) => h.startsWith('original_') || Object.values(rename).slice(0, 4).includes(h));
    const study = {
      data: { train: 'features.csv', id: 'id' },
      outcome: { type: 'binary', column: 'mvi', positive: 1 },
      features: { include: features },
      clinical: ['__proto__', 'clinical\u2028line'],
      steps: { harmonize: { batch: 'center' }, redundancy: { threshold: 0.9 }, select: { nFolds: 3 } },
      validation: { method: 'bootstrap', B: 2, seed: 1 },
    };
    writeFileSync(join(folder, 'study.json'), JSON.stringify(study));
    const run = await radsig(['run', 'study.json', '--out', 'out', '--workers', '1', '--quiet'], folder);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const results = JSON.parse(text(join(folder, 'out', 'results.json'))) as StudyResults;
    expect(results.steps.harmonize!.batches.map((b) => b.level)).toContain('__proto__');
    expect(readdirSync(join(folder, 'out', 'figures')).length).toBe(3 * reportCharts(results).length);
    // the calculator takes a clinical value named __proto__ and uses it
    const calc = new StudyCalculator(JSON.parse(text(join(folder, 'out', 'model.json'))));
    const values: PatientValues = Object.create(null);
    for (const input of calc.inputs('combined')) values[input.name] = input.type === 'numeric' ? 1 : input.levels![0];
    const one = calc.predict('combined', values);
    values.__proto__ = 9;
    const other = calc.predict('combined', values);
    expect(Object.hasOwn(one.modelInputs, '__proto__')).toBe(true);
    expect([one.modelInputs.__proto__, other.modelInputs.__proto__]).toEqual([1, 9]);
    expect(other.probability).not.toBe(one.probability);
  }, 60_000);
});

describe('item 13e: a results.json whose model is named constructor or __proto__', () => {
  for (const name of ['constructor', '__proto__', 'hasOwnProperty']) {
    it(`${name}: radsig report refuses it in one line (no study names a model so), the library's charts still draw it`, async () => {
      const folder = join(dir, `model-${name}`);
      mkdirSync(folder);
      const r = renamed(resultsOf('binary'), new Map([['combined', name]])) as StudyResults;
      writeFileSync(join(folder, 'results.json'), JSON.stringify(r));
      const out = await radsig(['report', folder, '--dpi', '24']);
      expect(out.stderr).toMatch(new RegExp(`^radsig: error: \\S+results\\.json: study\\.models\\[\\d\\]\\.name must be one of "radscore", "logistic", .+, got text "${name}"\\n$`));
      expect(out.code).toBe(3);
      expect(readdirSync(folder)).toEqual(['results.json']);
      const charts = reportCharts(JSON.parse(text(join(folder, 'results.json'))) as StudyResults);
      expect(charts.length).toBe(reportCharts(resultsOf('binary')).length);
      expect(JSON.stringify(charts.find((c) => c.name === 'performance')!.spec)).toContain(name);
    }, 60_000);
  }
});

/** A model file edited on purpose: the edit, then a content hash that matches it again. */
const rehash = (edit: (m: any) => void) => (m: any) => {
  edit(m);
  delete m.contentHash;
  return withContentHash(m);
};

describe('item 6: results.json and model.json carry the fingerprint of their run', () => {
  it('one run writes the same fingerprint into both; another study gives another', () => {
    const b = resultsOf('binary');
    const s = resultsOf('survival');
    expect(b.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(text(join(fixture.binary, 'model.json'))).fingerprint).toBe(b.fingerprint);
    expect(JSON.parse(text(join(fixture.survival, 'model.json'))).fingerprint).toBe(s.fingerprint);
    expect(s.fingerprint).not.toBe(b.fingerprint);
  });

  it('identifies the study with its seed and the development data: each change gives another', () => {
    const study = resultsOf('binary').study as unknown as Study;
    const data = (): DevelopmentData => ({ X: Matrix64.fromColumns([Float64Array.of(1, 2, 3), Float64Array.of(4, 5, 6)], { columnNames: ['a', 'b'] }), response: [0, 1, 1], ids: ['p1', 'p2', 'p3'], batch: ['A', 'B', 'A'], covariates: [] });
    const base = runFingerprint(study, data());
    expect(runFingerprint(structuredClone(study), data())).toBe(base);
    const reseeded = structuredClone(study);
    reseeded.validation.seed += 1;
    const changed = data();
    changed.X.set(2, 1, 6.000001);
    const renamedId = { ...data(), ids: ['p1', 'p2', 'p4'] };
    const otherOutcome = { ...data(), response: [1, 0, 1] };
    const otherBatch = { ...data(), batch: ['A', 'B', 'B'] };
    const fingerprints = [base, runFingerprint(reseeded, data()), runFingerprint(study, changed), runFingerprint(study, renamedId), runFingerprint(study, otherOutcome), runFingerprint(study, otherBatch)];
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });
});

describe('item 7: model.json records its structure, checks its invariants and its content hash', () => {
  const load = (which: 'binary' | 'survival', edit: (m: any) => unknown) => {
    const m = JSON.parse(text(join(fixture[which], 'model.json')));
    const out = edit(m);
    const edited = out !== null && typeof out === 'object' ? out : m; // an edit returns the new file, or changes m in place
    try {
      FittedStudy.fromJSON(edited);
    } catch (error) {
      expect(error).toBeInstanceOf(ModelFormatError);
      return (error as Error).message;
    }
    return 'loaded';
  };
  it('loads as written, also re-indented; a fingerprint and a 64-digit hash are in the file', () => {
    expect(load('binary', (m) => JSON.parse(JSON.stringify(m, null, 2)))).toBe('loaded');
    expect(load('survival', () => undefined)).toBe('loaded');
    expect(JSON.parse(text(join(fixture.binary, 'model.json'))).contentHash).toMatch(/^[0-9a-f]{64}$/);
  });
  it('refuses an edit the hash does not cover, and a file without a hash (re-run)', () => {
    expect(load('binary', (m) => (m.models[1].model.coefficients[1] *= 1.01))).toMatch(/content does not match its contentHash: the file was edited or damaged/);
    expect(load('binary', (m) => delete m.contentHash)).toMatch(/the file has no contentHash \(written by radsig .* before model files carried one, or the field was removed\); re-run the study/);
  });
  it('refuses a file whose steps are not those its study declares, even with a matching hash', () => {
    expect(load('binary', rehash((m) => (m.steps = m.steps.filter((s: any) => s.name !== 'harmonize'))))).toMatch(/the file holds the steps "variance", "reproducibility", "redundancy", its study declares "harmonize", "variance", "reproducibility", "redundancy"|does not read what step/);
    expect(load('binary', rehash((m) => (m.steps = [])))).toMatch(/the file holds the steps \(none\), its study declares "harmonize"/);
    expect(load('binary', (m) => (m.steps = m.steps.filter((s: any) => s.name !== 'harmonize')))).not.toBe('loaded');
  });
  it('refuses a random survival forest whose time grid runs backwards (was: S(12) = 1.0, S(24) = 0.46)', () => {
    expect(load('survival', rehash((m) => m.models.find((x: any) => x.name === 'rsf').model.times.reverse()))).toMatch(/FittedRandomSurvivalForest\.fromJSON: times must be strictly increasing/);
  });
});

/** One hostile input: an edit of model.json or results.json (an object is the new file, a string its text) or of the table, the command, and what must happen. */
interface SweepCase {
  name: string;
  command: 'apply' | 'calculator' | 'report';
  which?: 'binary' | 'survival';
  model?: (m: any) => unknown;
  results?: (r: any) => unknown;
  table?: (csv: string) => string;
  code: 0 | 2 | 3;
  stderr?: RegExp;
  check?: (folder: string, stdout: string) => void;
}

const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const scripts = (html: string) => (html.match(/<script/gi) ?? []).length;

const SWEEP: SweepCase[] = [
  // model.json, by apply and calculator
  { name: 'model.json truncated', command: 'apply', model: (m) => JSON.stringify(m).slice(0, 5000), code: 3, stderr: /model\.json: not valid JSON$/ },
  { name: 'model.json empty', command: 'calculator', model: () => '', code: 3, stderr: /model\.json: not valid JSON$/ },
  { name: 'model.json an array', command: 'apply', model: () => '[]', code: 3, stderr: /RadsigStudy\.fromJSON: expected a model object, got an array of 0$/ },
  { name: 'model.json null', command: 'calculator', model: () => 'null', code: 3, stderr: /expected a model object, got null$/ },
  { name: 'wrong kind', command: 'apply', model: (m) => void (m.kind = 'FittedCoxPH'), code: 3, stderr: /model kind is "FittedCoxPH", expected "RadsigStudy"$/ },
  { name: 'a results.json given as the model', command: 'calculator', model: () => text(join(fixture.binary, 'results.json')), code: 3, stderr: /not a radsig model \(no "kind" field\)$/ },
  { name: 'newer schemaVersion', command: 'apply', model: (m) => void (m.schemaVersion = 99), code: 3, stderr: /schemaVersion 99 is newer than this radsig/ },
  { name: 'schemaVersion as a string', command: 'calculator', model: (m) => void (m.schemaVersion = '1'), code: 3, stderr: /schemaVersion must be a positive integer, got "1"$/ },
  { name: 'no contentHash (an old file)', command: 'apply', model: (m) => void delete m.contentHash, code: 3, stderr: /no contentHash .* re-run the study to write a checked model file$/ },
  { name: 'contentHash not hex', command: 'calculator', model: (m) => void (m.contentHash = 'x'.repeat(64)), code: 3, stderr: /contentHash must be 64 hex digits/ },
  { name: 'a coefficient edited', command: 'apply', model: (m) => void (m.models[1].model.coefficients[0] += 0.5), code: 3, stderr: /content does not match its contentHash/ },
  { name: 're-indented with a byte-order mark', command: 'apply', model: (m) => '\uFEFF' + JSON.stringify(m, null, 2), code: 0 },
  { name: 'harmonize step removed (hash rewritten)', command: 'apply', model: rehash((m) => (m.steps = m.steps.filter((s: any) => s.name !== 'harmonize'))), code: 3, stderr: /its study declares "harmonize"|does not read what step/ },
  { name: 'every step removed (hash rewritten)', command: 'calculator', model: rehash((m) => (m.steps = [])), code: 3, stderr: /the file holds the steps \(none\), its study declares/ },
  { name: 'RSF time grid reversed (hash rewritten)', command: 'apply', which: 'survival', model: rehash((m) => m.models.find((x: any) => x.name === 'rsf').model.times.reverse()), code: 3, stderr: /times must be strictly increasing/ },
  { name: 'RSF leaf with events out of order (hash rewritten)', command: 'apply', which: 'survival', model: rehash((m) => { const t = m.models.find((x: any) => x.name === 'rsf').model.trees[0]; const e = t.leafOffset.findIndex((o: number, l: number) => t.leafOffset[l + 1] - o >= 2); [t.leafGrid[t.leafOffset[e]], t.leafGrid[t.leafOffset[e] + 1]] = [t.leafGrid[t.leafOffset[e] + 1], t.leafGrid[t.leafOffset[e]]]; }), code: 3, stderr: /tree 1 leaf \d+ has event times out of order/ },
  { name: 'Cox baseline hazard negative (hash rewritten)', command: 'calculator', which: 'survival', model: rehash((m) => (m.models.find((x: any) => x.name === 'cox').model.baseline.cumhaz[0] = -1)), code: 3, stderr: /baseline\.cumhaz(\[0\])? must be non-negative|non-decreasing/ },
  { name: 'signature reads other features (hash rewritten)', command: 'apply', model: rehash((m) => (m.signature.featureNames[0] = 'original_firstorder_Other')), code: 3, stderr: /the signature does not read the features the steps write|does not read/ },
  { name: 'logistic model reads another feature (hash rewritten)', command: 'apply', model: rehash((m) => (m.models[1].model.featureNames[0] = m.models[1].model.featureNames[1])), code: 3, stderr: /model "logistic" reads .*, expected/ },
  { name: 'featureNames field edited (hash rewritten)', command: 'calculator', model: rehash((m) => m.featureNames.reverse()), code: 3, stderr: /featureNames does not list the features/ },
  { name: 'fingerprint not hex (hash rewritten)', command: 'apply', model: rehash((m) => (m.fingerprint = 'abc')), code: 3, stderr: /fingerprint must be 64 hex digits/ },
  { name: 'NaN written as a string (hash rewritten)', command: 'apply', model: rehash((m) => (m.models[1].model.coefficients[0] = 'NaN')), code: 3, stderr: /coefficients\[0\] must be a finite number, got "NaN"$/ },
  { name: 'Infinity written as a string in the RSF grid (hash rewritten)', command: 'calculator', which: 'survival', model: rehash((m) => (m.models.find((x: any) => x.name === 'rsf').model.times[0] = 'Infinity')), code: 3, stderr: /times\[0\] must be a finite number, got "Infinity"$/ },
  { name: 'huge array (hash rewritten)', command: 'apply', model: rehash((m) => (m.signature.beta = new Array(1_000_000).fill(0))), code: 3, stderr: /beta must be an array of \d+ numbers, got "1000000 values"$/ },
  { name: 'negative count (hash rewritten)', command: 'apply', model: rehash((m) => (m.models[1].model.n = -5)), code: 3, stderr: /field n must be an integer >= 1, got -5$/ },
  { name: 'missing field (hash rewritten)', command: 'calculator', model: rehash((m) => delete m.models[1].model.coefficients), code: 3, stderr: /coefficients must be an array of numbers, got nothing$/ },
  { name: 'extra field (hash not rewritten)', command: 'apply', model: (m) => void (m.comment = 'hello'), code: 3, stderr: /content does not match its contentHash/ },
  { name: 'extra field (hash rewritten) is ignored', command: 'apply', model: rehash((m) => (m.comment = 'hello')), code: 0 },
  { name: '__proto__ and constructor keys everywhere (hash rewritten) pollute nothing', command: 'calculator', model: (m) => JSON.stringify(rehash((x) => { x.options = { polluted: 1 }; })(m)).replace(/"options":\{"polluted":1\}/, '"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}').replace('"contentHash"', '"__proto__":{"polluted":1},"contentHash"'), code: 3, stderr: /content does not match its contentHash|RadsigStudy\.fromJSON/, check: () => expect(({} as any).polluted).toBeUndefined() },
  { name: '__proto__ key inside a model (hash rewritten) loads and pollutes nothing', command: 'apply', model: (m) => { const withKey = JSON.stringify(m.models[1].model).replace(/^\{/, '{"__proto__":{"polluted":1},"constructor":{"polluted":1},'); m.models[1].model = JSON.parse(withKey); delete m.contentHash; return JSON.stringify(withContentHash(m)); }, code: 0, check: () => expect(({} as any).polluted).toBeUndefined() },
  { name: 'deeply nested JSON', command: 'apply', model: () => deep(200_000), code: 3, stderr: /model\.json: nested 200000 levels deep; radsig reads at most 100 levels/ },
  { name: 'deeply nested JSON in a field (hash rewritten)', command: 'calculator', model: rehash((m) => (m.study.description = JSON.parse(deep(3000)))), code: 3, stderr: /model\.json: nested 3002 levels deep; radsig reads at most 100 levels/ },
  { name: 'script in the study title (hash rewritten): escaped in the calculator', command: 'calculator', model: rehash((m) => (m.study.title = '</script><script>alert(1)</script><!--')), code: 0, check: (folder) => { const html = text(join(folder, 'out.html')); expect(html).not.toContain('<script>alert(1)'); expect(html).not.toContain('<!--'); } },
  // results.json, by report and calculator
  { name: 'results.json truncated', command: 'report', results: (r) => JSON.stringify(r).slice(0, 3000), code: 3, stderr: /results\.json: not valid JSON$/ },
  { name: 'results.json of another run (calculator)', command: 'calculator', results: () => text(join(fixture.survival, 'results.json')), code: 3, stderr: /results\.json \(run [0-9a-f]{12}…\) and .*model\.json \(run [0-9a-f]{12}…\) are from different runs/ },
  { name: 'results.json of another run (report beside model.json)', command: 'report', results: () => text(join(fixture.survival, 'results.json')), code: 3, stderr: /results\.json \(run [0-9a-f]{12}…\) and .*model\.json \(run [0-9a-f]{12}…\) are from different runs/ },
  { name: 'results.json without fingerprint', command: 'calculator', results: (r) => void delete r.fingerprint, code: 3, stderr: /results\.json: fingerprint is missing$/ },
  { name: 'results.json without models', command: 'report', results: (r) => void delete r.models, code: 3, stderr: /results\.json: models is missing$/ },
  { name: 'a model that is null', command: 'report', results: (r) => void (r.models.combined = null), code: 3, stderr: /results\.json: models\.combined must be an object/ },
  { name: 'an unknown outcome type', command: 'report', results: (r) => void (r.outcome.type = 'ordinal'), code: 3, stderr: /results\.json: outcome\.type must be "binary" or "survival"/ },
  { name: 'NaN and Infinity written as strings', command: 'report', results: (r) => void ((r.models.combined.apparent.auc = 'NaN'), (r.models.logistic.apparent.brier = 'Infinity')), code: 3, stderr: /results\.json: models\.(combined\.apparent\.auc|logistic\.apparent\.brier) must be a number or null, got text "(NaN|Infinity)"$/ },
  { name: 'negative and non-integer counts', command: 'report', results: (r) => void ((r.n = -5), (r.nPositive = 2.5)), code: 3, stderr: /results\.json: (n must be >= 0, got number -5|nPositive must be a whole number, got number 2\.5)$/ },
  { name: 'curves of the wrong type', command: 'report', results: (r) => void ((r.models.combined.curves = 'x'), (r.models.logistic.coefficients = {})), code: 3, stderr: /results\.json: models\.(combined\.curves|logistic\.coefficients) must be/ },
  { name: 'a model named __proto__ and one named constructor', command: 'report', results: (r) => JSON.stringify(r).replace('"combined":{', '"__proto__":{').replace('"clinical":{', '"constructor":{'), code: 0 },
  { name: 'script and HTML in names: escaped in the report', command: 'report', results: (r) => renamed(r, new Map([[r.steps.select.features[0].name, '</script><script>alert(1)</script>'], ['C3', '<!--<script>'], ['tumor_size_cm', '"><svg onload=alert(1)>']])), code: 0, check: (folder) => { const html = text(join(folder, 'report.html')); expect(scripts(html)).toBe(3); expect(html).not.toContain('<svg onload'); expect(html).not.toContain('<!--<script>'); } },
  { name: 'two model names with one file-name form', command: 'report', results: (r) => JSON.stringify(r).replace('"combined":{', '"Logistic!":{'), code: 0, check: (folder, stdout) => { expect(stdout).toMatch(/^report: /); const names = [...text(join(folder, 'report.html')).matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1]); expect(new Set(names).size).toBe(names.length); expect(names).toContain('forest-logistic-2'); } },
  { name: 'models named "treat all" and "treat none"', command: 'report', results: (r) => JSON.stringify(r).replace('"combined":{', '"treat all":{').replace('"clinical":{', '"treat none":{'), code: 0, check: (folder) => { const spec = JSON.parse(text(join(folder, 'report.html')).match(/id="radsig-charts">([^<]*)</)![1])['decision-development']; const domain = spec.scales.find((x: any) => x.name === 'color').domain; expect(domain).toEqual(['radscore', 'logistic', 'treat none', 'treat all', 'treat all (reference)', 'treat none (reference)']); } },
  // feature tables for apply
  { name: 'a table with extra columns named __proto__, constructor and a script', command: 'apply', table: (csv) => csv.replace(/^/, '__proto__,constructor,"<script>alert(1)</script>",').replace(/\n(?=.)/g, '\n1,2,3,'), code: 0, check: (folder) => expect(text(join(folder, 'out.csv')).split('\n')[0]).not.toContain('__proto__') },
  { name: 'a table whose feature column is renamed toString', command: 'apply', table: (csv) => csv.replace('original_shape_SurfaceArea', 'toString'), code: 3, stderr: /table\.csv: no column named "original_shape_SurfaceArea"/ },
  { name: 'a table with a centre named __proto__', command: 'apply', table: (csv) => csv.replace(/,C3,/g, ',__proto__,'), code: 3, stderr: /__proto__/ },
];

describe('hostile sweep: report, calculator and apply', () => {
  SWEEP.forEach((c, k) => {
    it(`${k + 1}. ${c.command}: ${c.name}`, async () => {
      const which = c.which ?? 'binary';
      const folder = join(dir, `sweep-${k + 1}`);
      mkdirSync(folder);
      const write = (name: string, edit?: (x: any) => unknown) => {
        const original = text(join(fixture[which], name));
        if (edit === undefined) return copyFileSync(join(fixture[which], name), join(folder, name));
        const json = JSON.parse(original);
        const out = edit(json);
        writeFileSync(join(folder, name), typeof out === 'string' ? out : JSON.stringify(out !== undefined && out !== null && typeof out === 'object' ? out : json));
      };
      write('model.json', c.model);
      write('results.json', c.results);
      const table = join(folder, 'table.csv');
      writeFileSync(table, c.table ? c.table(text(fixture.table)) : text(fixture.table));
      const outFile = join(folder, c.command === 'apply' ? 'out.csv' : c.command === 'calculator' ? 'out.html' : 'report.html');
      const args = c.command === 'apply' ? ['apply', join(folder, 'model.json'), table, '--out', outFile] : c.command === 'calculator' ? ['calculator', join(folder, 'model.json'), '--out', outFile] : ['report', folder, '--no-figures'];
      const r = await radsig(args, folder);
      expect([r.code, r.stderr]).toEqual([c.code, c.code === 0 ? '' : expect.stringMatching(/^radsig: error: [^\n]+\n$/)]);
      if (c.stderr) expect(r.stderr.trimEnd()).toMatch(c.stderr);
      expect(existsSync(outFile)).toBe(c.code === 0);
      c.check?.(folder, r.stdout);
    }, 60_000);
  });
  it('has at least 35 cases', () => expect(SWEEP.length).toBeGreaterThanOrEqual(35));
});
