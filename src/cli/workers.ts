/**
 * `--workers N`: worker threads never outnumber the cores or the tasks to share out.
 */
import { availableParallelism } from 'node:os';
import { integerOption, type ParsedArgs } from './args.js';
import type { CliIo } from './cli-io.js';

/**
 * Reads `--workers` (default 1) and caps it at the number of cores and the number of tasks
 * (trees, folds), with a note on stderr saying why; results never depend on the number.
 */
export function workersOption(values: ParsedArgs['values'], io: CliIo, tasks: number, taskName: string, cores = availableParallelism()): number {
  const asked = integerOption(values, 'workers', 1, 1, 4096);
  let workers = asked;
  const reasons: string[] = [];
  if (workers > cores) {
    workers = cores;
    reasons.push(`this machine has ${cores} ${cores === 1 ? 'core' : 'cores'}`);
  }
  const tasksCap = Math.max(1, tasks);
  if (workers > tasksCap) {
    workers = tasksCap;
    reasons.push(`there ${tasksCap === 1 ? 'is' : 'are'} only ${tasksCap} ${taskName}`);
  }
  if (workers < asked) io.stderr(`radsig: note: --workers ${asked} reduced to ${workers} (${reasons.join('; ')}); results do not depend on the number of workers\n`);
  return workers;
}
