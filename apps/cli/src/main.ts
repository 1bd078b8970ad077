#!/usr/bin/env node
/**
 * The `facegate` command. Each command group lives in its own file under `commands/` and
 * registers itself on the program; this file only assembles them and maps errors to one
 * clear line and a non-zero exit.
 * @module
 */
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';
import { formatCliError } from './errors.js';

const program = new Command('facegate')
  .description('Self-hostable face recognition speaking the Amazon Rekognition API')
  .showHelpAfterError()
  .exitOverride();

await registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else {
    process.stderr.write(`facegate: ${formatCliError(err)}\n`);
    process.exitCode = 1;
  }
}
