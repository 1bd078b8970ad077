import type { Command } from 'commander';

/** Placeholder: the `aws` command group is being built. */
export function register(_program: Command): void {}
