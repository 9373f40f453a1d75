/**
 * The study thread (see study-thread.ts): runs a study file, or the demo's cohort and studies, and
 * posts back progress, then the output files or the error.
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { writeFilesAtomic } from '../core/atomic-write.js';
import { simulateCohort } from '../data/simulate-cohort.js';
import { demoStudies } from '../pipeline/demo-studies.js';
import { loadStudyFile, runStudyFile, studyOutputFiles } from '../pipeline/run-study-file.js';
import { reportFiles } from '../report/write-report.js';
import { toJsonText } from './command.js';
import { cohortFiles } from './commands/simulate.js';
import { sendableError, type StudyJob, type StudyJobResult, type StudyOutcome } from './study-thread.js';

const job = workerData as StudyJob;

async function runOne(name: string, path: string, label: string, options: { displayName?: string; seed?: number }): Promise<StudyOutcome> {
  const loaded = loadStudyFile(path, options);
  const run = await runStudyFile(loaded, { workers: job.workers, onProgress: (stage, done, total) => parentPort!.postMessage({ progress: [label, stage, done, total] }) });
  const report = await reportFiles(run.results);
  return {
    name,
    results: run.results,
    files: [...studyOutputFiles(run).map((f) => ({ ...f, set: 'run' })), ...report.map((f) => ({ name: f.name, data: f.data, set: `report ${report[0].name}` }))],
  };
}

async function demo(staging: string, resamples: number): Promise<StudyJobResult> {
  const cohort = simulateCohort({ seed: 1 });
  const files = cohortFiles(cohort).map((f) => ({ ...f, set: 'simulate' }));
  const smallest = [...cohort.truth.centers].sort((a, b) => a.n - b.n || (a.center < b.center ? -1 : 1))[0].center;
  const studies = demoStudies(smallest, resamples);
  for (const [name, study] of [['mvi', studies.mvi], ['recurrence', studies.recurrence]] as const) files.push({ name: `${name}-study.json`, data: toJsonText(study), set: 'demo' });
  writeFilesAtomic(files.map((f) => ({ path: join(staging, f.name), data: f.data })));
  const outcomes: StudyOutcome[] = [];
  for (const name of ['mvi', 'recurrence']) outcomes.push(await runOne(name, join(staging, `${name}-study.json`), `demo ${name}`, {}));
  return { studies: outcomes, files, smallest, signature: cohort.truth.signature.map((s) => s.feature) };
}

try {
  const result: StudyJobResult = job.kind === 'run' ? { studies: [await runOne('run', job.path, 'run', { displayName: job.displayName, ...(job.seed === undefined ? {} : { seed: job.seed }) })], files: [] } : await demo(job.staging, job.resamples);
  parentPort!.postMessage({ result });
} catch (error) {
  parentPort!.postMessage({ error: sendableError(error) });
}
