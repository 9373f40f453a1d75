#!/usr/bin/env node
/**
 * The `radsig` executable.
 */
import { processIo } from './cli-io.js';
import { runCli } from './run-cli.js';

const code = await runCli(process.argv.slice(2), processIo());
process.exitCode = code;
