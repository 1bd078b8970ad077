import type { Command } from 'commander';

/** Placeholder: the `plans` command group is being built. */
export function register(_program: Command): void {}
