/**
 * The `facegate soracom` command group: `setup` and `teardown` of a SIM group through the
 * SORACOM API, and `emulator` to run the local SORACOM emulator.
 * @module
 */
import type { Command } from 'commander';
import { registerEmulator } from '../soracom/emulator.command.js';
import { registerSetup } from '../soracom/setup.command.js';
import { registerTeardown } from '../soracom/teardown.command.js';

export function register(program: Command): void {
  const soracom = program
    .command('soracom')
    .description('SORACOM: provision SIM groups with Air metadata, or run the local emulator');
  registerSetup(soracom);
  registerTeardown(soracom);
  registerEmulator(soracom);
}
