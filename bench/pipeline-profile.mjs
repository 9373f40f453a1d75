// Where the time of one bootstrap resample of bench/pipeline.mjs goes: runs runValidationTask on a
// prepared study in this thread under the V8 CPU profiler (node:inspector) and prints the share of
// each function, inclusive (with its callees) and self, of the time inside runValidationTask.
//   node bench/pipeline.mjs first (it writes bench/.work/pipeline/), then
//   node bench/pipeline-profile.mjs [TASKS=20]     (writes bench/.work/pipeline/resample.cpuprofile
//   for Chrome DevTools / speedscope)
import { Session } from 'node:inspector/promises';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const work = join(here, '.work', 'pipeline');
const studyFile = join(work, 'study.json');
if (!existsSync(studyFile)) throw new Error(`${studyFile} is missing: run node bench/pipeline.mjs first`);
const TASKS = Number(process.argv[2] ?? 20);
const WARMUP = 2;
const { loadStudyFile, prepareStudy, runValidationTask } = await import(join(here, '..', 'dist', 'index.js'));
const loaded = loadStudyFile(studyFile);
const { input } = prepareStudy(loaded.study, loaded.tables);
for (let i = 0; i < WARMUP; i++) runValidationTask(input, { kind: 'bootstrap', index: 1000 + i });

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
for (let i = 0; i < TASKS; i++) runValidationTask(input, { kind: 'bootstrap', index: i });
const wall = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const { profile } = await session.post('Profiler.stop');
session.disconnect();
writeFileSync(join(work, 'resample.cpuprofile'), JSON.stringify(profile));

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n) => {
  const f = n.callFrame;
  const file = f.url.replace(/^.*\/dist\//, '').replace(/^file:\/\/.*\//, '');
  return `${f.functionName || '(anonymous)'} ${file}${f.url ? `:${f.lineNumber + 1}` : ''}`;
};
const selfTime = new Map();
for (let k = 0; k < profile.samples.length; k++) selfTime.set(profile.samples[k], (selfTime.get(profile.samples[k]) ?? 0) + profile.timeDeltas[k]);
// time inside runValidationTask only
const inside = (id) => {
  for (let at = id; at !== undefined; at = parent.get(at)) if (byId.get(at).callFrame.functionName === 'runValidationTask') return true;
  return false;
};
let total = 0;
const self = new Map();
const inclusive = new Map();
for (const [id, t] of selfTime) {
  if (!inside(id)) continue;
  total += t;
  const own = label(byId.get(id));
  self.set(own, (self.get(own) ?? 0) + t);
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const key = label(byId.get(at));
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + t);
  }
}
const share = (t) => `${((100 * t) / total).toFixed(1).padStart(5)} %  ${((t / 1e6 / TASKS) * 1000).toFixed(0).padStart(5)} ms`;
console.log(`${TASKS} resamples: ${(wall / TASKS).toFixed(3)} s wall, ${((cpu.user + cpu.system) / 1e6 / TASKS).toFixed(3)} s CPU each (sampled ${(total / 1e6 / TASKS).toFixed(3)} s inside runValidationTask)`);
console.log('\ninclusive (share of runValidationTask, ms per resample)');
for (const [k, t] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(share(t), k);
console.log('\nself');
for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(share(t), k);
