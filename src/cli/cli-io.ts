/**
 * Where a command's output goes: injectable so that tests run commands in-process.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Working folder for relative paths. */
  cwd: string;
  /** Whether stderr is a terminal (progress bars are drawn only there). @defaultValue false */
  stderrIsTTY?: boolean;
  /** Standard input, for a table named `-` (absent: `-` is refused). */
  stdin?: () => AsyncIterable<Uint8Array>;
}

/** The process's own streams. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    stderrIsTTY: process.stderr.isTTY === true,
    stdin: () => process.stdin,
  };
}
