import type { Command } from 'commander';

/** Placeholder: the `start` command group is being built. */
export function register(_program: Command): void {}
