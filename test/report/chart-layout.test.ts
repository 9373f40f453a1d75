/**
 * Issue 24's charts checked where a number can say it, on the rendered SVG in headless Chromium:
 * the Kaplan-Meier legend lies outside the data area (below it), and no two tick labels of a
 * nomogram overlap (the PBC nomogram put age "80" on the Rad-score row; a short axis piled its
 * labels up).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { readTable, resolveStudy, runStudy, type StudyResults } from '../../src/index.js';
import { kaplanMeierChart } from '../../src/report/charts/survival-charts.js';
import { nomogramChart } from '../../src/report/charts/model-charts.js';
import { compileChart, renderSvg } from '../../src/report/render-chart.js';
import type { VegaLiteSpec } from '../../src/report/charts/chart-spec.js';
import { realData } from '../helpers/tmp.js';

// page-side code in page.evaluate (run by Chromium, not Node)
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any;

const CHROMIUM = process.env.RADSIG_CHROMIUM ?? '/usr/bin/chromium';
let browser: Browser;
let results: StudyResults;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  // PBC with age, edema and a signature: the combined Cox model's nomogram of the issue
  const study = resolveStudy({
    data: { train: 'pbc.csv.gz', id: 'id', missing: 'median' },
    outcome: { type: 'survival', time: 'time', event: 'status', eventValue: 2, horizons: [1825, 3650], timeUnit: 'days' },
    features: { include: ['bili', 'albumin', 'protime', 'ast', 'copper'] },
    clinical: ['age', 'edema'],
    external: { column: 'sex', batch: 'm' },
    steps: { select: { nFolds: 3, rule: 'lambdaMin' } },
    models: ['cox', 'combined'],
    validation: { method: 'none' },
  });
  results = (await runStudy(study, { train: readTable(realData('pbc.csv.gz')) })).results;
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

type Box = { x: number; y: number; width: number; height: number; text?: string };

/** The boxes (in the page) of the elements a selector finds in a chart's rendered SVG. */
async function boxes(spec: VegaLiteSpec, selectors: string[]): Promise<Box[][]> {
  const svg = await renderSvg(await compileChart(spec));
  const page = await browser.newPage({ viewport: { width: 2000, height: 2000 } });
  try {
    await page.setContent(`<!doctype html><body style="margin:0">${svg}</body>`);
    return await page.evaluate((sel: string[]) => sel.map((s) => Array.from(document.querySelectorAll(s)).map((e: any) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height, text: e.textContent };
    })), selectors);
  } finally {
    await page.close();
  }
}

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('rendered charts', () => {
  it('Kaplan-Meier: the legend is below the data area of the curves, not on it', async () => {
    const [legend, cells] = await boxes(kaplanMeierChart(results, 'cox', 'external')!, ['g.role-legend', 'g.role-scope path.background']);
    expect(legend.length).toBe(1);
    // the first concatenated view is the curves' data area
    const plot = cells[0];
    expect(legend[0].y).toBeGreaterThanOrEqual(plot.y + plot.height);
  }, 60_000);

  for (const model of ['cox', 'combined']) {
    it(`nomogram of the ${model} model: no two tick labels overlap`, async () => {
      const [labels] = await boxes(nomogramChart(results, model)!, ['g.mark-text.role-mark text']);
      const shown = labels.filter((b) => (b.text ?? '').trim() !== '' && b.width > 0);
      expect(shown.length).toBeGreaterThan(10);
      const clashes = shown.flatMap((a, i) => shown.slice(i + 1).filter((b) => overlap(a, b)).map((b) => `${a.text} / ${b.text}`));
      expect(clashes).toEqual([]);
    }, 60_000);
  }
});
