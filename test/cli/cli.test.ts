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
    expect(clash.code).toBe(3);
    expect(clash.stderr).toMatch(/^radsig: error: ".*plain-file": cannot create the output folder: a file of that name exists \(EEXIST\)\n$/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('demo simulates the cohort, describes it and says where the output is', async () => {
    const r = await radsig(['demo', '--out', 'demo-out'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('output: demo-out/');
    expect(r.stdout).toContain('300 rows, 400 features');
    const described = JSON.parse(readFileSync(join(dir, 'demo-out', 'describe.json'), 'utf8'));
    expect(described.mvi.rows).toBe(300);
    expect(described.recurrence.outcome.events).toBeGreaterThan(0);
    // the study: trained on two centres, validated on the third
    const study = JSON.parse(readFileSync(join(dir, 'demo-out', 'study.json'), 'utf8'));
    expect(study.nTraining + study.nValidation).toBe(300);
    expect(study.trainingCentres).not.toContain(study.validationCentre);
    const f = study.features;
    expect(f.start).toBe(400);
    expect(f.afterVariance).toBeLessThanOrEqual(f.start);
    expect(f.afterReproducibility).toBeLessThan(f.afterVariance);
    expect(f.afterRedundancy).toBeLessThanOrEqual(f.afterReproducibility);
    expect(study.mvi.signature.length).toBeGreaterThan(0);
    expect(study.mvi.auc.estimate).toBeGreaterThan(0.5);
    expect(study.recurrence.harrellC).toBeGreaterThan(0.5);
    expect(r.stdout).toContain('validated on centre');
  });

  it('usage errors for the command line itself', async () => {
    expect((await radsig([])).code).toBe(2);
    expect((await radsig(['simulate'])).stderr).toBe('radsig: error: simulate: --out DIR is required\n');
    expect((await radsig(['describe'])).stderr).toBe('radsig: error: describe: missing TABLE\n');
    expect((await radsig(['describe', 'a.csv', 'b.csv'])).stderr).toBe('radsig: error: describe: unexpected argument "b.csv"\n');
    expect((await radsig(['describe', '--help'])).stdout).toContain('Usage: radsig describe');
  });
});
