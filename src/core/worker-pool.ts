/**
 * A small pool of worker threads for independent tasks (cross-validation folds, resamples, trees).
 * Tasks carry their own seeds, so results never depend on how many workers run them or in which
 * order they finish: results come back in task order.
 */
import { Worker } from 'node:worker_threads';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The file of a compiled worker script next to the calling module. When the caller runs from the
 * TypeScript sources (tests), the compiled file under dist/ is used.
 */
export function workerScript(callerUrl: string, name: string): string {
  const here = fileURLToPath(callerUrl);
  let dir = dirname(here);
  if (here.endsWith('.ts')) {
    const at = dir.lastIndexOf(`${sep}src`);
    dir = dir.slice(0, at) + `${sep}dist` + dir.slice(at + 4);
  }
  return join(dir, `${name}.js`);
}

/**
 * Runs `tasks` on `workers` threads of `script` (each thread gets `workerData`), returning the
 * results in task order. A worker answers each task message `{ id, task }` with `{ id, result }`
 * or `{ id, error }`. `onResult` is told how many tasks are done after each one.
 */
export async function runInWorkers<T, R>(script: string, workerData: unknown, tasks: readonly T[], workers: number, onResult?: (done: number) => void): Promise<R[]> {
  const results: R[] = new Array(tasks.length);
  const count = Math.max(1, Math.min(workers, tasks.length));
  let next = 0;
  let done = 0;
  let failure: Error | null = null;
  const pool = Array.from({ length: count }, () => new Worker(script, { workerData }));
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (failure !== null || next >= tasks.length) {
                resolve();
                return;
              }
              const id = next++;
              worker.postMessage({ id, task: tasks[id] });
            };
            worker.on('message', (message: { id: number; result?: R; error?: { name: string; message: string; code?: string } }) => {
              if (message.error) {
                const error = new Error(message.error.message) as Error & { code?: string; radsigName?: string };
                error.name = message.error.name;
                error.code = message.error.code;
                failure = error;
                reject(error);
                return;
              }
              results[message.id] = message.result as R;
              onResult?.(++done);
              send();
            });
            worker.on('error', (error) => {
              failure = error;
              reject(error);
            });
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
