import { build } from 'esbuild';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import * as radsig from '../../dist/browser.js';
import { assertBuilt, compareResults, repoRoot } from '../helpers/package.js';
import { tempFolder } from '../helpers/tmp.js';
import { type RadsigApi, runWorkload, simulateCohortCsv, type WorkloadResult } from './browser-workload.js';

// Debian's Chromium; never a browser download. .ci/run installs it.
const CHROMIUM = process.env.RADSIG_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('radsig/browser in headless Chromium', () => {
  const dir = tempFolder('radsig-browser-');
  let bundleBytes = 0;
  let bundleInputs: string[] = [];

  beforeAll(async () => {
    assertBuilt();
    if (!existsSync(CHROMIUM)) {
      throw new Error(`headless Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install -y chromium; .ci/run does) or set RADSIG_CHROMIUM`);
    }
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      [
        `import * as radsig from ${JSON.stringify(join(repoRoot, 'dist', 'browser.js'))};`,
        `import { runWorkload } from ${JSON.stringify(join(repoRoot, 'test', 'package', 'browser-workload.ts'))};`,
        `(globalThis as any).radsigWorkload = (csv: string) => runWorkload(radsig, csv);`,
        '',
      ].join('\n'),
    );
    const result = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'iife', target: 'es2022', outfile: join(dir, 'bundle.js'), metafile: true, logLevel: 'silent', absWorkingDir: repoRoot });
    bundleInputs = Object.keys(result.metafile.inputs);
    bundleBytes = Object.values(result.metafile.outputs)[0].bytes;
    writeFileSync(join(dir, 'index.html'), '<!doctype html>\n<html><head><meta charset="utf-8"><title>radsig</title><script src="bundle.js"></script></head><body></body></html>\n');
  });

  it('bundles only the browser entry and the workload', () => {
    const outside = bundleInputs.filter((f) => !f.startsWith('dist/') && !f.endsWith('browser-workload.ts') && !f.endsWith('entry.ts') && !/^node_modules\/(ajv|@sinclair\/typebox|yaml|fast-deep-equal|json-schema-traverse|fast-uri|require-from-string)\//.test(f));
    expect(outside).toEqual([]);
    expect(bundleBytes).toBeGreaterThan(0);
  });

  it('runs a cross-validated elastic net, a Cox fit and a DeLong AUC as Node does', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const problems: string[] = [];
    const csv = simulateCohortCsv(radsig as unknown as RadsigApi);
    let inBrowser: WorkloadResult;
    try {
      const page = await browser.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(`console.${message.type()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
      await page.goto(pathToFileURL(join(dir, 'index.html')).href);
      inBrowser = await page.evaluate((text) => (globalThis as unknown as { radsigWorkload: (csv: string) => WorkloadResult }).radsigWorkload(text), csv);
    } finally {
      await browser.close();
    }
    expect(problems).toEqual([]);

    const inNode = runWorkload(radsig as unknown as RadsigApi, csv);
    expect(inNode.cvm.length).toBeGreaterThan(5);
    expect(inNode.auc[0]).toBeGreaterThan(0.6);
    const { mismatches } = compareResults(inBrowser, inNode, 1e-12);
    expect(mismatches).toEqual([]);
  });
});
