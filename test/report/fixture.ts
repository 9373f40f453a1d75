/**
 * Small binary and survival studies run by `radsig run` (with few resamples) on a simulated
 * three-centre cohort whose clinical column, batch labels and title are hostile HTML, for the
 * report and calculator tests.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatTable } from '../../src/data/format-table.js';
import { simulateCohort } from '../../src/data/simulate-cohort.js';
import { Table, textColumn, type Column } from '../../src/data/table.js';
import { radsig } from '../helpers/cli.js';

/** A column name that would run script if it reached the page as HTML. */
export const HOSTILE = '<img src=x onerror=alert(1)>';
/** A batch label of the same kind. */
export const HOSTILE_BATCH = 'C2<svg onload=alert(2)>';
/** A study title of the same kind. */
export const HOSTILE_TITLE = 'MVI <script>alert(3)</script> & "quotes"';

export interface Fixture {
  dir: string;
  binary: string;
  survival: string;
  /** features.csv rows of the development centres (header, then rows), for apply and the calculator. */
  table: string;
}

function rename(table: Table, from: string, to: string): Column[] {
  return table.columns.map((c) => (c.name === from ? { ...c, name: to } : c));
}

/** Writes the cohort and runs both studies into `dir`. */
export async function runFixtureStudies(dir: string): Promise<Fixture> {
  const cohort = simulateCohort({ seed: 3, n: 180, features: 60, centers: 3, repeats: 20 });
  let columns = rename(cohort.features, 'afp', HOSTILE);
  columns = columns.map((c) => (c.name === 'center' && c.kind === 'text' ? textColumn('center', (c.values as (string | null)[]).map((v) => (v === 'C2' ? HOSTILE_BATCH : v))) : c));
  const features = new Table('features.csv', columns, cohort.features.nRows);
  writeFileSync(join(dir, 'features.csv'), formatTable(features));
  writeFileSync(join(dir, 'repeats.csv'), formatTable(cohort.repeats));
  const steps = {
    harmonize: { batch: 'center' },
    variance: {},
    reproducibility: { subject: 'id', rater: 'reader', form: 'ICC2', threshold: 0.75 },
    redundancy: { method: 'spearman', threshold: 0.9 },
    select: { alpha: 1, nFolds: 5, rule: 'lambdaMin' },
  };
  const data = { train: 'features.csv', repeats: 'repeats.csv', id: 'id' };
  const binary = {
    title: HOSTILE_TITLE,
    data,
    outcome: { type: 'binary', column: 'mvi', positive: 1 },
    clinical: [HOSTILE, 'tumor_size_cm'],
    steps,
    models: ['radscore', 'logistic', 'clinical', 'combined'],
    validation: { method: 'bootstrap', B: 4, seed: 42 },
    external: { batch: 'C1' },
  };
  const survival = {
    title: 'Recurrence (report test)',
    data,
    outcome: { type: 'survival', time: 'rfs_months', event: 'recurrence', eventValue: 1, horizons: [12, 24] },
    clinical: [HOSTILE, 'cirrhosis'],
    steps,
    models: ['radscore', 'cox', 'clinical', 'combined', { name: 'rsf', trees: 40 }],
    validation: { method: 'bootstrap', B: 3, seed: 7 },
    external: { batch: 'C1' },
  };
  writeFileSync(join(dir, 'binary.json'), JSON.stringify(binary));
  writeFileSync(join(dir, 'survival.json'), JSON.stringify(survival));
  for (const [study, out] of [['binary.json', 'binary'], ['survival.json', 'survival']]) {
    const r = await radsig(['run', study, '--out', out, '--workers', '1', '--quiet'], dir);
    if (r.code !== 0) throw new Error(`radsig run ${study}: ${r.stderr}`);
  }
  const lines = readFileSync(join(dir, 'features.csv'), 'utf8').trim().split('\n');
  const centre = lines[0].split(',').indexOf('center');
  writeFileSync(join(dir, 'development.csv'), [lines[0], ...lines.slice(1).filter((l) => l.split(',')[centre] !== 'C1').slice(0, 6)].join('\n') + '\n');
  return { dir, binary: join(dir, 'binary'), survival: join(dir, 'survival'), table: join(dir, 'development.csv') };
}
