/**
 * The `radsig` command line: dispatch to a command, and the error convention: one line
 * `radsig: error: ...` on stderr; exit 2 for usage errors, 3 for data errors, 1 only for bugs.
 */
import { DataError, ModelFormatError, ParameterError, RadsigError } from '../core/errors.js';
import { didYouMean, quote } from '../core/messages.js';
import { RADSIG_VERSION } from '../core/version.js';
import type { CliIo } from './cli-io.js';
import { inputsOf, type Command } from './command.js';
import { inCliTerms } from './library-errors.js';
import { demoCommand } from './commands/demo.js';
import { describeCommand } from './commands/describe.js';
import { harmonizeCommand } from './commands/harmonize.js';
import { iccCommand } from './commands/icc.js';
import { metricsCommand } from './commands/metrics.js';
import { fitCommand } from './commands/fit.js';
import { kmCommand } from './commands/km.js';
import { cvGlmnetCommand, glmnetCommand } from './commands/glmnet.js';
import { simulateCommand } from './commands/simulate.js';
import { samplesizeCommand } from './commands/samplesize.js';
import { runCommand } from './commands/run.js';
import { applyCommand } from './commands/apply.js';
import { reportCommand } from './commands/report.js';
import { calculatorCommand } from './commands/calculator.js';

/** Exit codes. */
export const EXIT = { ok: 0, bug: 1, usage: 2, data: 3 } as const;

const COMMANDS: Command[] = [demoCommand, runCommand, applyCommand, reportCommand, calculatorCommand, simulateCommand, describeCommand, harmonizeCommand, iccCommand, glmnetCommand, cvGlmnetCommand, fitCommand, kmCommand, metricsCommand, samplesizeCommand];

function mainUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `radsig ${RADSIG_VERSION}: build and validate radiomic signatures`,
    '',
    'Usage: radsig COMMAND [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "radsig COMMAND --help" for its options.',
    '',
  ].join('\n');
}

/**
 * Runs `radsig` with the given arguments and returns the exit code. Never throws: radsig errors
 * become one line on stderr; anything else is reported as a bug (exit 1).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const target = name === 'help' ? rest[0] : undefined;
      const command = target === undefined ? undefined : findCommand(target);
      io.stdout(command ? command.usage + '\n' : mainUsage());
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === '--version' || name === '-v') {
      io.stdout(`${RADSIG_VERSION}\n`);
      return EXIT.ok;
    }
    return await findCommand(name).run([...rest], io);
  } catch (error) {
    const inputs = inputsOf(io);
    return reportError(inCliTerms(error, inputs.tables, inputs.files, { studyFile: name === 'run' || name === 'demo' }), io);
  }
}

function findCommand(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    throw new ParameterError(`unknown command ${quote(name)}${didYouMean(name, COMMANDS.map((c) => c.name))}; run "radsig --help" for the list`, 'USAGE');
  }
  return command;
}

/** Prints the one-line message for an error and returns its exit code. */
export function reportError(error: unknown, io: CliIo): number {
  if (error instanceof RadsigError) {
    io.stderr(`radsig: error: ${error.message}\n`);
    if (error instanceof ParameterError) return EXIT.usage;
    if (error instanceof DataError || error instanceof ModelFormatError) return EXIT.data;
    return EXIT.bug;
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EACCES' || code === 'EROFS' || code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') {
    // file system refusals while writing output are about the user's paths, not a bug
    io.stderr(`radsig: error: ${(error as Error).message.split('\n')[0]}\n`);
    return EXIT.data;
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  io.stderr(`radsig: error: internal error (a bug in radsig, please report it): ${message.split('\n')[0]}\n`);
  if (process.env.RADSIG_DEBUG && error instanceof Error && error.stack) io.stderr(error.stack + '\n');
  return EXIT.bug;
}
