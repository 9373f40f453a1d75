import { chmodSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toJsonText } from '../../src/cli/command.js';
import { namedRecord } from '../../src/core/named-record.js';
import { radsig } from '../helpers/cli.js';
import { realData, tempFolder, writeFixture } from '../helpers/tmp.js';

const SCARY = ['__proto__', 'constructor', 'toString'];

function scaryTable(): string {
  const lines = [`id,site,${SCARY.join(',')},y`];
  let s = 7;
  const r = () => ((s = (s * 16807) % 2147483647) / 2147483647).toFixed(6);
  for (let i = 0; i < 60; i++) lines.push([`p${i}`, SCARY[i % 3], r(), r(), `${(i % 3) + Number(r())}`, i % 2].join(','));
  return lines.join('\n') + '\n';
}

describe('names like __proto__, constructor and toString survive every JSON output (issue 14)', () => {
  const dir = tempFolder();
  const file = writeFixture(dir, 'scary.csv', scaryTable());

  it('namedRecord keeps every name as an own key', () => {
    const r = namedRecord(SCARY.map((k, i) => [k, i] as const));
    r.__proto__ = 5;
    expect(JSON.parse(JSON.stringify(r))).toEqual(JSON.parse('{"__proto__":5,"constructor":1,"toString":2}'));
    expect(Object.keys(r)).toEqual(SCARY);
  });

  it('describe: feature names and batch levels', async () => {
    const r = await radsig(['describe', file, '--id', 'id', '--outcome', 'y', '--batch', 'site', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.features.names).toEqual(SCARY);
    expect(Object.keys(json.batches)).toEqual(SCARY);
    expect(Object.values(json.batches)).toEqual([20, 20, 20]);
  });

  it('glmnet --json: every feature in beta', async () => {
    const r = await radsig(['glmnet', file, '--id', 'id', '--outcome', 'y', '--features', SCARY.join(','), '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json.beta)).toEqual(SCARY);
    for (const k of SCARY) expect(json.beta[k]).toHaveLength(json.lambda.length);
  });

  it('harmonize: batches in the JSON, the model applies to the same table identically', async () => {
    const out = join(dir, 'h.csv');
    const model = join(dir, 'm.json');
    const r = await radsig(['harmonize', file, '--id', 'id', '--batch', 'site', '--features', SCARY.join(','), '--out', out, '--save-model', model, '--json']);
    expect(r.code).toBe(0);
    expect(Object.keys(JSON.parse(r.stdout).batches)).toEqual(SCARY);
    const again = join(dir, 'h2.csv');
    expect((await radsig(['harmonize', file, '--id', 'id', '--model', model, '--out', again])).code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });
});

describe('--event-value and --positive that match no row are data errors (issue 14)', () => {
  const pbc = realData('pbc.csv.gz');
  it('numeric codes compare as numbers: 2.0 and " 2" are 2', async () => {
    for (const v of ['2', '2.0', ' 2', '2e0']) {
      const r = await radsig(['describe', pbc, '--id', 'id', '--time', 'time', '--event', 'status', '--event-value', v, '--json']);
      expect(r.code, v).toBe(0);
      expect(JSON.parse(r.stdout).outcome.events).toBe(161);
    }
  });

  it('a value no row has lists the values present', async () => {
    for (const v of ['death', '3', '2.5']) {
      const r = await radsig(['describe', pbc, '--id', 'id', '--time', 'time', '--event', 'status', '--event-value', v]);
      expect(r.code).toBe(3);
      expect(r.stderr).toBe(`radsig: error: ${pbc}: event column "status" has no value ${JSON.stringify(v)} (values present: 0, 1, 2); give the event value with --event-value\n`);
    }
  });

  it('--positive alike', async () => {
    const dir = tempFolder();
    const f = writeFixture(dir, 'p.csv', 'x,y\n0.1,0\n0.2,2\n0.3,2\n');
    const ok = await radsig(['describe', f, '--outcome', 'y', '--positive', '2.0', '--json']);
    expect(JSON.parse(ok.stdout).outcome.counts).toEqual({ 0: 1, 2: 2 });
    expect(JSON.parse(ok.stdout).roles.positive).toBe('2.0');
    const bad = await radsig(['describe', f, '--outcome', 'y', '--positive', 'yes']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/outcome column "y" has no value "yes" \(values present: 0, 2\); give the positive value with --positive\n$/);
  });
});

describe('no NaN reaches a user (issue 14)', () => {
  it('toJsonText refuses NaN under test and writes infinite bounds as null', () => {
    expect(() => toJsonText({ auc: NaN })).toThrow(/NaN at key "auc"/);
    expect(toJsonText({ a: [1, Infinity] })).toBe('{\n  "a": [\n    1,\n    null\n  ]\n}\n'); // an infinite interval end (exp overflow) is null, as JSON has no Inf
    expect(toJsonText({ a: null, b: 1 })).toBe('{\n  "a": null,\n  "b": 1\n}\n');
  });

  it('metrics --times before the first event: null with a one-line warning saying why, exit 0', async () => {
    const dir = tempFolder();
    const rows = ['time,status,score'];
    for (let i = 0; i < 40; i++) rows.push(`${10 + i},${i % 3 === 0 ? 1 : 0},${(i * 7) % 11}`);
    const f = writeFixture(dir, 's.csv', rows.join('\n') + '\n');
    const r = await radsig(['metrics', f, '--score', 'score', '--time', 'time', '--event', 'status', '--times', '5,20,100', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.timeDependent.map((x: { auc: number | null }) => x.auc === null)).toEqual([true, false, true]);
    expect(r.stderr).toBe(
      'radsig: warning: the AUC at t = 5 is undefined: no event happens by then (the first event is at 10); it is null\n' +
        'radsig: warning: the AUC at t = 100 is undefined: nobody is followed event-free beyond it (the last follow-up time is 49); it is null\n',
    );
    const text = await radsig(['metrics', f, '--score', 'score', '--time', 'time', '--event', 'status', '--times', '5']);
    expect(text.stdout).toMatch(/t = 5: AUC NA/);
    expect(text.stdout).not.toMatch(/NaN/);
  });

  it('a constant score: undefined calibration statistics are null with a warning', async () => {
    const dir = tempFolder();
    const f = writeFixture(dir, 'c.csv', 'y,p\n' + Array.from({ length: 30 }, (_, i) => `${i % 2},0.5`).join('\n') + '\n');
    const r = await radsig(['metrics', f, '--score', 'p', '--outcome', 'y', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
    expect(JSON.parse(r.stdout).calibrationSlope).toBeNull();
    expect(r.stderr).toMatch(/^radsig: warning: youden\.npv, .*calibrationSlope.* are undefined on these data \(the score "p" is the same for every patient\) and are given as null\nradsig: warning: youden\.threshold is infinite and is given as null, as JSON has no infinity\n$/);
  });
});

describe('outputs never overwrite inputs or each other (issue 14)', () => {
  const dir = tempFolder();
  const table = writeFixture(dir, 't.csv', scaryTable());
  const roles = ['--id', 'id', '--batch', 'site', '--features', SCARY.join(',')];
  const original = readFileSync(table, 'utf8');
  mkdirSync(join(dir, 'sub'));
  symlinkSync(table, join(dir, 'link.csv'));
  linkSync(table, join(dir, 'hard.csv'));
  writeFileSync(join(dir, 'retest.csv'), original);

  const cases: [string, string[], RegExp][] = [
    ['harmonize --out is the input', ['harmonize', table, ...roles, '--out', table], /harmonize: --out ".*t\.csv" is the input TABLE; writing it would replace the input/],
    ['harmonize --save-model is the input', ['harmonize', table, ...roles, '--out', join(dir, 'o.csv'), '--save-model', table], /--save-model ".*t\.csv" is the input TABLE/],
    ['--out equal to --save-model', ['harmonize', table, ...roles, '--out', join(dir, 'o.csv'), '--save-model', join(dir, 'o.csv')], /--out and --save-model name the same file/],
    ['through a symbolic link', ['harmonize', join(dir, 'link.csv'), ...roles, '--out', table], /--out ".*t\.csv" is the input TABLE \(".*link\.csv" is the same file\)/],
    ['through a hard link', ['harmonize', join(dir, 'hard.csv'), ...roles, '--out', table], /is the input TABLE/],
    ['through ./ and ../', ['harmonize', table, ...roles, '--out', join(dir, 'sub', '..', '.', 't.csv')], /is the input TABLE/],
    ['new files through a symlinked folder', ['harmonize', table, ...roles, '--out', join(dir, 'o.csv'), '--save-model', join(dir, 'sub', '..', 'o.csv')], /name the same file/],
    ['harmonize --model is --out', ['harmonize', table, '--id', 'id', '--model', join(dir, 'm.json'), '--out', join(dir, 'm.json')], /--out ".*m\.json" is the input --model/],
    ['cv-glmnet --radscore-out', ['cv-glmnet', table, '--id', 'id', '--outcome', 'y', '--features', SCARY.join(','), '--radscore-out', table], /cv-glmnet: --radscore-out .* is the input TABLE/],
    ['fit rsf --save-model', ['fit', 'rsf', table, '--time', 'y', '--event', 'y', '--save-model', table], /fit rsf: --save-model .* is the input TABLE/],
    ['icc --out', ['icc', table, '--subject', 'id', '--rater', 'site', '--out', table], /icc: --out .* is the input REPEATS/],
    ['icc --out is --retest', ['icc', table, '--retest', join(dir, 'retest.csv'), '--id', 'id', '--out', join(dir, 'retest.csv')], /icc: --out .* is the input --retest/],
  ];
  for (const [label, args, pattern] of cases) {
    it(`${label}: usage error before any work, input untouched`, async () => {
      writeFileSync(join(dir, 'm.json'), '{}');
      const r = await radsig(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^radsig: error: [^\n]+\n$/);
      expect(r.stderr).toMatch(pattern);
      expect(r.stdout).toBe('');
      expect(readFileSync(table, 'utf8')).toBe(original);
      expect(existsSync(join(dir, 'o.csv'))).toBe(false);
    });
  }

  it('an output folder that does not exist is refused before any work, naming the user\'s path', async () => {
    const r = await radsig(['harmonize', table, ...roles, '--out', 'nowhere/o.csv'], dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('radsig: error: --out "nowhere/o.csv": cannot write: its folder "nowhere" does not exist\n');
  });
});

describe('a failed write names the user\'s path, not the temporary file (issue 14)', () => {
  it('a folder that cannot be written to', async () => {
    const dir = tempFolder();
    const table = writeFixture(dir, 't.csv', scaryTable());
    const args = ['harmonize', table, '--id', 'id', '--batch', 'site', '--features', SCARY.join(','), '--out'];
    if (process.getuid?.() === 0) {
      // root writes anywhere but in /sys
      const r = await radsig([...args, '/sys/out.csv'], dir);
      expect(r.code).toBe(3);
      expect(r.stderr).toBe('radsig: error: "/sys/out.csv": cannot write: permission denied (EACCES)\n');
      return;
    }
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    try {
      const r = await radsig([...args, 'locked/out.csv'], dir);
      expect(r.code).toBe(3);
      expect(r.stderr).toBe('radsig: error: "locked/out.csv": cannot write: permission denied (EACCES)\n');
      expect(readdirSync(locked)).toEqual([]);
    } finally {
      chmodSync(locked, 0o700);
    }
  });
});

describe('--workers is capped by the cores and the tasks (issue 14)', () => {
  it('the helper caps with a note saying why', async () => {
    const { workersOption } = await import('../../src/cli/workers.js');
    let err = '';
    const io = { stdout: () => {}, stderr: (t: string) => (err += t), cwd: '.' };
    expect(workersOption({ workers: '256' }, io, 500, 'trees', 2)).toBe(2);
    expect(err).toBe('radsig: note: --workers 256 reduced to 2 (this machine has 2 cores); results do not depend on the number of workers\n');
    err = '';
    expect(workersOption({ workers: '8' }, io, 3, 'trees', 16)).toBe(3);
    expect(err).toMatch(/reduced to 3 \(there are only 3 trees\)/);
    err = '';
    expect(workersOption({}, io, 3, 'trees', 16)).toBe(1);
    expect(err).toBe('');
  });

  it('fit rsf --workers 256 on 90 rows runs on at most the cores, same result', async () => {
    const dir = tempFolder();
    const rows = ['time,status,original_firstorder_A,original_firstorder_B'];
    for (let i = 0; i < 90; i++) rows.push(`${(i * 37) % 97 + 1},${i % 3 === 0 ? 0 : 1},${(i * 13) % 17},${(i * 7) % 11}`);
    const f = writeFixture(dir, 'r.csv', rows.join('\n') + '\n');
    const args = ['fit', 'rsf', f, '--time', 'time', '--event', 'status', '--trees', '20', '--min-node-size', '5', '--json'];
    const many = await radsig([...args, '--workers', '256']);
    expect(many.code).toBe(0);
    expect(many.stderr).toMatch(/^radsig: note: --workers 256 reduced to \d+ \(this machine has \d+ cores?\)/);
    const one = await radsig(args);
    expect(many.stdout).toBe(one.stdout);
  });
});

describe('messages (issue 14)', () => {
  const dir = tempFolder();
  it('option ranges read as words, not "between 1 and Infinity" or "5e-324"', async () => {
    const f = writeFixture(dir, 'r.csv', 'time,status,original_firstorder_A\n1,1,2\n2,0,3\n');
    const trees = await radsig(['fit', 'rsf', f, '--time', 'time', '--event', 'status', '--trees', '0']);
    expect(trees.stderr).toBe('radsig: error: --trees must be at least 1, got 0\n');
    const fraction = await radsig(['fit', 'rsf', f, '--time', 'time', '--event', 'status', '--sample-fraction', '2']);
    expect(fraction.stderr).toBe('radsig: error: --sample-fraction must be greater than 0 and at most 1, got 2\n');
    const alpha = await radsig(['glmnet', f, '--time', 'time', '--event', 'status', '--alpha', 'x']);
    expect(alpha.stderr).toBe('radsig: error: --alpha must be a number between 0 and 1, got "x"\n');
  });

  it('--compare equal to --score is named as such', async () => {
    const f = writeFixture(dir, 's.csv', 'y,p\n0,0.1\n1,0.9\n0,0.3\n1,0.6\n');
    const r = await radsig(['metrics', f, '--score', 'p', '--outcome', 'y', '--compare', 'p']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('radsig: error: metrics: --compare names the same column as --score ("p"); compare two different scores\n');
  });

  it('a confounded covariate is named as the user knows it, with its level', async () => {
    const rows = ['id,site,cov,original_firstorder_A,original_firstorder_B'];
    for (let i = 0; i < 30; i++) rows.push(`p${i},${i % 2 ? 'S1' : 'S2'},${i % 2 ? 'y' : 'z'},${(i * 7) % 13},${(i * 5) % 11}`);
    const f = writeFixture(dir, 'conf.csv', rows.join('\n') + '\n');
    const r = await radsig(['harmonize', f, '--id', 'id', '--batch', 'site', '--covariates', 'cov', '--out', join(dir, 'o.csv')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`radsig: error: ${f}: ComBat: the covariate "cov" (its level "z", against "y") is confounded with batch (singular design); remove it\n`);
  });

  it('numbers with leading zeros as a feature: said so, not "column has no values"', async () => {
    const f = writeFixture(dir, 'z.csv', 'id,x,y\na,007,0\nb,012,1\nc,003,0\n');
    const r = await radsig(['describe', f, '--id', 'id', '--outcome', 'y', '--features', 'x']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`radsig: error: ${f}: feature column "x" has numbers written with leading zeros ("007" on line 2), which are read as identifiers (text), not as a feature\n`);
  });
});

describe('hostile-input sweep: answers, not crashes (issue 14)', () => {
  const dir = tempFolder();
  const rows = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n') + '\n';

  it('a huge linear predictor: AUC and Brier given, logit-scale calibration null with the line that made p exactly 1', async () => {
    const f = writeFixture(dir, 'lp.csv', 'y,lp\n' + rows(40, (i) => `${i % 2},${i - 2}`));
    const r = await radsig(['metrics', f, '--score', 'lp', '--outcome', 'y', '--score-type', 'lp', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.auc).toBeGreaterThan(0);
    expect(json.calibrationSlope).toBeNull();
    expect(json.brier).toBeGreaterThan(0); // defined with probabilities of 0 and 1
    expect(r.stderr).toMatch(/^radsig: warning: calibrationIntercept, calibrationSlope, .* are undefined on these data \(calibration needs probabilities strictly between 0 and 1, and the linear predictor 37 on line 41 is a probability of 1 in double precision\) and are given as null\n$/);
  });

  it('a missing score column is named with its flag', async () => {
    const f = writeFixture(dir, 's.csv', 'y,p\n0,0.1\n1,0.9\n');
    expect((await radsig(['metrics', f, '--score', 'q', '--outcome', 'y'])).stderr).toMatch(/no column named "q" \(given to --score\)/);
    expect((await radsig(['metrics', f, '--score', 'p', '--outcome', 'y', '--compare', 'r'])).stderr).toMatch(/no column named "r" \(given to --compare\)/);
  });

  it('km with no events: curves, and the log-rank test null with a warning', async () => {
    const f = writeFixture(dir, 'none.csv', 'time,event,g\n' + rows(20, (i) => `${i + 1},0,${i % 2 ? 'A' : 'B'}`));
    const r = await radsig(['km', f, '--time', 'time', '--event', 'event', '--group', 'g', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).logrank).toBeNull();
    expect(r.stderr).toMatch(/^radsig: warning: the log-rank test is undefined on these data \(.*\); it is null\n$/);
  });

  it('km accepts zero follow-up times, as survfit does', async () => {
    const f = writeFixture(dir, 'zero.csv', 'time,event\n0,1\n0,0\n2,1\n3,0\n5,1\n');
    const r = await radsig(['km', f, '--time', 'time', '--event', 'event', '--json']);
    expect(r.code).toBe(0);
    const g = JSON.parse(r.stdout).groups[0];
    // survfit(Surv(c(0,0,2,3,5), c(1,0,1,0,1)) ~ 1): times 0 2 3 5, survival 0.8 0.5333 0.5333 0
    expect(g.times).toEqual([0, 2, 3, 5]);
    expect(g.survival.map((s: number) => Math.round(s * 1e12) / 1e12)).toEqual([0.8, 0.533333333333, 0.533333333333, 0]);
  });

  it('1e400 in a feature is named as too large for a double', async () => {
    const f = writeFixture(dir, 'huge.csv', 'y,original_firstorder_A\n' + rows(6, (i) => `${i % 2},${i === 3 ? '1e400' : i}`));
    const r = await radsig(['describe', f, '--outcome', 'y']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`radsig: error: ${f}: feature column "original_firstorder_A" has "1e400" on line 5, a number too large for a double (beyond 1.8e308); correct the value or leave the column out\n`);
  });

  it('standard input as "-" is refused where there is none, read where there is', async () => {
    const r = await radsig(['describe', '-']);
    expect(r.code).toBe(2);
    const { runCli } = await import('../../src/cli/run-cli.js');
    let out = '';
    async function* stdin() {
      yield new TextEncoder().encode('y,original_firstorder_A\n0,1\n1,2\n0,3\n');
    }
    const code = await runCli(['describe', '-', '--outcome', 'y', '--json'], { stdout: (t) => (out += t), stderr: () => {}, cwd: dir, stdin });
    expect(code).toBe(0);
    expect(JSON.parse(out).rows).toBe(3);
  });
});

describe('endless input stops with an error when memory runs out, not with a crash (issue 14)', () => {
  /** Rows without end, as `yes` writes them. */
  function endless(line: string, stop: { reads: number }): AsyncIterable<Uint8Array> {
    const chunk = new TextEncoder().encode(line.repeat(65536));
    return (async function* () {
      yield new TextEncoder().encode('answer\n');
      for (;;) {
        stop.reads++;
        yield chunk;
      }
    })();
  }

  it('the reader stops when the probe says the heap is full, naming the rows read and what ran out', async () => {
    const { readTableAsync, setMemoryProbe } = await import('../../src/data/read-table.js');
    let calls = 0;
    const restore = setMemoryProbe(() => ({ heapUsed: ++calls > 20 ? 3.8 * 2 ** 30 : 2 ** 28, heapLimit: 4 * 2 ** 30, rss: 2 ** 30, available: 16 * 2 ** 30, total: 24 * 2 ** 30 }));
    const stop = { reads: 0 };
    try {
      await expect(readTableAsync('-', { stdin: endless('y\n', stop) })).rejects.toThrow(
        /^standard input: stopped reading after 1,310,720 rows: its text cells fill the 4\.0 GB Node allows for them \(raise it with NODE_OPTIONS=--max-old-space-size=MB\); is the input endless/,
      );
    } finally {
      restore();
    }
    expect(stop.reads).toBe(20); // 20 blocks of 65,536 rows, then the probe says full
  });

  it('numbers that would fill the machine stop the same way', async () => {
    const { readTableAsync, setMemoryProbe } = await import('../../src/data/read-table.js');
    let calls = 0;
    const restore = setMemoryProbe(() => ({ heapUsed: 2 ** 26, heapLimit: 4 * 2 ** 30, rss: ++calls > 3 ? 13 * 2 ** 30 : 2 ** 30, available: calls > 3 ? 0.5 * 2 ** 30 : 16 * 2 ** 30, total: 24 * 2 ** 30 }));
    try {
      await expect(readTableAsync('-', { stdin: endless('1\n', { reads: 0 }) })).rejects.toThrow(/stopped reading after [\d,]+ rows: it fills this machine's memory \(13\.0 GB held, 0\.5 GB of 24\.0 GB left\)/);
    } finally {
      restore();
    }
    // little free memory on the machine is not this table's doing while the process holds little of it
    const busy = setMemoryProbe(() => ({ heapUsed: 2 ** 26, heapLimit: 4 * 2 ** 30, rss: 2 ** 28, available: 0.1 * 2 ** 30, total: 24 * 2 ** 30 }));
    try {
      expect((await readTableAsync('-', { stdin: (async function* () { yield new TextEncoder().encode('a,b\n1,2\n'); })() })).nRows).toBe(1);
    } finally {
      busy();
    }
  });

  it('`yes | radsig describe -` in a process with a 96 MB heap: exit 3 and one line, in seconds', async () => {
    const { spawn } = await import('node:child_process');
    const bin = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
    const child = spawn(process.execPath, ['--max-old-space-size=96', bin, 'describe', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.on('error', () => {}); // the reader stops: the pipe closes under the writer, as under yes
    const block = 'y\n'.repeat(1 << 16);
    child.stdin.write('answer\n');
    const pump = () => {
      while (child.stdin.writable && child.stdin.write(block));
    };
    child.stdin.on('drain', pump);
    pump();
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    const code = await new Promise<number | null>((done) => child.on('close', done));
    clearTimeout(timer);
    expect(code).toBe(3);
    expect(stderr).toMatch(/^radsig: error: standard input: stopped reading after [\d,]+ rows: its text cells fill the 0\.\d GB Node allows/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  }, 130_000);
});

describe('apply and printJson use the shared output handling', () => {
  it('apply --out equal to the table (through a symbolic link) is refused before any work', async () => {
    const dir = tempFolder();
    const table = writeFixture(dir, 'new.csv', 'id,x\na,1\n');
    const model = writeFixture(dir, 'model.json', '{}');
    symlinkSync(table, join(dir, 'alias.csv'));
    const r = await radsig(['apply', model, table, '--out', join(dir, 'alias.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^radsig: error: apply: --out ".*alias\.csv" is the input TABLE \(".*new\.csv" is the same file\)/);
    expect(readFileSync(table, 'utf8')).toBe('id,x\na,1\n');
  });

  it('printJson gives an undefined statistic as null with one warning', async () => {
    const { printJson } = await import('../../src/cli/command.js');
    let out = '';
    let err = '';
    printJson({ stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: '.' }, { a: 1, b: [NaN, 2], c: { d: -Infinity } });
    expect(JSON.parse(out)).toEqual({ a: 1, b: [null, 2], c: { d: null } });
    expect(err).toBe('radsig: warning: b[0] is undefined on these data and is given as null\nradsig: warning: c.d is infinite and is given as null, as JSON has no infinity\n');
  });
});

describe('run: the files it writes are never its inputs', () => {
  it('a table named predictions.csv inside the output folder is refused before any work', async () => {
    const dir = tempFolder();
    mkdirSync(join(dir, 'out'));
    const rows = ['id,y,original_firstorder_A,original_firstorder_B'];
    for (let i = 0; i < 40; i++) rows.push(`p${i},${i % 2},${(i * 7) % 13},${(i * 5) % 11}`);
    writeFileSync(join(dir, 'out', 'predictions.csv'), rows.join('\n') + '\n');
    const study = { data: { train: 'out/predictions.csv', id: 'id' }, outcome: { type: 'binary', column: 'y' }, steps: { select: { nFolds: 3 } }, models: ['radscore'], validation: { method: 'cv', folds: 3, seed: 1 } };
    writeFileSync(join(dir, 'study.json'), JSON.stringify(study));
    const r = await radsig(['run', 'study.json', '--out', 'out', '--quiet'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^radsig: error: run: "out\/predictions\.csv" \(in --out "out"\) is the input data\.train of the study ".*out\/predictions\.csv"; writing it would replace the input - choose another output folder\n$/);
    expect(readFileSync(join(dir, 'out', 'predictions.csv'), 'utf8')).toBe(rows.join('\n') + '\n');
  });
});
