import { describe, expect, it } from 'vitest';
import { minimumSampleSize } from '../../src/validate/sample-size.js';
import { radsig } from '../helpers/cli.js';
import { expectClose, golden } from '../helpers/golden.js';

const ref = golden('sample-size.json');

describe('radsig samplesize', () => {
  it('binary --json: the library result, matching R (n exact, rtol 1e-9)', async () => {
    const r = await radsig(['samplesize', '--type', 'binary', '--parameters', '24', '--r2cs', '0.288', '--prevalence', '0.174', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['type', 'n', 'events', 'eventsRounded', 'epp', 'shrinkage', 'parameters', 'r2cs', 'maxR2cs', 'nagelkerkeR2', 'criteria', 'overallRisk', 'personTime', 'fromCstatistic', 'options', 'warnings']);
    expect(json).toEqual(JSON.parse(JSON.stringify(minimumSampleSize({ type: 'binary', parameters: 24, r2cs: 0.288, prevalence: 0.174 }))));
    const b = ref.binary[0];
    expect(json.criteria.map((c: { n: number }) => c.n)).toEqual(b.n);
    expect(json.n).toBe(b.final);
    expectClose(json.criteria.map((c: { nUnrounded: number }) => c.nUnrounded), b.n_unrounded, 1e-9, 0, 'n unrounded');
    expectClose([json.maxR2cs, json.nagelkerkeR2, json.shrinkage], [b.max_r2cs, b.nagelkerke, b.shrinkage_final], 1e-9, 0, 'R2');
  });

  it('binary text: pmsampsize\'s table (Riley et al. 2019 Chagas example: 623, 662, 221, 662; EPP 4.52, 4.80, 1.60, 4.80)', async () => {
    const r = await radsig(['samplesize', '--type', 'binary', '--parameters', '24', '--r2cs', '0.288', '--prevalence', '0.174']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const table = lines.slice(lines.findIndex((l) => l.startsWith('criterion')));
    expect(table[0].split(/\s{2,}/)).toEqual(['criterion', 'n', 'shrinkage', 'parameters', 'R2cs', 'max R2cs', 'Nagelkerke', 'EPP']);
    expect(table[1].split(/\s{2,}/)).toEqual(['1 shrinkage', '623', '0.900', '24', '0.288', '0.603', '0.477', '4.52']);
    expect(table[2].split(/\s{2,}/)).toEqual(['2 optimism', '662', '0.905', '24', '0.288', '0.603', '0.477', '4.80']);
    expect(table[3].split(/\s{2,}/)).toEqual(['3 overall risk', '221', '0.905', '24', '0.288', '0.603', '0.477', '1.60']);
    expect(table[4].split(/\s{2,}/)).toEqual(['final', '662', '0.905', '24', '0.288', '0.603', '0.477', '4.80']);
    expect(r.stdout).toMatch(/Minimum sample size 662, with 116 events and an EPP of 4\.80\./);
  });

  it('survival text: pmsampsize\'s example with 30 parameters (5143 patients, 10646 person-time, 692 events, EPP 23.07)', async () => {
    const r = await radsig(['samplesize', '--type', 'survival', '--parameters', '30', '--r2cs', '0.051', '--rate', '0.065', '--timepoint', '2', '--meanfup', '2.07']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^final\s+5143\s+0\.900\s+30\s+0\.051\s+0\.555\s+0\.092\s+23\.07$/m);
    expect(r.stdout).toMatch(/Minimum sample size 5143, with 10646 person-time of follow-up, 692 events and an EPP of 23\.07\./);
    expect(r.stdout).toMatch(/risk by time 2 at n = 5143: 0\.122 \(0\.113 to 0\.130\)/);
  });

  it('--cstatistic approximates R2cs as pmsampsize (R: 0.2902 for C = 0.89, prevalence 0.174)', async () => {
    const r = await radsig(['samplesize', '--type', 'binary', '--parameters', '24', '--cstatistic', '0.89', '--prevalence', '0.174', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    const c = ref.cstatistic[0];
    expect(json.r2cs).toBe(c.r2cs_rounded);
    expectClose([json.fromCstatistic.r2csUnrounded], [c.r2cs], 1e-9, 0, 'R2cs');
    expect(json.n).toBe(c.sample_size.final);
  }, 30000);

  it('a survival margin wider than asked is a warning on stderr, with n as pmsampsize', async () => {
    const r = await radsig(['samplesize', '--type', 'survival', '--parameters', '2', '--r2cs', '0.2', '--rate', '0.3', '--timepoint', '3', '--meanfup', '1.5', '--shrinkage', '0.8']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^radsig: warning: samplesize: at n = 44 .* wider than --margin-of-error 0\.05/);
    expect(r.stdout).toMatch(/Minimum sample size 44,/);
  });

  it('usage errors: one line, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--type', 'binary', '--parameters', '24', '--r2cs', '0.288'], /samplesize: --type binary needs --prevalence/],
      [['--type', 'binary', '--parameters', '24', '--r2cs', '0.7', '--prevalence', '0.174'], /samplesize: --r2cs \(0\.7\) must be below the largest Cox-Snell R2 possible with --prevalence 0\.174 \(maxR2cs 0\.603209\)/],
      [['--type', 'binary', '--parameters', '0', '--r2cs', '0.2', '--prevalence', '0.174'], /samplesize: --parameters must be >= 1, got 0/],
      [['--type', 'binary', '--parameters', '24', '--r2cs', '0.2', '--prevalence', '1.5'], /samplesize: --prevalence must be < 1, got 1\.5/],
      [['--type', 'binary', '--parameters', '24', '--r2cs', '0.2', '--prevalence', '0'], /samplesize: --prevalence must be > 0, got 0/],
      [['--type', 'survival', '--parameters', '24', '--r2cs', '0.2', '--rate', '0.1'], /samplesize: --type survival needs --timepoint, --meanfup/],
      [['--type', 'binary', '--parameters', '2', '--r2cs', '0.2', '--prevalence', '0.3', '--rate', '0.1'], /samplesize: --rate is not used with --type binary/],
      [['--type', 'binary', '--parameters', '2', '--prevalence', '0.3'], /samplesize: give one of --r2cs and --cstatistic/],
      [['--parameters', '2'], /samplesize: --type must be binary or survival, got nothing/],
      [['--type', 'binary', '--parameters', '2.5', '--r2cs', '0.2', '--prevalence', '0.3'], /--parameters must be an integer, got "2\.5"/],
    ];
    for (const [args, message] of cases) {
      const r = await radsig(['samplesize', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^radsig: error: [^\n]*\n$/);
      expect(r.stderr).toMatch(message);
    }
  });

  it('--help and the command list', async () => {
    expect((await radsig(['samplesize', '--help'])).stdout).toMatch(/--margin-of-error D/);
    expect((await radsig(['--help'])).stdout).toMatch(/samplesize\s+minimum sample size/);
  });
});
