/**
 * Progress of long work on stderr: a bar with stage, count and ETA on a terminal, a plain line
 * every few seconds otherwise, nothing when quiet.
 */
import type { CliIo } from './cli-io.js';

/** A progress callback (stage, done, total) and a function that clears the bar at the end. */
export function progressReporter(io: CliIo, quiet: boolean, command: string): { update(stage: string, done: number, total: number): void; finish(): void } {
  if (quiet) return { update() {}, finish() {} };
  const tty = io.stderrIsTTY === true;
  let stageStart = Date.now();
  let currentStage = '';
  let lastDraw = 0;
  let drawn = false;
  const eta = (done: number, total: number) => {
    if (done === 0 || done >= total) return '';
    const seconds = ((Date.now() - stageStart) / 1000 / done) * (total - done);
    const m = Math.floor(seconds / 60);
    const s = Math.round(seconds % 60);
    return m > 0 ? `${m}m${String(s).padStart(2, '0')}s` : `${s}s`;
  };
  return {
    update(stage, done, total) {
      const now = Date.now();
      if (stage !== currentStage) {
        currentStage = stage;
        stageStart = now;
        lastDraw = 0;
      }
      if (tty) {
        if (now - lastDraw < 100 && done < total) return;
        lastDraw = now;
        const width = 24;
        const filled = total > 0 ? Math.round((width * done) / total) : 0;
        const left = eta(done, total);
        io.stderr(`\r${command}: [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${stage} ${done}/${total}${left ? `, ${left} left` : ''}\x1b[K`);
        drawn = true;
      } else {
        // a line when a stage starts, then every 5 seconds while it runs
        const starting = lastDraw === 0;
        if (!starting && (done >= total || now - lastDraw < 5000)) return;
        lastDraw = now;
        const left = eta(done, total);
        io.stderr(`radsig ${command}: ${stage}${total > 1 ? ` ${done}/${total}` : ''}${left ? `, about ${left} left` : ''}\n`);
      }
    },
    finish() {
      if (tty && drawn) io.stderr('\r\x1b[K');
    },
  };
}
