/**
 * A hostile but realistic user of the study pipeline (`radsig run`, `radsig apply`): study files and
 * data that once gave a crash, a silent wrong answer or a half-written output folder.
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { radsig } from '../helpers/cli.js';
import { assertBuilt, repoRoot } from '../helpers/package.js';
import { realData, tempFolder } from '../helpers/tmp.js';

const dir = tempFolder();
const write = (name: string, study: object | string) => {
  writeFileSync(join(dir, name), typeof study === 'string' ? study : JSON.stringify(study, null, 2));
  return name;
};
const read = (path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8'));

const pbcStudy = {
  data: { train: realData('pbc.csv.gz'), id: 'id', missing: 'median' },
  outcome: { type: 'survival', time: 'time', event: 'status', eventValue: 2, horizons: [1825, 3650] },
  features: { include: ['bili', 'albumin', 'protime', 'ast', 'copper', 'chol'] },
  steps: { select: { nFolds: 5 } },
  models: ['radscore', 'cox'],
  validation: { method: 'cv', folds: 3, repeats: 1, seed: 5 },
};

describe('survival measures', () => {
  it('the integrated Brier score is given (it was null in every survival study)', async () => {
    write('pbc-ibs.json', pbcStudy);
    const r = await radsig(['run', 'pbc-ibs.json', '--out', 'pbc-ibs', '--workers', '1', '--quiet'], dir);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const results = read('pbc-ibs/results.json');
    for (const name of ['radscore', 'cox']) {
      const m = results.models[name];
      expect(m.apparent.ibs).toBeGreaterThan(0);
      expect(m.apparent.ibs).toBeLessThan(0.25);
      expect(m.validation.metrics.ibs.folds).toBe(3);
      expect(m.validation.metrics.ibs.mean).toBeGreaterThan(0);
    }
  });
});

const hccStudy = {
  data: { train: realData('HCC-TACE-Seg.csv.gz'), id: 'ID' },
  outcome: { type: 'binary', column: 'Target' },
  steps: { variance: {}, redundancy: { threshold: 0.9 }, select: { alpha: 1, nFolds: 5 } },
  models: ['radscore', 'logistic'],
  validation: { method: 'bootstrap', B: 3, seed: 3 },
};

describe('Ctrl-C', () => {
  it('SIGINT while the outputs are being written leaves a whole output folder or none, never part of one', async () => {
    assertBuilt();
    const { spawn } = await import('node:child_process');
    write('sigint.json', hccStudy);
    const out = join(dir, 'sigint-out');
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'cli', 'main.js'), 'run', 'sigint.json', '--out', 'sigint-out', '--workers', '1', '--quiet'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const closed = new Promise<number | null>((done) => child.on('close', done));
    // the folder appears when writing starts: interrupt then
    const deadline = Date.now() + 120_000;
    while (!existsSync(out) && Date.now() < deadline) {
      /* wait */
    }
    child.kill('SIGINT');
    const code = await closed;
    if (code === 130) {
      expect(stderr).toBe('radsig: error: run: interrupted; nothing was written\n');
      expect(existsSync(out)).toBe(false);
    } else {
      expect([code, stderr]).toEqual([0, '']);
      expect(readdirSync(out).sort()).toEqual(['.radsig-manifest.json', 'figures', 'model.json', 'predictions.csv', 'report.html', 'results.json']);
      expect(read('sigint-out/results.json').n).toBe(84);
    }
  }, 130_000);
});

describe('absurd study settings', () => {
  const cases: [string, object, number, RegExp][] = [
    ['B = 1e9 (was a crash: out of memory)', { ...hccStudy, validation: { method: 'bootstrap', B: 1e9 } }, 2, /^radsig: error: absurd-0\.json: \/validation\/B: must be <= 100000\n$/],
    ['CV repeats = 1e9', { ...hccStudy, validation: { method: 'cv', folds: 5, repeats: 1e9 } }, 2, /^radsig: error: absurd-1\.json: \/validation\/repeats: must be <= 1000\n$/],
    ['stability B = 1e9', { ...hccStudy, steps: { select: { stability: { B: 1e9 } } } }, 2, /^radsig: error: absurd-2\.json: \/steps\/select\/stability\/B: must be <= 100000\n$/],
    ['a seed beyond what the generator takes is named in the study, not as a flag', { ...hccStudy, validation: { method: 'none', seed: 1e20 } }, 2, /^radsig: error: absurd-3\.json: \/validation\/seed: must be <= 9007199254740991\n$/],
    ['more CV folds than patients (was: every measure null, no warning)', { ...hccStudy, validation: { method: 'cv', folds: 85, repeats: 1 } }, 3, /^radsig: error: \S*HCC-TACE-Seg\.csv\.gz: validation\.folds is 85, more than the 84 development patients; each fold needs patients to score\n$/],
  ];
  cases.forEach(([label, study, code, message], k) => {
    it(label, async () => {
      write(`absurd-${k}.json`, study);
      const r = await radsig(['run', `absurd-${k}.json`, '--out', `absurd-${k}`, '--workers', '1', '--quiet'], dir);
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(existsSync(join(dir, `absurd-${k}`))).toBe(false);
    });
  });
});

describe('study file text', () => {
  const quick = { ...hccStudy, steps: { select: { nFolds: 5 } }, validation: { method: 'none' } };

  it('a JSON study with a byte-order mark (as Windows editors write) runs as without one', async () => {
    write('bom.json', '\uFEFF' + JSON.stringify(quick));
    write('nobom.json', JSON.stringify(quick));
    const bom = await radsig(['run', 'bom.json', '--out', 'bom', '--workers', '1', '--quiet'], dir);
    expect([bom.code, bom.stderr]).toEqual([0, '']);
    expect((await radsig(['run', 'nobom.json', '--out', 'nobom', '--workers', '1', '--quiet'], dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'bom', 'results.json'), 'utf8')).toBe(readFileSync(join(dir, 'nobom', 'results.json'), 'utf8'));
  });

  it('a key given twice in JSON is refused, as in YAML (JSON.parse silently kept the last)', async () => {
    const text = JSON.stringify(quick).replace('"method":"none"', '"method":"none","method":"bootstrap","B":3');
    write('twice.json', text);
    const r = await radsig(['run', 'twice.json', '--out', 'twice', '--quiet'], dir);
    expect([r.code, r.stderr]).toEqual([2, 'radsig: error: twice.json: not valid JSON: /validation: the key "method" is given twice\n']);
    expect(existsSync(join(dir, 'twice'))).toBe(false);
    write('twice-model.json', JSON.stringify(quick).replace('"models":["radscore",', '"models":[{"name":"radscore","name":"logistic"},'));
    const m = await radsig(['run', 'twice-model.json', '--out', 'twice', '--quiet'], dir);
    expect(m.stderr).toBe('radsig: error: twice-model.json: not valid JSON: /models/0: the key "name" is given twice\n');
  });
});

/** HCC-TACE-Seg as lines of cells. */
function hccCells(): string[][] {
  return gunzipSync(readFileSync(realData('HCC-TACE-Seg.csv.gz')))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
}

describe('feature scale', () => {
  const features = ['Mass_original_firstorder_Mean', 'Mass_original_shape_Sphericity', 'Liver_original_firstorder_Mean'];
  const study = (train: string) => ({ ...hccStudy, data: { train, id: 'ID' }, features: { include: features }, steps: { select: { nFolds: 5, rule: 'lambdaMin' } }, models: ['radscore'], validation: { method: 'none', seed: 3 } });

  it('features near 1e290 or 1e-290 give the signature of the unscaled features (the squares overflowed or underflowed: an empty signature, lambda null)', async () => {
    const cells = hccCells();
    const columns = features.map((f) => cells[0].indexOf(f));
    const scaled = (factor: number) => cells.map((row, i) => (i === 0 ? row : row.map((v, j) => (columns.includes(j) ? String(Number(v) * factor) : v))).join(',')).join('\n') + '\n';
    const runs: Record<string, { lambda: number; features: { name: string; coef: number }[]; auc: number }> = {};
    for (const [name, factor] of [['plain', 1], ['huge', 1e290], ['tiny', 1e-290]] as const) {
      write(`scale-${name}.csv`, scaled(factor));
      write(`scale-${name}.json`, study(`scale-${name}.csv`));
      const r = await radsig(['run', `scale-${name}.json`, '--out', `scale-${name}`, '--workers', '1', '--quiet'], dir);
      expect([r.code, r.stderr]).toEqual([0, '']);
      const results = read(`scale-${name}/results.json`);
      runs[name] = { lambda: results.steps.select.lambda, features: results.steps.select.features, auc: results.models.radscore.apparent.auc };
    }
    expect(runs.plain.features.length).toBeGreaterThan(0);
    for (const [name, factor] of [['huge', 1e290], ['tiny', 1e-290]] as const) {
      expect(runs[name].lambda).toBeCloseTo(runs.plain.lambda, 12);
      expect(runs[name].features.map((f) => f.name)).toEqual(runs.plain.features.map((f) => f.name));
      runs[name].features.forEach((f, k) => expect(Math.abs(f.coef * factor - runs.plain.features[k].coef)).toBeLessThan(1e-9 * Math.abs(runs.plain.features[k].coef)));
      expect(runs[name].auc).toBe(runs.plain.auc);
    }
  });
});

describe('data the development cannot use are named with the file, column and line', () => {
  it('zero follow-up times with a select step (was: "ElasticNet.fit: time must be positive ... in row 1", no file)', async () => {
    const lines = gunzipSync(readFileSync(realData('pbc.csv.gz'))).toString('utf8').trim().split('\n');
    const zeroed = lines.map((l, i) => (i === 3 || i === 9 ? l.replace(/^(\d+),\d+,/, '$1,0,') : l));
    write('pbc-zero.csv', zeroed.join('\n') + '\n');
    write('pbc-zero.json', { ...pbcStudy, data: { ...pbcStudy.data, train: 'pbc-zero.csv' }, validation: { method: 'none' } });
    const r = await radsig(['run', 'pbc-zero.json', '--out', 'pbc-zero', '--quiet'], dir);
    expect([r.code, r.stderr]).toEqual([3, 'radsig: error: pbc-zero.csv: time column "time" has 2 zero times (first on line 4); the elastic net of steps.select needs positive times, as glmnet\n']);
    expect(existsSync(join(dir, 'pbc-zero'))).toBe(false);
    // without the elastic net, zero times are taken as Surv and coxph take them
    write('pbc-zero-rsf.json', { ...pbcStudy, data: { ...pbcStudy.data, train: 'pbc-zero.csv' }, steps: {}, models: [{ name: 'rsf', trees: 20 }], validation: { method: 'none' } });
    expect((await radsig(['run', 'pbc-zero-rsf.json', '--out', 'pbc-zero-rsf', '--quiet'], dir)).code).toBe(0);
  });

  it('an all-missing feature with imputation (was: "Imputer.fit: ...", no file), and missing values named as the study key data.missing, not a flag', async () => {
    const cells = hccCells();
    const j = cells[0].indexOf('Mass_original_firstorder_Mean');
    const table = (blank: (i: number) => boolean) => cells.map((row, i) => (i > 0 && blank(i) ? row.map((v, k) => (k === j ? '' : v)) : row).join(',')).join('\n') + '\n';
    write('hcc-empty.csv', table(() => true));
    write('hcc-empty.json', { ...hccStudy, data: { train: 'hcc-empty.csv', id: 'ID', missing: 'median' }, validation: { method: 'none' } });
    const r = await radsig(['run', 'hcc-empty.json', '--out', 'hcc-empty', '--quiet'], dir);
    expect([r.code, r.stderr]).toEqual([3, 'radsig: error: hcc-empty.csv: feature column "Mass_original_firstorder_Mean" has no values in the 84 development patients, so data.missing "median" has nothing to learn from; leave it out (features.exclude)\n']);
    write('hcc-hole.csv', table((i) => i === 5));
    write('hcc-hole.json', { ...hccStudy, data: { train: 'hcc-hole.csv', id: 'ID' }, validation: { method: 'none' } });
    const hole = await radsig(['run', 'hcc-hole.json', '--out', 'hcc-hole', '--quiet'], dir);
    expect(hole.code).toBe(3);
    expect(hole.stderr).toMatch(/^radsig: error: hcc-hole\.csv: missing values in 1 column: "Mass_original_firstorder_Mean" \(1 row, first on line 6\); use data\.missing: "drop", "median" or "mean"\n$/);
  });
});

describe('model files edited by hand and outputs that are files', () => {
  it('apply: a model.json whose parts do not match its study is a model error naming the file (was: the table blamed, or an id-only file written)', async () => {
    write('frozen.json', { ...hccStudy, features: { include: ['Mass_original_shape_Sphericity', 'Liver_original_firstorder_Mean', 'Liver_original_firstorder_Median'] }, steps: { select: { nFolds: 5, rule: 'nFeatures', nFeatures: 2 } }, validation: { method: 'none', seed: 3 } });
    expect((await radsig(['run', 'frozen.json', '--out', 'frozen', '--quiet'], dir)).code).toBe(0);
    const model = read('frozen/model.json');
    const edits: [string, (m: any) => void, string][] = [
      ['no models', (m) => (m.models = []), 'the file holds the models (none), its study lists "radscore", "logistic"'],
      ['models swapped', (m) => m.models.reverse(), 'the file holds the models "logistic", "radscore", its study lists "radscore", "logistic"'],
      ['no signature', (m) => (m.signature = null), 'the study has a select step but the file has no signature'],
      ['a model of another kind', (m) => (m.models[1].model = m.models[0].model), 'model "logistic" has kind "ElasticNetSignature", expected "FittedLogisticRegression"'],
    ];
    for (const [label, edit, message] of edits) {
      const m = structuredClone(model);
      edit(m);
      write('edited.json', m);
      const r = await radsig(['apply', 'edited.json', realData('HCC-TACE-Seg.csv.gz'), '--out', 'edited.csv'], dir);
      expect([label, r.code, r.stderr]).toEqual([label, 3, `radsig: error: edited.json: RadsigStudy.fromJSON: ${message}\n`]);
      expect(existsSync(join(dir, 'edited.csv'))).toBe(false);
    }
    expect((await radsig(['apply', 'frozen/model.json', realData('HCC-TACE-Seg.csv.gz'), '--out', 'unedited.csv'], dir)).code).toBe(0);
    // a missing feature value the study does not impute: apply has no --missing, so the message asks for the value
    const lines = gunzipSync(readFileSync(realData('HCC-TACE-Seg.csv.gz'))).toString('utf8').trim().split('\n');
    // (a feature the signature uses: apply reads only those)
    const used: string = read('frozen/results.json').steps.select.features[0].name;
    const j = lines[0].split(',').map((h) => h.replaceAll('"', '')).indexOf(used);
    expect(j).toBeGreaterThanOrEqual(0);
    writeFileSync(join(dir, 'hole.csv'), [lines[0], ...lines.slice(1).map((line, i) => (i === 2 ? line.split(',').map((v, k) => (k === j ? '' : v)).join(',') : line))].join('\n') + '\n');
    const hole = await radsig(['apply', 'frozen/model.json', 'hole.csv', '--out', 'hole-out.csv'], dir);
    expect([hole.code, hole.stderr]).toEqual([3, `radsig: error: hole.csv: missing values in 1 column: "${used}" (1 row, first on line 4); fill in the missing values or remove those rows\n`]);
  });

  it('run --out naming a file is a usage error before any work (was: the whole study run, then exit 3)', async () => {
    write('a-file.txt', 'keep me\n');
    write('to-file.json', { ...hccStudy, validation: { method: 'bootstrap', B: 50 } });
    const r = await radsig(['run', 'to-file.json', '--out', 'a-file.txt', '--quiet'], dir);
    expect([r.code, r.stderr]).toEqual([2, 'radsig: error: run: --out "a-file.txt" is a file, expected a folder\n']);
    expect(readFileSync(join(dir, 'a-file.txt'), 'utf8')).toBe('keep me\n');
  });
});

describe('JSON files saved by an editor that writes a byte-order mark', () => {
  it('apply, calculator and report read model.json and results.json with one (was: "not valid JSON")', async () => {
    write('bom-run.json', { ...hccStudy, features: { include: ['Mass_original_shape_Sphericity', 'Liver_original_firstorder_Mean', 'Liver_original_firstorder_Median'] }, steps: { select: { nFolds: 5, rule: 'nFeatures', nFeatures: 2 } }, validation: { method: 'none', seed: 3 } });
    expect((await radsig(['run', 'bom-run.json', '--out', 'bom-run', '--quiet'], dir)).code).toBe(0);
    cpSync(join(dir, 'bom-run'), join(dir, 'bom-edited'), { recursive: true });
    for (const name of ['model.json', 'results.json']) write(join('bom-edited', name), '\uFEFF' + readFileSync(join(dir, 'bom-run', name), 'utf8'));
    const table = realData('HCC-TACE-Seg.csv.gz');
    const plain = await radsig(['apply', 'bom-run/model.json', table, '--out', 'bom-plain.csv'], dir);
    const bom = await radsig(['apply', 'bom-edited/model.json', table, '--out', 'bom-bom.csv'], dir);
    expect([plain.code, bom.code, bom.stderr]).toEqual([0, 0, '']);
    expect(readFileSync(join(dir, 'bom-bom.csv'), 'utf8')).toBe(readFileSync(join(dir, 'bom-plain.csv'), 'utf8'));
    const report = await radsig(['report', 'bom-edited', '--no-figures'], dir);
    expect([report.code, report.stderr]).toEqual([0, '']);
    const calculator = await radsig(['calculator', 'bom-edited/model.json', '--out', 'bom-calculator.html'], dir);
    expect([calculator.code, calculator.stderr]).toEqual([0, '']);
    expect(calculator.stdout).not.toMatch(/no results\.json/);
  });
});

describe('a held-out centre', () => {
  const centreStudy = (train: string) => ({
    ...hccStudy,
    data: { train, id: 'ID' },
    features: { include: ['Mass_original_firstorder_Mean', 'Mass_original_shape_Sphericity', 'Liver_original_firstorder_Mean', 'Liver_original_firstorder_Median'] },
    steps: { harmonize: { batch: 'site' }, select: { nFolds: 5 } },
    validation: { method: 'none', seed: 3 },
    external: { batch: 'C' },
  });
  /** HCC-TACE-Seg with a site column chosen per row (its cells and its 0-based data row). */
  const withSite = (name: string, site: (row: string[], i: number, target: number) => string) => {
    const cells = hccCells();
    const target = cells[0].indexOf('Target');
    write(name, cells.map((row, i) => [...row, i === 0 ? 'site' : site(row, i - 1, target)].join(',')).join('\n') + '\n');
  };

  it('with one outcome class: the external measures are null with a warning saying why (was: null without a word)', async () => {
    withSite('centre-negative.csv', (row, i, target) => (row[target] === '1' ? (i % 2 ? 'A' : 'B') : ['A', 'B', 'C'][i % 3]));
    write('centre-negative.json', centreStudy('centre-negative.csv'));
    const r = await radsig(['run', 'centre-negative.json', '--out', 'centre-negative', '--quiet'], dir);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const results = read('centre-negative/results.json');
    expect(results.models.logistic.external.auc.value).toBeNull();
    expect(results.warnings).toContain(`external (site = C): all ${results.data.external.n} patients are negative, so AUC and calibration are undefined there (null)`);
  });

  it('of one patient, which ComBat cannot estimate: stops before the resampling, naming the file and the centre (was: after it, without the file)', async () => {
    withSite('centre-one.csv', (_row, i) => (i === 0 ? 'C' : ['A', 'B'][i % 2]));
    write('centre-one.json', { ...centreStudy('centre-one.csv'), validation: { method: 'bootstrap', B: 200 } });
    const started = Date.now();
    const r = await radsig(['run', 'centre-one.json', '--out', 'centre-one', '--quiet'], dir);
    expect([r.code, r.stderr]).toEqual([3, 'radsig: error: centre-one.csv: the external patients (site = C) cannot be scored: FittedComBat.transform: new batch "C" has 1 sample; estimating a new batch needs at least 5\n']);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(existsSync(join(dir, 'centre-one'))).toBe(false);
  });
});

describe('a repeats table whose subjects are not the development patients', () => {
  it('is a data error naming the repeats file and the id columns (was: "reproducibility: only 0 of the development patients ...", no file)', async () => {
    expect((await radsig(['simulate', '--out', 'sim', '--seed', '2', '--n', '100', '--features', '30', '--repeats', '20'], dir)).code).toBe(0);
    const [header, ...lines] = readFileSync(join(dir, 'sim', 'repeats.csv'), 'utf8').trim().split('\n');
    write('repeats-renamed.csv', [header, ...lines.map((l) => `X${l}`)].join('\n') + '\n');
    const study = { data: { train: 'sim/features.csv', repeats: 'repeats-renamed.csv', id: 'id' }, outcome: { type: 'binary', column: 'mvi' }, steps: { reproducibility: { subject: 'id', rater: 'reader' }, select: { nFolds: 5 } }, models: ['radscore'], validation: { method: 'none' } };
    write('renamed.json', study);
    const r = await radsig(['run', 'renamed.json', '--out', 'renamed', '--quiet'], dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^radsig: error: repeats-renamed\.csv: 0 of its 20 subjects in column "id" are development patients \(ids such as "X[^"]+" against "[^X"][^"]*" in column "id"\); ICCs need at least 2\n$/);
    write('matched.json', { ...study, data: { ...study.data, repeats: 'sim/repeats.csv' } });
    expect((await radsig(['run', 'matched.json', '--out', 'matched', '--quiet'], dir)).code).toBe(0);
  });
});

describe('outcome values not given are not assumed (as on the command line)', () => {
  const quick = { models: ['cox'], validation: { method: 'none' } };
  it('PBC status 0/1/2 without eventValue is a data error naming the value (deaths were silently censored)', async () => {
    const { eventValue: _dropped, ...outcome } = pbcStudy.outcome;
    write('pbc-no-event-value.json', { ...pbcStudy, ...quick, outcome });
    const r = await radsig(['run', 'pbc-no-event-value.json', '--out', 'pbc-nev', '--quiet'], dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^radsig: error: \S*pbc\.csv\.gz: event column "status" has the value "2" on line \d+; expected 0 \(censored\) or the event value "1" \(give outcome\.eventValue to count only one value as the event\)\n$/);
    expect(existsSync(join(dir, 'pbc-nev'))).toBe(false);
  });

  it('an event column coded 1/2 is read as Surv reads it (2 = event), said in a warning and in results.json', async () => {
    const lines = gunzipSync(readFileSync(realData('pbc.csv.gz'))).toString('utf8').trim().split('\n');
    const header = lines[0].split(',').map((name) => name.replaceAll('"', ''));
    const status = header.indexOf('status');
    expect(status).toBeGreaterThan(0);
    // 1 = censored or transplant, 2 = death
    const recoded = [lines[0], ...lines.slice(1).map((line) => line.split(',').map((v, j) => (j === status ? (v === '2' ? '2' : '1') : v)).join(','))];
    writeFileSync(join(dir, 'pbc12.csv'), recoded.join('\n') + '\n');
    const { eventValue: _dropped, ...outcome } = pbcStudy.outcome;
    write('pbc12.json', { ...pbcStudy, ...quick, data: { ...pbcStudy.data, train: 'pbc12.csv' }, outcome });
    const r = await radsig(['run', 'pbc12.json', '--out', 'pbc12', '--quiet'], dir);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const results = read('pbc12/results.json');
    expect(results.outcome.eventValue).toBe(2);
    expect(results.warnings.join('\n')).toContain('event column "status" is coded 1/2: read as survival::Surv reads it, 2 = event and 1 = censored');
    // an external table whose patients are all censored (all 1) would read 1 as the event: refused
    writeFileSync(join(dir, 'pbc12-censored.csv'), [recoded[0], ...recoded.slice(1, 60).map((line) => line.split(',').map((v, j) => (j === status ? '1' : v)).join(','))].join('\n') + '\n');
    write('pbc12-external.json', { ...pbcStudy, ...quick, data: { ...pbcStudy.data, train: 'pbc12.csv', external: 'pbc12-censored.csv' }, outcome });
    const external = await radsig(['run', 'pbc12-external.json', '--out', 'pbc12-external', '--quiet'], dir);
    expect([external.code, external.stderr]).toEqual([3, 'radsig: error: pbc12-censored.csv: event column "status" reads with event value "1", the development table\'s with "2" (a 1/2 coding is read as Surv reads it, 2 = event); give outcome.eventValue\n']);
    write('pbc-2.json', { ...pbcStudy, ...quick });
    expect((await radsig(['run', 'pbc-2.json', '--out', 'pbc-2', '--quiet'], dir)).code).toBe(0);
    expect(results.nEvents).toBe(read('pbc-2/results.json').nEvents);
  });

  it('a binary outcome coded 1/2 without positive is a data error (1 was silently taken as positive)', async () => {
    const lines = gunzipSync(readFileSync(realData('HCC-TACE-Seg.csv.gz'))).toString('utf8').trim().split('\n');
    const target = lines[0].split(',').map((name) => name.replaceAll('"', '')).indexOf('Target');
    expect(target).toBeGreaterThan(0);
    writeFileSync(join(dir, 'hcc12.csv'), [lines[0], ...lines.slice(1).map((line) => line.split(',').map((v, j) => (j === target ? String(Number(v) + 1) : v)).join(','))].join('\n') + '\n');
    write('hcc12.json', { ...hccStudy, data: { ...hccStudy.data, train: 'hcc12.csv' }, validation: { method: 'none' } });
    const r = await radsig(['run', 'hcc12.json', '--out', 'hcc12', '--quiet'], dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/outcome column "Target" has the values 1 and 2/);
  });
});

describe('a signature that selects no feature', () => {
  it('the combined model leaves the constant Rad-score out, with a warning, and applies as it ran (the run stopped as "collinear")', async () => {
    const study = {
      data: { train: realData('Colorectal-Liver-Metastases.csv.gz'), id: 'ID' },
      outcome: { type: 'binary', column: 'Target' },
      clinical: ['Portal_original_shape_Elongation'],
      steps: { variance: {}, select: { nFolds: 5, rule: 'lambda1se' } },
      models: ['radscore', 'combined'],
      validation: { method: 'bootstrap', B: 3, seed: 3 },
    };
    write('crlm-empty.json', study);
    const r = await radsig(['run', 'crlm-empty.json', '--out', 'crlm-empty', '--quiet'], dir);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const results = read('crlm-empty/results.json');
    expect(results.steps.select.features).toEqual([]);
    expect(results.models.combined.coefficients.map((c: { term: string }) => c.term)).toEqual(['(Intercept)', 'Portal_original_shape_Elongation']);
    expect(results.warnings).toContain('combined: the signature selected no feature, so its Rad-score is constant and was left out: the combined model is the clinical model');
    const applied = await radsig(['apply', 'crlm-empty/model.json', realData('Colorectal-Liver-Metastases.csv.gz'), '--out', 'crlm-applied.csv'], dir);
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    const column = (text: string, name: string) => {
      const [head, ...rows] = text.trim().split('\n').map((l) => l.split(','));
      const j = head.indexOf(name);
      return rows.map((row) => Number(row[j]));
    };
    const ran = readFileSync(join(dir, 'crlm-empty/predictions.csv'), 'utf8');
    const name = ran.split('\n')[0].split(',').find((h) => h.startsWith('combined'))!;
    expect(column(readFileSync(join(dir, 'crlm-applied.csv'), 'utf8'), name)).toEqual(column(ran, name));
  });
});
