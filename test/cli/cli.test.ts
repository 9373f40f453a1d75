import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { radsig } from '../helpers/cli.js';
import { tempFolder } from '../helpers/tmp.js';

const bin = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');

describe('radsig command line', () => {
  const dir = tempFolder();

  it('the built executable follows the exit-code convention (0, 2, 3) with one-line errors', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir });
    const ok = run('--version');
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const usage = run('describ');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toBe('radsig: error: unknown command "describ" (did you mean "describe"?); run "radsig --help" for the list\n');
    const data = run('describe', 'missing.csv');
    expect(data.status).toBe(3);
    expect(data.stderr.trim().split('\n')).toHaveLength(1);
    expect(data.stderr).toMatch(/^radsig: error: missing\.csv: cannot read table: no such file/);
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('describe');
  });

  it('simulate writes byte-identical files for the same seed', async () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    expect((await radsig(['simulate', '--out', a, '--seed', '5', '--n', '60', '--features', '40', '--repeats', '10'])).code).toBe(0);
    expect((await radsig(['simulate', '--out', b, '--seed', '5', '--n', '60', '--features', '40', '--repeats', '10'])).code).toBe(0);
    for (const file of ['features.csv', 'repeats.csv', 'truth.json']) {
      expect(readFileSync(join(a, file))).toEqual(readFileSync(join(b, file)));
    }
    const header = readFileSync(join(a, 'features.csv'), 'utf8').split('\n')[0].split(',');
    expect(header.length).toBe(11 + 40);
    expect(readFileSync(join(a, 'repeats.csv'), 'utf8').trim().split('\n').length).toBe(1 + 20);
  });

  it('a failed command leaves no output behind', async () => {
    const out = join(dir, 'never');
    const bad = await radsig(['simulate', '--out', out, '--n', 'ten']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('radsig: error: --n must be an integer, got "ten"\n');
    expect(existsSync(out)).toBe(false);
    const tooSmall = await radsig(['simulate', '--out', out, '--n', '10']);
    expect(tooSmall.code).toBe(2);
    // the library's check, in the flag's terms
    expect(tooSmall.stderr).toBe('radsig: error: --n must be at least 20, got 10\n');
    expect(existsSync(out)).toBe(false);
    // an output path that is a file, not a folder
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const clash = await radsig(['simulate', '--out', file]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/^radsig: error: simulate: --out ".*plain-file" is a file, expected a folder\n$/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('demo simulates the cohort and runs the two study files it writes (resamples reduced for the test)', async () => {
    const r = await radsig(['demo', '--out', 'demo-out', '--resamples', '3', '--workers', '2', '--quiet'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('report: demo-out/mvi-study-results/report.html');
    expect(r.stdout).toContain('report: demo-out/recurrence-study-results/report.html');
    for (const name of ['mvi', 'recurrence']) {
      const study = JSON.parse(readFileSync(join(dir, 'demo-out', `${name}-study.json`), 'utf8'));
      expect(study.validation.B).toBe(3);
      const results = JSON.parse(readFileSync(join(dir, 'demo-out', `${name}-study-results`, 'results.json'), 'utf8'));
      // developed on two centres, validated on the smallest one, which ComBat meets as a new batch
      expect(results.n + results.data.external.n).toBe(300);
      expect(results.data.train.batches.map((b: { level: string }) => b.level)).not.toContain(study.external.batch);
      expect(results.data.features.candidates).toBe(400); // the PyRadiomics columns only: no clinical column, no other endpoint
      expect(results.steps.reproducibility.kept.length).toBeLessThan(results.steps.variance.kept.length);
      expect(results.steps.select.features.length).toBeGreaterThan(0);
      const key = name === 'mvi' ? 'auc' : 'cIndex';
      for (const model of Object.values(results.models) as { apparent: Record<string, number>; validation: { metrics: Record<string, { corrected: number }> } }[]) {
        expect(model.apparent[key]).toBeGreaterThan(0.5);
        expect(Number.isFinite(model.validation.metrics[key].corrected)).toBe(true);
      }
    }
  }, 240_000);

  it('usage errors for the command line itself', async () => {
    expect((await radsig([])).code).toBe(2);
    expect((await radsig(['simulate'])).stderr).toBe('radsig: error: simulate: --out DIR is required\n');
    expect((await radsig(['describe'])).stderr).toBe('radsig: error: describe: missing TABLE\n');
    expect((await radsig(['describe', 'a.csv', 'b.csv'])).stderr).toBe('radsig: error: describe: unexpected argument "b.csv"\n');
    expect((await radsig(['describe', '--help'])).stdout).toContain('Usage: radsig describe');
  });
});
