/**
 * The report of `radsig run` and `radsig report`, the chart specs, and the calculator, on small
 * binary and survival studies with hostile names: every chart a valid Vega-Lite spec with SVG, PNG and
 * JSON files; the HTML self-contained and escaped; in headless Chromium the reports and the
 * calculator load without console errors, every chart draws marks, the hostile strings show as
 * text and nothing runs; the calculator's numbers equal `radsig apply` (1e-9).
 */
import { Ajv } from 'ajv';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCharts } from '../../src/report/charts/report-charts.js';
import { reportHtml } from '../../src/report/report-html.js';
import { radiomicsQualityScore, tripodChecklist } from '../../src/report/reporting-checklists.js';
import { sampleSizeCheck } from '../../src/report/sample-size-check.js';
import { binaryCurvesOf } from '../../src/report/results-parts.js';
import type { StudyResults } from '../../src/pipeline/results-schema/study-results-schema.js';
import { radsig } from '../helpers/cli.js';
import { assertBuilt, repoRoot } from '../helpers/package.js';
import { tempFolder } from '../helpers/tmp.js';
import { HOSTILE, HOSTILE_BATCH, HOSTILE_TITLE, runFixtureStudies, type Fixture } from './fixture.js';

// page-side code in page.evaluate and $$eval (run by Chromium, not Node)
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any, window: any;

const CHROMIUM = process.env.RADSIG_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const dir = tempFolder('radsig-report-');
let fixture: Fixture;
let browser: Browser;
const results = (which: 'binary' | 'survival') => JSON.parse(readFileSync(join(fixture[which], 'results.json'), 'utf8')) as StudyResults;

beforeAll(async () => {
  assertBuilt();
  fixture = await runFixtureStudies(dir);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

/** Opens a page, collecting console errors and warnings, page errors, failed or outside requests and dialogs. */
async function open(file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`request: ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(pathToFileURL(file).href);
  return { page, problems };
}

describe('chart specs', () => {
  it('are valid Vega-Lite (the schema vega-lite ships), pure, and name no user string as a field', () => {
    const schema = JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'vega-lite', 'build', 'vega-lite-schema.json'), 'utf8'));
    const validate = new Ajv({ strict: false, logger: false, allErrors: false }).compile(schema);
    for (const which of ['binary', 'survival'] as const) {
      const r = results(which);
      const before = JSON.stringify(r);
      const charts = reportCharts(r);
      expect(JSON.stringify(reportCharts(r))).toBe(JSON.stringify(charts));
      expect(JSON.stringify(r)).toBe(before);
      for (const c of charts) {
        expect(validate(c.spec), `${which} ${c.name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
        expect(c.name).toMatch(/^[a-z0-9-]+$/);
        const fields: string[] = [];
        JSON.stringify(c.spec, (k, v) => {
          if (k === 'field' && typeof v === 'string') fields.push(v);
          return v;
        });
        expect(fields.filter((f) => !/^[A-Za-z0-9]+$/.test(f)), `${c.name}`).toEqual([]);
        expect((c.spec.config as { font: string }).font).toBe('DejaVu Sans');
      }
    }
  });

  it('cover every chart family of a binary and a survival study', () => {
    const b = reportCharts(results('binary')).map((c) => c.name);
    for (const name of ['roc-development', 'roc-external', 'calibration-combined', 'decision-development', 'decision-external', 'elastic-net-path', 'elastic-net-cv', 'forest-combined', 'nomogram-combined', 'icc-distribution', 'combat-before-after', 'combat-share', 'selection-frequency', 'performance']) expect(b).toContain(name);
    const s = reportCharts(results('survival')).map((c) => c.name);
    for (const name of ['km-combined-development', 'km-cox-external', 'td-auc', 'calibration-cox', 'decision-development', 'nomogram-cox', 'forest-cox', 'performance']) expect(s).toContain(name);
  });

  it('external ROC legends carry the DeLong interval and the Youden point is drawn; development ROC curves are held out and say so', () => {
    type Roc = { title: { text: string }; layer: { data: { values: { model: string; threshold?: number }[] } }[] };
    const charts = reportCharts(results('binary'));
    const external = charts.find((c) => c.name === 'roc-external')!.spec as Roc;
    const combined = binaryCurvesOf(results('binary').models.combined, 'external')!.roc!;
    expect(external.layer[1].data.values[0].model).toMatch(/: AUC 0\.\d{3} \(95% CI 0\.\d{3} to [01]\.\d{3}\)$/);
    expect(external.layer[1].data.values.some((v) => v.model.startsWith(`combined: AUC ${combined.auc!.toFixed(3)} (95% CI ${combined.lower!.toFixed(3)}`))).toBe(true);
    expect(external.layer[2].data.values.length).toBe(4);
    const development = charts.find((c) => c.name === 'roc-development')!.spec as Roc;
    expect(development.title.text).toMatch(/^ROC curves, development data, out of sample \(out-of-bag patients of \d+ bootstrap resamples\)$/);
    const held = binaryCurvesOf(results('binary').models.combined, 'development')!.roc!;
    expect(development.layer[1].data.values.some((v) => v.model.startsWith(`combined: AUC ${held.auc!.toFixed(3)}`))).toBe(true);
    expect(development.layer[2].data.values.length).toBe(0);
  });
});

describe('partial results', () => {
  it('a run without harmonization, repeats, external data or a clinical model, validated by CV, still reports', () => {
    const r = results('binary');
    const partial = JSON.parse(JSON.stringify(r)) as StudyResults;
    delete partial.steps.harmonize;
    delete partial.steps.reproducibility;
    delete partial.data.external;
    for (const name of Object.keys(partial.models)) {
      const m = partial.models[name];
      delete m.external;
      delete m.curves!.external;
      m.validation = { method: 'cv', folds: 5, repeats: 2, succeeded: 10, metrics: Object.fromEntries(Object.keys(m.apparent).map((k) => [k, { mean: 0.7, sd: 0.05, folds: 10 }])) };
    }
    delete partial.models.clinical;
    delete partial.models.combined;
    partial.validation.method = 'cv';
    partial.comparisons = [];
    const names = reportCharts(partial).map((c) => c.name);
    expect(names).not.toContain('combat-before-after');
    expect(names).not.toContain('roc-external');
    expect(names).toContain('roc-development');
    const html = reportHtml(partial, [], { vegaRuntime: '' });
    expect(html).toContain('cross-validated: fold mean ± SD (pooled out-of-fold)');
    expect(html).not.toContain('id="step-harmonize"');
    expect(html).toContain('No comparisons.');
  });
});

describe('report files', () => {
  it('radsig run writes report.html and figures/NAME.svg, .png and .vl.json for every chart', () => {
    for (const which of ['binary', 'survival'] as const) {
      const folder = fixture[which];
      const charts = reportCharts(results(which));
      const files = readdirSync(join(folder, 'figures'));
      expect(files.length).toBe(3 * charts.length);
      for (const c of charts) {
        const svg = readFileSync(join(folder, 'figures', `${c.name}.svg`), 'utf8');
        expect(svg).toMatch(/^<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
        expect(svg).toContain('DejaVu Sans');
        const png = readFileSync(join(folder, 'figures', `${c.name}.png`));
        expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        expect(JSON.parse(readFileSync(join(folder, 'figures', `${c.name}.vl.json`), 'utf8'))).toEqual(c.spec);
      }
    }
  });

  it('radsig report DIR --out FILE --dpi N renders from a saved run; PNG size follows the dpi', async () => {
    const r = await radsig(['report', fixture.binary, '--out', join(dir, 'again', 'mvi.html'), '--dpi', '48'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'again', 'mvi.html'))).toBe(true);
    const width = (file: string) => readFileSync(file).readUInt32BE(16);
    const at300 = width(join(fixture.binary, 'figures', 'roc-development.png'));
    const at48 = width(join(dir, 'again', 'figures', 'roc-development.png'));
    expect(Math.abs(at300 / at48 - 300 / 48)).toBeLessThan(0.1);
    // the same page as run's, apart from nothing: the report is a function of results.json
    expect(readFileSync(join(dir, 'again', 'mvi.html'), 'utf8')).toBe(readFileSync(join(fixture.binary, 'report.html'), 'utf8'));
  });

  it('radsig report refuses a folder without results.json and bad options', async () => {
    const none = await radsig(['report', join(dir, 'nothing-here')], dir);
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/^radsig: error: .*results\.json: no such file/);
    const dpi = await radsig(['report', fixture.binary, '--dpi', '5'], dir);
    expect(dpi.code).toBe(2);
  });

  it('the page is self-contained and escapes every user string', () => {
    const html = readFileSync(join(fixture.binary, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('<script>alert(3)</script>');
    expect(html).not.toContain('<svg onload');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain(`<title>MVI &lt;script&gt;alert(3)&lt;/script&gt; &amp; &quot;quotes&quot;</title>`);
    // three scripts: the chart specs (JSON), the Vega runtime, the loader
    expect(html.match(/<script\b/g)!.length).toBe(3);
    expect(html).toContain('@media print');
    expect(html).toMatch(/break-inside:\s*avoid/);
  });

  it('follows TRIPOD+AI: sections, checklist links to them, RQS, sample size', () => {
    const html = readFileSync(join(fixture.binary, 'report.html'), 'utf8');
    const r = results('binary');
    for (const id of ['data-source', 'participants', 'predictors', 'sample-size', 'missing-data', 'development', 'step-harmonize', 'step-reproducibility', 'step-select', 'models', 'performance', 'tripod', 'rqs']) expect(html).toContain(`id="${id}"`);
    const items = tripodChecklist(r);
    expect(items.map((i) => i.item)).toContain('23a');
    for (const i of items) for (const id of i.answeredIn) expect(html, `${i.item} -> ${id}`).toContain(`id="${id}"`);
    expect(items.filter((i) => i.answeredIn.length === 0).map((i) => i.item)).toEqual(expect.arrayContaining(['3a', '17', '18a', '25']));
    const rqs = radiomicsQualityScore(r);
    expect(rqs.length).toBe(16);
    expect(rqs.find((i) => i.item === 12)!.points).toBe(3);
    expect(rqs.find((i) => i.item === 14)!.points).toBe(2);
    expect(rqs.find((i) => i.item === 11)!.points).toBeNull();
    const s = sampleSizeCheck(r);
    expect(s.candidates).toBe(r.data.features.candidates + 2);
    expect(s.model).toBe('combined');
    expect(s.r2cs).toBeCloseTo(1 - Math.exp(-r.models.combined.fit!.lrTest!.chisq! / r.models.combined.fit!.n), 12);
    expect(s.minimum!.n).toBeGreaterThan(0);
    const sv = sampleSizeCheck(results('survival'));
    expect(sv.model).toBe('combined');
    expect(sv.minimum!.type).toBe('survival');
    expect(sv.inputs.timepoint).toBe(24);
  });
});

describe('in headless Chromium', () => {
  it('the calculator works without results.json (no nomogram, no range checks); bad calls are usage or data errors', async () => {
    const alone = join(dir, 'alone');
    mkdirSync(alone);
    copyFileSync(join(fixture.binary, 'model.json'), join(alone, 'model.json'));
    const made = await radsig(['calculator', join(alone, 'model.json'), '--out', join(alone, 'calc.html')], dir);
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/no results\.json/);
    const { page, problems } = await open(join(alone, 'calc.html'));
    try {
      expect(await page.$('#nomogram')).toBeNull();
      expect(await page.textContent('#note')).toMatch(/cannot be checked against the development range/);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
    expect((await radsig(['calculator', join(alone, 'model.json')], dir)).code).toBe(2);
    writeFileSync(join(alone, 'bad.json'), '{"kind":"something else"}');
    const bad = await radsig(['calculator', join(alone, 'bad.json'), '--out', join(alone, 'x.html')], dir);
    expect(bad.code).toBe(3);
    expect(existsSync(join(alone, 'x.html'))).toBe(false);
  });

  for (const which of ['binary', 'survival'] as const) {
    it(`the ${which} report loads offline with no console error, and every chart draws marks`, async () => {
      const { page, problems } = await open(join(fixture[which], 'report.html'));
      try {
        await page.waitForFunction(() => document.documentElement.getAttribute('data-charts') === 'done', null, { timeout: 30_000 });
        const charts = await page.$$eval('.vega[data-chart]', (els) =>
          els.map((e) => ({
            name: e.getAttribute('data-chart'),
            state: e.getAttribute('data-rendered'),
            // drawn marks: paths, rects, circles, lines, text inside Vega's mark groups
            marks: e.querySelectorAll('svg g[class^="mark-"] path, svg g[class^="mark-"] line, svg g[class^="mark-"] rect, svg g[class^="mark-"] text').length,
          })),
        );
        expect(charts.length).toBe(reportCharts(results(which)).length);
        for (const c of charts) {
          expect(c.state, c.name!).toBe('ok');
          expect(c.marks, c.name!).toBeGreaterThan(5);
        }
        if (which === 'binary') {
          // hostile strings are shown as text and nothing ran
          const text = await page.evaluate(() => document.body.innerText);
          expect(text).toContain(HOSTILE);
          expect(text).toContain(HOSTILE_BATCH);
          expect(await page.title()).toBe(HOSTILE_TITLE);
          expect(await page.$$eval('img, body svg[onload], [onerror]', (els) => els.length)).toBe(0);
          // the name inside a chart (nomogram axis, forest plot) is SVG text
          const svgText = await page.$$eval('#fig-nomogram-combined svg text', (els) => els.map((e) => e.textContent));
          expect(svgText.some((t) => t?.includes('<img src=x onerror=alert(1)>'))).toBe(true);
        }
        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }

  for (const which of ['binary', 'survival'] as const) {
    it(`the ${which} calculator gives apply's numbers (1e-9) for every model, flags out-of-range inputs, marks the nomogram`, async () => {
      const page = join(dir, `${which}-calculator.html`);
      const made = await radsig(['calculator', join(fixture[which], 'model.json'), '--out', page], dir);
      expect(made.stderr).toBe('');
      expect(made.code).toBe(0);
      const applied = await radsig(['apply', join(fixture[which], 'model.json'), fixture.table, '--out', join(dir, `${which}-applied.csv`)], dir);
      expect(applied.code).toBe(0);
      const [head, ...rows] = readFileSync(join(dir, `${which}-applied.csv`), 'utf8').trim().split('\n').map((l) => l.split(','));
      const [tHead, ...tRows] = readFileSync(fixture.table, 'utf8').trim().split('\n').map((l) => l.split(','));
      const { page: p, problems } = await open(page);
      try {
        const models = await p.$$eval('#model option', (els) => els.map((e) => (e as unknown as { value: string }).value));
        expect(models.sort()).toEqual(which === 'binary' ? ['clinical', 'combined', 'logistic'] : ['clinical', 'combined', 'cox']);
        for (const model of models) {
          await p.selectOption('#model', model);
          const inputs = (await p.evaluate(() => (window as unknown as { radsigCalculator: { inputs(): { name: string; type: string }[] } }).radsigCalculator.inputs())) as { name: string; type: string }[];
          for (let r = 0; r < 3; r++) {
            // type the values into the form as a person would
            for (const input of inputs) {
              const value = tRows[r][tHead.indexOf(input.name)];
              const selector = `[data-name="${input.name.replace(/["\\]/g, '\\$&')}"]`;
              if (input.type === 'numeric') await p.fill(selector, value);
              else await p.selectOption(selector, value);
            }
            await p.waitForSelector('#result[data-state="ok"]');
            const shown = JSON.parse((await p.getAttribute('#result', 'data-value'))!) as number | number[];
            if (which === 'binary') expect(Math.abs((shown as number) - Number(rows[r][head.indexOf(model)]))).toBeLessThan(1e-9);
            else {
              const expected = [12, 24].map((h) => Number(rows[r][head.indexOf(`${model}.survival@${h}`)]));
              (shown as number[]).forEach((v, k) => expect(Math.abs(v - expected[k])).toBeLessThan(1e-9));
            }
            // and apply's 95% interval
            const intervals = (await p.$$eval('#result [data-interval]', (els) => els.map((e) => JSON.parse(e.getAttribute('data-interval')!)))) as [number, number][];
            const columns = which === 'binary' ? [model] : [12, 24].map((h) => `${model}.survival@${h}`);
            expect(intervals.length).toBe(columns.length);
            columns.forEach((c, k) => {
              expect(Math.abs(intervals[k][0] - Number(rows[r][head.indexOf(`${c}.lower`)]))).toBeLessThan(1e-9);
              expect(Math.abs(intervals[k][1] - Number(rows[r][head.indexOf(`${c}.upper`)]))).toBeLessThan(1e-9);
            });
          }
          await p.waitForSelector(`#nomogram[data-model="${model}"][data-rendered="ok"]`);
          expect(Number(await p.getAttribute('#nomogram', 'data-total-points'))).toBeGreaterThan(0);
          expect(await p.$$eval('#nomogram svg g[class^="mark-symbol"] path', (els) => els.length)).toBeGreaterThan(2);
        }
        // an extreme clinical value is flagged as outside the development range
        await p.selectOption('#model', 'combined');
        await p.fill(`[data-name="${HOSTILE}"]`, '1e9');
        await p.waitForSelector('.flag');
        expect(await p.getAttribute('#result', 'data-outside')).toBe('1');
        expect(await p.$$eval('.flag', (els) => els.map((e) => e.getAttribute('data-flag')))).toEqual([HOSTILE]);
        // a centre the study has not seen: scored assuming no batch effect, with a visible warning
        const batch = await p.$('select[data-name] option[data-unseen="true"]');
        if (batch !== null) {
          const select = await batch.evaluate((o) => (o.parentElement as unknown as { getAttribute(n: string): string }).getAttribute('data-name'));
          await p.selectOption(`[data-name="${select}"]`, { label: (await batch.textContent())! });
          await p.waitForSelector('[data-flag="new-centre"]');
          expect(await p.getAttribute('#result', 'data-state')).toBe('ok');
        }
        // the hostile input name is a label, not markup
        expect(await p.$$eval('label', (els, h) => els.some((e) => e.textContent === h), HOSTILE)).toBe(true);
        expect(await p.$$eval('img, [onerror]', (els) => els.length)).toBe(0);
        expect(problems).toEqual([]);
      } finally {
        await p.close();
      }
    });
  }
});
