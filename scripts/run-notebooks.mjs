#!/usr/bin/env node
/**
 * Executes the notebooks in notebooks/ headlessly with the tslab kernel (jupyter nbconvert) and fails
 * on any cell error, any output on stderr, or a notebook that runs past its timeout.
 *
 *   node scripts/run-notebooks.mjs [--write] [--timeout SECONDS] [NAME.ipynb ...]
 *
 * Each notebook is executed into a temporary folder (with --allow-errors, so that a failing cell's
 * message is kept: tslab reports every error on the cell's stderr, which is then shown here).
 * Without --write, the outputs are then compared with the committed ones (the prose the notebooks
 * print is generated from the results, so the committed prose must be exactly what the code prints
 * today); a difference fails naming the cells. With --write, a notebook that ran cleanly replaces the
 * committed one (this is how the committed outputs are made); a failing one is left untouched.
 *
 * Needs: Jupyter's nbconvert, nbclient and ipykernel (Debian: jupyter-nbconvert python3-nbclient
 * python3-ipykernel), `npm ci --prefix notebooks` (tslab and this checkout of radsig as a dependency),
 * the tslab kernel registered (`cd notebooks && npx tslab install --python=/usr/bin/python3`) and
 * radsig built (`npm run build`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const folder = join(root, 'notebooks');

function fail(message) {
  console.error(`run-notebooks: ${message}`);
  process.exit(1);
}

// ---- arguments
const args = process.argv.slice(2);
let write = false;
let timeout = 300; // seconds per notebook; the three together take well under 3 minutes on 2 cores
const names = [];
for (let k = 0; k < args.length; k++) {
  const a = args[k];
  if (a === '--write') write = true;
  else if (a === '--timeout') {
    timeout = Number(args[++k]);
    if (!(timeout > 0)) fail(`--timeout needs a number of seconds, got ${JSON.stringify(args[k])}`);
  } else if (a === '--help' || a === '-h') {
    console.log('usage: node scripts/run-notebooks.mjs [--write] [--timeout SECONDS] [NAME.ipynb ...]');
    process.exit(0);
  } else if (a.startsWith('-')) fail(`unknown option ${a}`);
  else names.push(a.replace(/^notebooks\//, ''));
}
const notebooks = names.length > 0 ? names : readdirSync(folder).filter((f) => f.endsWith('.ipynb')).sort();
for (const name of notebooks) if (!existsSync(join(folder, name))) fail(`no notebook ${join('notebooks', name)}`);
if (notebooks.length === 0) fail('no notebooks in notebooks/');

// ---- what the notebooks need, each missing piece named with the command that installs it
const bin = join(folder, 'node_modules', '.bin');
const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
const jupyter = spawnSync('jupyter', ['nbconvert', '--version'], { env, encoding: 'utf8' });
if (jupyter.error || jupyter.status !== 0) {
  fail('Jupyter nbconvert is not installed (jupyter nbconvert --version failed); install it with\n  apt-get install -y jupyter-nbconvert python3-nbclient python3-ipykernel');
}
if (!existsSync(join(bin, 'tslab'))) fail('tslab is not installed for the notebooks; run\n  npm ci --prefix notebooks');
if (!existsSync(join(root, 'dist', 'index.js'))) fail('radsig is not built (dist/index.js is missing); run\n  npm run build');

/** The outputs that a reader sees, without what changes from run to run (execution counts, ids). */
function outputsOf(notebook) {
  return notebook.cells.map((cell) =>
    cell.cell_type !== 'code'
      ? null
      : (cell.outputs ?? []).map((o) => (o.output_type === 'stream' ? { stream: o.name, text: [].concat(o.text).join('') } : { type: o.output_type, data: o.data ?? null, ename: o.ename ?? null, evalue: o.evalue ?? null })),
  );
}

/** A cell as a reader finds it: its number among all cells and its first line. */
function cellName(cell, k) {
  const first = [].concat(cell.source).join('').split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('//')) ?? '';
  return `cell ${k + 1} (${first.trim().slice(0, 60)})`;
}

function problemsOf(notebook) {
  const problems = [];
  notebook.cells.forEach((cell, k) => {
    for (const o of cell.outputs ?? []) {
      if (o.output_type === 'error') problems.push(`${cellName(cell, k)}: ${o.ename}: ${o.evalue}`);
      if (o.output_type === 'stream' && o.name === 'stderr') problems.push(`${cellName(cell, k)} wrote to stderr:\n${[].concat(o.text).join('').trim().slice(0, 800)}`);
    }
  });
  return problems;
}

/** The processes descended from `pid` (Linux /proc; empty elsewhere). */
function descendants(pid) {
  let entries;
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const parent = new Map();
  for (const e of entries) {
    try {
      // the command may contain spaces and parentheses; the fields after its closing ")" are fixed
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      parent.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process has ended
    }
  }
  const out = [];
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.pop();
    for (const [child, ppid] of parent) {
      if (ppid === p) {
        out.push(child);
        queue.push(child);
      }
    }
  }
  return out;
}

function kill(pid) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Runs nbconvert in its own process group. When the notebook runs past the timeout, nbconvert, its
 * group and its descendants are killed: Jupyter starts the kernel in a session of its own, so killing
 * the group alone would leave the kernel running (and holding nbconvert's output pipes open).
 */
function execute(input, outputDir) {
  const argv = ['nbconvert', '--to', 'notebook', '--execute', '--allow-errors', `--ExecutePreprocessor.timeout=${Math.ceil(timeout)}`, '--ExecutePreprocessor.kernel_name=tslab', '--ExecutePreprocessor.record_timing=False', '--ExecutePreprocessor.shutdown_kernel=immediate', '--output-dir', outputDir, input];
  return new Promise((done) => {
    const child = spawn('jupyter', argv, { cwd: folder, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (b) => (log += b));
    child.stderr.on('data', (b) => (log += b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      const family = descendants(child.pid);
      kill(-child.pid);
      for (const pid of family) kill(pid);
    }, timeout * 1000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      // a killed kernel's end of the pipes may close later; the log read so far is enough
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        done({ code, log, timedOut });
      }, 200);
    });
  });
}

const scratch = mkdtempSync(join(tmpdir(), 'radsig-notebooks-'));
const failures = [];
const started = Date.now();
try {
  for (const name of notebooks) {
    const t0 = Date.now();
    const { code, log, timedOut } = await execute(name, scratch);
    const seconds = (Date.now() - t0) / 1000;
    if (timedOut) {
      failures.push(`${name}: did not finish within ${timeout} s`);
      console.log(`${name}: timed out after ${seconds.toFixed(1)} s`);
      continue;
    }
    if (code !== 0) {
      const reason = /No such kernel named tslab/.test(log)
        ? 'the tslab kernel is not registered; run\n  (cd notebooks && npx tslab install --python=/usr/bin/python3)'
        : log.split('\n').filter((l) => !/Debugger warning|frozen modules|-Xfrozen_modules|PYDEVD_DISABLE/.test(l)).slice(-40).join('\n');
      failures.push(`${name}: nbconvert exited ${code}\n${reason}`);
      console.log(`${name}: FAILED after ${seconds.toFixed(1)} s`);
      continue;
    }
    const executed = JSON.parse(readFileSync(join(scratch, name), 'utf8'));
    const problems = problemsOf(executed);
    let status = 'ok';
    if (problems.length > 0) {
      failures.push(`${name}:\n  ${problems.join('\n  ')}`);
      status = 'FAILED';
    }
    if (write) {
      if (problems.length === 0) copyFileSync(join(scratch, name), join(folder, name));
    } else if (problems.length === 0) {
      const committedNotebook = JSON.parse(readFileSync(join(folder, name), 'utf8'));
      const committed = outputsOf(committedNotebook);
      const fresh = outputsOf(executed);
      const stale = [];
      for (let k = 0; k < Math.max(committed.length, fresh.length); k++) {
        if (JSON.stringify(committed[k] ?? null) !== JSON.stringify(fresh[k] ?? null)) stale.push(cellName(executed.cells[k] ?? committedNotebook.cells[k], k));
      }
      if (stale.length > 0) {
        const shown = stale.slice(0, 5).join('\n  ') + (stale.length > 5 ? `\n  and ${stale.length - 5} more` : '');
        failures.push(`${name}: the committed outputs differ from a fresh run in\n  ${shown}\nre-execute with\n  npm run notebooks -- --write\nand commit the notebook`);
        status = 'ran, but its committed outputs are stale';
      }
    }
    console.log(`${name}: ${status} in ${seconds.toFixed(1)} s`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`notebooks: ${notebooks.length} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (failures.length > 0) fail(`\n${failures.join('\n\n')}`);
