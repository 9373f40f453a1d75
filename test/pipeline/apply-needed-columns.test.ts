// Issue 24: apply scores new patients from the columns the frozen study needs (the features its
// models use, the clinical and batch columns), not every candidate feature; with --new-batch
// estimate ComBat pools every candidate, so there it needs them all and says so. Its output adds the
// 95% interval of each logistic and Cox prediction (.lower, .upper), which the calculator shows too.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { StudyCalculator } from '../../src/index.js';
import { radsig } from '../helpers/cli.js';
import { realData, tempFolder } from '../helpers/tmp.js';

const dir = tempFolder('apply-needed');

/** A CSV keeping only some columns of a CSV text (no quoted commas in these tables). */
function keepColumns(text: string, keep: (name: string) => boolean): string {
  const [header, ...lines] = text.trim().split('\n');
  const names = header.split(',');
  const index = names.map((n, k) => (keep(n.replace(/"/g, '')) ? k : -1)).filter((k) => k >= 0);
  return [header, ...lines].map((l) => index.map((k) => l.split(',')[k]).join(',')).join('\n') + '\n';
}

const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
const isInterval = (name: string) => /\.(lower|upper)"?$/.test(name);
/** The columns of a CSV text by name, as numbers (the first column, the id, as text). */
function table(text: string): Map<string, (number | string)[]> {
  const [header, ...lines] = text.trim().split('\n').map((l) => l.split(','));
  return new Map(header.map((h, k) => [h.replace(/"/g, ''), lines.map((l) => (k === 0 ? l[k] : Number(l[k])))]));
}

describe('apply needs only the columns the frozen study uses (issue 24)', () => {
  it('a lasso signature on HCC-TACE-Seg: a table of the id and the 3 signature features gives the run\'s predictions exactly; a missing one is named with what is needed', async () => {
    writeFileSync(join(dir, 'hcc.json'), JSON.stringify({ data: { train: realData('HCC-TACE-Seg.csv.gz'), id: 'ID' }, outcome: { type: 'binary', column: 'Target' }, steps: { variance: {}, redundancy: { threshold: 0.9 }, select: { nFolds: 3, rule: 'nFeatures', nFeatures: 3 } }, models: ['radscore', 'logistic'], validation: { method: 'none' } }));
    const run = await radsig(['run', 'hcc.json', '--out', 'hcc', '--workers', '1', '--quiet'], dir);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const features: string[] = read('hcc/results.json').steps.select.features.map((f: { name: string }) => f.name);
    expect(features.length).toBe(3);
    const full = gunzipSync(readFileSync(realData('HCC-TACE-Seg.csv.gz'))).toString('utf8');
    writeFileSync(join(dir, 'few.csv'), keepColumns(full, (n) => n === 'ID' || features.includes(n)));
    const applied = await radsig(['apply', 'hcc/model.json', 'few.csv', '--out', 'few-out.csv'], dir);
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    const out = readFileSync(join(dir, 'few-out.csv'), 'utf8');
    expect(keepColumns(out, (n) => !isInterval(n))).toBe(readFileSync(join(dir, 'hcc/predictions.csv'), 'utf8'));
    // the logistic model's 95% interval brackets its prediction; the penalized Rad-score has none
    const t = table(out);
    expect([...t.keys()].filter(isInterval)).toEqual(['logistic.lower', 'logistic.upper']);
    const [p, lo, hi] = ['logistic', 'logistic.lower', 'logistic.upper'].map((c) => t.get(c) as number[]);
    expect(p.every((v, i) => lo[i] < v && v < hi[i] && lo[i] > 0 && hi[i] < 1)).toBe(true);
    // the calculator gives the first patient the same prediction and interval
    const calc = new StudyCalculator(read('hcc/model.json'));
    const first = Object.fromEntries(features.map((f) => [f, Number(keepColumns(full, (n) => n === f).split('\n')[1])]));
    const shown = calc.predict('logistic', first);
    expect(shown.probability).toBeCloseTo(p[0], 12);
    expect([shown.interval!.lower, shown.interval!.upper]).toEqual([expect.closeTo(lo[0], 12), expect.closeTo(hi[0], 12)]);
    expect(calc.predict('radscore', first).interval).toBeNull();
    // --no-intervals: exactly predictions.csv
    const plain = await radsig(['apply', 'hcc/model.json', 'few.csv', '--out', 'plain-out.csv', '--no-intervals'], dir);
    expect([plain.code, plain.stderr]).toEqual([0, '']);
    expect(readFileSync(join(dir, 'plain-out.csv'), 'utf8')).toBe(readFileSync(join(dir, 'hcc/predictions.csv'), 'utf8'));
    writeFileSync(join(dir, 'fewer.csv'), keepColumns(full, (n) => n === 'ID' || n === features[0]));
    const refused = await radsig(['apply', 'hcc/model.json', 'fewer.csv', '--out', 'fewer-out.csv'], dir);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toBe(`radsig: error: fewer.csv: no column named ${JSON.stringify(features[1])}, ${JSON.stringify(features[2])}; scoring with this model needs the 3 features its models use (${features.map((f) => JSON.stringify(f)).join(', ')})\n`);
  }, 300_000);

  it('PBC with ComBat, imputation, a Cox model and a forest: the id, batch, clinical and the forest\'s features give the run\'s predictions exactly; --new-batch estimate needs every candidate', async () => {
    const study = {
      data: { train: realData('pbc.csv.gz'), id: 'id', missing: 'median' },
      outcome: { type: 'survival', time: 'time', event: 'status', eventValue: 2, horizons: [1825] },
      features: { include: ['bili', 'albumin', 'protime', 'ast', 'copper', 'chol', 'trig', 'platelet'] },
      clinical: ['age', 'edema'],
      steps: { harmonize: { batch: 'sex' }, variance: {}, redundancy: { threshold: 0.3 }, select: { nFolds: 3 } },
      models: ['cox', 'combined', { name: 'rsf', trees: 40 }],
      validation: { method: 'none' },
    };
    writeFileSync(join(dir, 'pbc.json'), JSON.stringify(study));
    const run = await radsig(['run', 'pbc.json', '--out', 'pbc', '--workers', '1', '--quiet'], dir);
    expect([run.code, run.stderr]).toEqual([0, '']);
    // the forest reads the features the redundancy filter kept, fewer than the candidates
    const kept: string[] = read('pbc/model.json').models.find((m: { name: string }) => m.name === 'rsf').model.featureNames;
    expect(kept.length).toBeLessThan(study.features.include.length);
    const full = gunzipSync(readFileSync(realData('pbc.csv.gz'))).toString('utf8');
    writeFileSync(join(dir, 'pbc-few.csv'), keepColumns(full, (n) => ['id', 'sex', 'age', 'edema'].includes(n) || kept.includes(n)));
    const applied = await radsig(['apply', 'pbc/model.json', 'pbc-few.csv', '--out', 'pbc-few-out.csv'], dir);
    // the missing values are filled as in development, counted per column on stderr and in a sidecar
    const fills = read('pbc/results.json').steps.imputation.filled as { feature: string; fill: number; missingInTraining: number }[];
    const used = fills.filter((f) => kept.includes(f.feature));
    expect(used.length).toBeGreaterThan(0);
    const total = used.reduce((s, f) => s + f.missingInTraining, 0);
    expect([applied.code, applied.stderr]).toEqual([0, `radsig: warning: pbc-few.csv: filled ${total} missing values with the study's development medians, as in development: ${used.map((f) => `"${f.feature}" ${f.missingInTraining}`).join(', ')} (listed in pbc-few-out.csv.imputed.json)\n`]);
    expect(read('pbc-few-out.csv.imputed.json')).toEqual({ table: 'pbc-few.csv', predictions: 'pbc-few-out.csv', imputed: used.map((f) => ({ feature: f.feature, count: f.missingInTraining, fill: f.fill, statistic: 'median' })) });
    const out = readFileSync(join(dir, 'pbc-few-out.csv'), 'utf8');
    expect(keepColumns(out, (n) => !isInterval(n))).toBe(readFileSync(join(dir, 'pbc/predictions.csv'), 'utf8'));
    // the Cox models' survival at the horizon with its 95% interval (log, at most 1); the forest has none
    const t = table(out);
    expect([...t.keys()].filter(isInterval)).toEqual(['cox.survival@1825.lower', 'cox.survival@1825.upper', 'combined.survival@1825.lower', 'combined.survival@1825.upper']);
    for (const m of ['cox', 'combined']) {
      const [s, lo, hi] = ['', '.lower', '.upper'].map((x) => t.get(`${m}.survival@1825${x}`) as number[]);
      expect(s.every((v, i) => lo[i] < v && v < hi[i] && lo[i] > 0 && hi[i] <= 1)).toBe(true);
    }
    // the calculator fills an empty feature as the study does, and says so
    const calc = new StudyCalculator(read('pbc/model.json'));
    const rows = full.trim().split('\n').map((l) => l.split(','));
    const col = (name: string) => rows[0].map((h) => h.replace(/"/g, '')).indexOf(name);
    const patient = (r: string[]) => Object.fromEntries(calc.inputs('combined').map((input) => [input.name, input.type === 'categorical' ? r[col(input.name)].replace(/"/g, '') : r[col(input.name)] === '' || r[col(input.name)] === 'NA' ? '' : Number(r[col(input.name)])]));
    const feature = calc.inputs('combined').find((i) => i.role === 'feature' && i.fill !== undefined)!;
    expect(feature.fill!.value).toBe(fills.find((f) => f.feature === feature.name)?.fill ?? feature.fill!.value);
    const complete = rows.findIndex((r, i) => i > 0 && Object.values(patient(r)).every((v) => v !== ''));
    const empty = calc.predict('combined', { ...patient(rows[complete]), [feature.name]: '' });
    expect(empty.imputed).toEqual([{ name: feature.name, value: feature.fill!.value, statistic: 'median' }]);
    const filled = calc.predict('combined', { ...patient(rows[complete]), [feature.name]: feature.fill!.value });
    expect(empty.survival).toEqual(filled.survival);
    expect(filled.imputed).toEqual([]);
    // a centre ComBat has not seen: --new-batch pooled scores it assuming no batch effect, with a warning; the calculator too
    writeFileSync(join(dir, 'pbc-new.csv'), readFileSync(join(dir, 'pbc-few.csv'), 'utf8').replace(/\n([^\n]*?),"f",/, '\n$1,"new",'));
    const strange = await radsig(['apply', 'pbc/model.json', 'pbc-new.csv', '--out', 'pbc-new-out.csv'], dir);
    expect(strange.code).toBe(3);
    expect(strange.stderr).toMatch(/batch "new" was not seen in training .*; use --new-batch estimate .*, or --new-batch pooled to assume it has no batch effect/);
    const pooled = await radsig(['apply', 'pbc/model.json', 'pbc-new.csv', '--out', 'pbc-new-out.csv', '--new-batch', 'pooled'], dir);
    expect(pooled.code).toBe(0);
    expect(pooled.stderr).toMatch(/^radsig: warning: pbc-new\.csv: centre "new" \(1 patient\) was not seen in development: scored assuming it has no batch effect \(its values taken as at the pooled location and scale of the development centres\), an assumption the data cannot check\n/);
    const other = calc.predict('cox', { ...patient(rows[1]), sex: 'another centre' });
    expect(other.assumption).toMatch(/^This centre was not in development: it is assumed to have no batch effect/);
    expect(calc.predict('cox', patient(rows[1])).assumption).toBeNull();
    const estimate = await radsig(['apply', 'pbc/model.json', 'pbc-few.csv', '--out', 'pbc-est.csv', '--new-batch', 'estimate'], dir);
    expect(estimate.code).toBe(3);
    expect(estimate.stderr).toMatch(/^radsig: error: pbc-few\.csv: no column named .*; scoring with this model needs every candidate feature of the study \(8: ComBat's estimates for a new batch pool them all\)\n$/);
  }, 300_000);

  it('hostile tables (issue 24 probe): the decimal comma of the table is kept, a patient far outside the data gets a degenerate interval but no empty cell, a column empty in every row is said, a stale imputation list goes, and --out cannot take the name of an imputation list', async () => {
    const full = gunzipSync(readFileSync(realData('pbc.csv.gz'))).toString('utf8');
    const lines = full.trim().split('\n');
    const head = lines[0].split(',').map((h) => h.replace(/"/g, ''));
    // a semicolon table with decimal commas: the predictions come back the same way
    writeFileSync(join(dir, 'eu.csv'), lines.slice(0, 6).map((l) => l.split(',').map((c) => c.replace('.', ',')).join(';')).join('\n') + '\n');
    const eu = await radsig(['apply', 'pbc/model.json', 'eu.csv', '--out', 'eu-out.csv', '--decimal', ','], dir);
    expect(eu.code).toBe(0);
    const out = readFileSync(join(dir, 'eu-out.csv'), 'utf8').trim().split('\n');
    expect(out[0]).toContain(';');
    expect(out[1]).toMatch(/\d,\d/);
    // age 300 (a units mistake): survival 0 with a degenerate interval, never an empty cell
    const age = head.indexOf('age');
    writeFileSync(join(dir, 'old.csv'), [lines[0], ...lines.slice(1, 4).map((l) => l.split(',').map((c, k) => (k === age ? '300' : c)).join(','))].join('\n') + '\n');
    const old = await radsig(['apply', 'pbc/model.json', 'old.csv', '--out', 'old-out.csv'], dir);
    expect(old.code).toBe(0);
    const cells = readFileSync(join(dir, 'old-out.csv'), 'utf8').trim().split('\n').slice(1).flatMap((l) => l.split(',').slice(1));
    expect(cells.every((c) => c !== '' && Number.isFinite(Number(c)))).toBe(true);
    // a needed column empty in every row
    const protime = head.indexOf('protime');
    writeFileSync(join(dir, 'noprotime.csv'), [lines[0], ...lines.slice(1, 6).map((l) => l.split(',').map((c, k) => (k === protime ? 'NA' : c)).join(','))].join('\n') + '\n');
    const empty = await radsig(['apply', 'pbc/model.json', 'noprotime.csv', '--out', 'stale.csv'], dir);
    expect(empty.code).toBe(0);
    expect(empty.stderr).toContain('noprotime.csv: column "protime" is empty in every row: every patient gets the development median, so it does not inform these predictions');
    expect(read('stale.csv.imputed.json').table).toBe('noprotime.csv');
    // the same output name from a study that does not impute: its old imputation list goes
    const hcc = await radsig(['apply', 'hcc/model.json', 'few.csv', '--out', 'stale.csv'], dir);
    expect([hcc.code, hcc.stderr]).toEqual([0, '']);
    expect(existsSync(join(dir, 'stale.csv.imputed.json'))).toBe(false);
    const named = await radsig(['apply', 'pbc/model.json', 'pbc-few.csv', '--out', 'stale.csv.imputed.json'], dir);
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(/^radsig: error: apply: --out "stale\.csv\.imputed\.json" is the name of an output's imputation list/);
  }, 300_000);
});
