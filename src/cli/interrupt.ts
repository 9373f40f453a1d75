/**
 * Stopping a long command on a signal: Ctrl-C (SIGINT), kill (SIGTERM) or a closed terminal
 * (SIGHUP). The work runs off the main thread, so the main thread handles the signal at once: it
 * stops the work, removes what the work had started (a staging folder), says so in one line and
 * exits with 128 + the signal's number, having written nothing. The final writes are synchronous
 * and hold signals off (see `holdSignals`), so a signal never cuts them short.
 */
import { constants } from 'node:os';
import { STOP_SIGNALS } from '../core/atomic-write.js';
import type { CliIo } from './cli-io.js';

/** Exit code for a signal, as a shell reports it (130 for SIGINT). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/**
 * Until the returned function is called, a stop signal runs `stop` (given at most a second), prints
 * `radsig: error: COMMAND: interrupted; nothing was written` and exits with the signal's code.
 * Further signals while it stops are ignored.
 */
export function stopOnSignal(io: CliIo, command: string, stop: () => Promise<void> | void, before: () => void = () => {}): () => void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    before();
    io.stderr(`radsig: error: ${command}: interrupted; nothing was written\n`);
    const exit = () => process.exit(signalExitCode(signal));
    const timer = setTimeout(exit, 1000);
    Promise.resolve()
      .then(stop)
      .catch(() => {})
      .finally(() => {
        clearTimeout(timer);
        exit();
      });
  };
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of STOP_SIGNALS) process.removeListener(signal, handler);
  };
}
