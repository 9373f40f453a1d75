/**
 * Hostile input for `radsig report`, `radsig calculator` and `radsig apply` (issue 20): names that
 * are JavaScript property names, line separators, quotes, script or very long in every chart of a
 * binary and a survival study (each rendered to SVG, the names shown as text, none in a Vega
 * expression or field); results.json and model.json files that are truncated, of the wrong kind,
 * tampered with, from another run, or built to pollute prototypes; feature tables with hostile names.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportCharts } from '../../src/report/charts/report-charts.js';
import { compileChart, renderSvg } from '../../src/report/render-chart.js';
import type { StudyResults } from '../../src/report/study-results.js';
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
          { map: new Map([[feature, name], ['C3', name], ['combined', name]]), expect: { [`forest-${which === 'binary' ? 'logistic' : 'cox'}`]: name, 'combat-before-after': name, performance: name } },
          { map: new Map([[clinical, name]]), expect: { 'forest-clinical': name } },
        ];
        for (const variant of variants) {
          const hostile = renamed(r, variant.map) as StudyResults;
          const charts = reportCharts(hostile);
          expect(charts.length).toBe(reportCharts(r).length);
          for (const chart of charts) {
            // a colour looked up by a model name such as __proto__ must still be a colour
            expect(JSON.stringify(chart.spec), chart.name).not.toMatch(/"range":\[[^\]]*[{]/);
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
  }, 60_000);
});

describe('item 13e: radsig report on a results.json whose model is named constructor or __proto__', () => {
  for (const name of ['constructor', '__proto__', 'hasOwnProperty']) {
    it(name, async () => {
      const folder = join(dir, `model-${name}`);
      mkdirSync(folder);
      const r = renamed(resultsOf('binary'), new Map([['combined', name]])) as StudyResults;
      writeFileSync(join(folder, 'results.json'), JSON.stringify(r));
      const out = await radsig(['report', folder, '--dpi', '24']);
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      const charts = reportCharts(JSON.parse(text(join(folder, 'results.json'))) as StudyResults);
      expect(charts.length).toBe(reportCharts(resultsOf('binary')).length);
      expect(readdirSync(join(folder, 'figures')).length).toBe(3 * charts.length);
      const performance = readFileSync(join(folder, 'figures', 'performance.svg'), 'utf8');
      expect(svgText(performance)).toContain(name);
    }, 60_000);
  }
});
