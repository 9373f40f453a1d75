// `npm run screenshots [-- DIR]`: runs the demo (20 resamples) into DIR/demo, writes the calculator
// of each study, and saves full-page PNG screenshots of the two reports and the two calculators
// (headless Debian Chromium) into DIR (default ./screenshots). The calculator shots show the first
// development patient entered.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(import.meta.dirname, '..');
const out = resolve(process.argv[2] ?? join(root, 'screenshots'));
const demo = join(out, 'demo');
const cli = join(root, 'dist', 'cli', 'main.js');
const chromiumPath = process.env.RADSIG_CHROMIUM ?? '/usr/bin/chromium';
mkdirSync(out, { recursive: true });
if (!existsSync(join(demo, 'recurrence-study-results', 'results.json'))) {
  execFileSync(process.execPath, [cli, 'demo', '--out', demo, '--resamples', '20', '--quiet'], { stdio: 'inherit' });
}
for (const study of ['mvi', 'recurrence']) {
  execFileSync(process.execPath, [cli, 'calculator', join(demo, `${study}-study-results`, 'model.json'), '--out', join(demo, `${study}-calculator.html`)], { stdio: 'inherit' });
}

const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const problems = [];
try {
  for (const study of ['mvi', 'recurrence']) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(`${study} report: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`${study} report: ${e.message}`));
    await page.goto(pathToFileURL(join(demo, `${study}-study-results`, 'report.html')).href);
    await page.waitForFunction(() => document.documentElement.getAttribute('data-charts') === 'done', null, { timeout: 60_000 });
    await page.screenshot({ path: join(out, `${study}-report.png`), fullPage: true });
    await page.screenshot({ path: join(out, `${study}-report-top.png`) });
    await page.close();

    // the calculator with the first development patient (a centre ComBat has seen)
    const lines = readFileSync(join(demo, 'features.csv'), 'utf8').split('\n');
    const head = lines[0].split(',');
    const centre = JSON.parse(readFileSync(join(demo, `${study}-study.json`), 'utf8')).external.batch;
    const row = lines.slice(1).map((l) => l.split(',')).find((r) => r[head.indexOf('center')] !== centre);
    const calc = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    calc.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(`${study} calculator: ${m.text()}`));
    calc.on('pageerror', (e) => problems.push(`${study} calculator: ${e.message}`));
    await calc.goto(pathToFileURL(join(demo, `${study}-calculator.html`)).href);
    const inputs = await calc.evaluate(() => window.radsigCalculator.inputs());
    const values = Object.fromEntries(inputs.map((i) => [i.name, i.type === 'numeric' ? Number(row[head.indexOf(i.name)]) : row[head.indexOf(i.name)]]));
    await calc.evaluate((v) => window.radsigCalculator.setValues(v), values);
    await calc.waitForSelector('#nomogram[data-rendered="ok"]');
    await calc.screenshot({ path: join(out, `${study}-calculator.png`), fullPage: true });
    // a patient of the external centre, which the study has not seen: "another centre" (assumed without a batch effect)
    const outside = lines.slice(1).map((l) => l.split(',')).find((r) => r[head.indexOf('center')] === centre);
    const outsideValues = Object.fromEntries(inputs.map((i) => [i.name, i.role === 'batch' ? 'another centre' : i.type === 'numeric' ? Number(outside[head.indexOf(i.name)]) : outside[head.indexOf(i.name)]]));
    await calc.evaluate((v) => window.radsigCalculator.setValues(v), outsideValues);
    await calc.waitForSelector('[data-flag="new-centre"]');
    await calc.screenshot({ path: join(out, `${study}-calculator-new-centre.png`), fullPage: true });
    await calc.close();
  }
} finally {
  await browser.close();
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`screenshots: ${out}/ (mvi-report.png, recurrence-report.png, their -top.png, mvi-calculator.png, recurrence-calculator.png, and each calculator with a patient of a centre the study has not seen, -calculator-new-centre.png)`);
