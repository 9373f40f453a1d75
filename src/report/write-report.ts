/**
 * Node-only: writes a run's report (report.html and its figures folder) so that either every file
 * appears or none does, and a folder the call created is removed on failure.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFilesAtomic } from '../core/atomic-write.js';
import type { StudyRun } from '../pipeline/run-study.js';
import { writeStudyOutputs } from '../pipeline/run-study-file.js';
import { buildReport, type BuildReportOptions, type ReportFile } from './build-report.js';
import type { StudyResults } from '../pipeline/results-schema/study-results-schema.js';

/** The report files of a run, relative to the folder of report.html (report.html first). */
export async function reportFiles(results: StudyResults, options: BuildReportOptions & { reportName?: string } = {}): Promise<ReportFile[]> {
  const { html, files } = await buildReport(results, options);
  return [{ name: options.reportName ?? 'report.html', data: html }, ...files];
}

/**
 * Writes report files under `folder` (creating the figures folder). On failure, folders this call
 * created are removed again.
 */
export function writeReportFiles(folder: string, files: readonly ReportFile[]): void {
  const created: string[] = [];
  const dirs = [...new Set(files.map((f) => dirname(join(folder, f.name))))].sort((a, b) => a.length - b.length);
  try {
    for (const d of dirs) {
      if (!existsSync(d)) {
        mkdirSync(d, { recursive: true });
        created.push(d);
      }
    }
    writeFilesAtomic(files.map((f) => ({ path: join(folder, f.name), data: f.data, name: join(basename(folder), f.name) })));
  } catch (error) {
    for (const d of created.reverse()) rmSync(d, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Writes a run's outputs (results.json, model.json, predictions.csv) with its report files, all
 * or nothing: folders created here are removed again if any write fails.
 */
export function writeRunWithReport(out: string, run: StudyRun, files: readonly ReportFile[]): void {
  const created = !existsSync(out);
  const folders = [...new Set(files.map((f) => dirname(join(out, f.name))))].filter((d) => d !== out && !existsSync(d));
  try {
    for (const d of folders) mkdirSync(d, { recursive: true });
    writeStudyOutputs(out, run, [...files]);
  } catch (error) {
    if (created) rmSync(out, { recursive: true, force: true });
    else for (const d of folders) rmSync(d, { recursive: true, force: true });
    throw error;
  }
}
