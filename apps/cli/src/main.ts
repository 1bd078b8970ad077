#!/usr/bin/env node
/**
 * The `facegate` command. Each command group lives in its own file under `commands/` and
 * registers itself on the program; this file only assembles them and maps errors to one
 * clear line and a non-zero exit.
 * @module
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';
import { formatCliError } from './errors.js';

// From dist/main.js (or src/main.ts under tsx) up to the package's own package.json.
const { version } = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as { version: string };

const program = new Command('facegate')
  .description('Self-hostable face recognition speaking the Amazon Rekognition API')
  .version(version, '-v, --version', 'print the facegate version')
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
