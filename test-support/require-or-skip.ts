/**
 * The one rule for tests that need something this machine may lack (the built engine, Chromium,
 * the `aws` CLI, curl, ../shared/datasets): locally they skip with one clear line; in CI (`CI`
 * set, as `.ci/run` does) a missing requirement is a failure, so a green CI run means every
 * test ran.
 * @module
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Whether this run is CI: `CI` set to anything but empty, `0` or `false`. */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.CI?.trim().toLowerCase();
  return !!v && v !== '0' && v !== 'false';
}

/** A requirement that is missing in CI: the test file fails with the reason. */
export class MissingInCiError extends Error {
  override name = 'MissingInCiError';
}

/**
 * `reason` says what is missing (undefined when nothing is). Returns whether to skip: false when
 * nothing is missing; true locally, after one line on stderr; in CI it throws, failing the file.
 */
export function requireOrSkip(
  what: string,
  reason: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (reason === undefined) return false;
  if (inCi(env))
    throw new MissingInCiError(
      `${what} cannot run: ${reason} (CI is set, so this is a failure, not a skip)`,
    );
  console.warn(`skipping ${what}: ${reason}`);
  return true;
}

/**
 * Why @facegate/engine cannot be used here, or undefined. Only "not built" is a reason: when
 * its dist/ exists, it is imported and any error it throws surfaces.
 */
export async function engineMissing(): Promise<string | undefined> {
  const entry = path.join(repoRoot, 'packages/engine/dist/index.js');
  if (!existsSync(entry)) return 'packages/engine is not built (run `npx tsc -b`)';
  const mod = (await import('@facegate/engine')) as { createEngine?: unknown };
  if (typeof mod.createEngine !== 'function')
    throw new Error('@facegate/engine is built but does not export createEngine');
  return undefined;
}

/** Why a command is not on PATH (or in the usual folders), or undefined with its path. */
export function findCommand(
  name: string,
  moreDirs: string[] = [],
): { path?: string; missing?: string } {
  const dirs = (process.env.PATH ?? '')
    .split(path.delimiter)
    .concat(['/usr/bin', '/usr/local/bin', ...moreDirs]);
  for (const dir of dirs) {
    const p = dir && path.join(dir, name);
    if (p && existsSync(p)) return { path: p };
  }
  return {
    missing: `\`${name}\` is not installed (Debian: apt-get install ${DEBIAN[name] ?? name})`,
  };
}

const DEBIAN: Record<string, string> = { aws: 'awscli' };

/** ../shared/datasets (FACEGATE_DATASETS overrides it, relative to the repository root). */
export function datasetsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(repoRoot, env.FACEGATE_DATASETS ?? '../shared/datasets');
}

/** Why `datasetsDir()/<file>` cannot be read, or undefined. */
export function datasetMissing(file: string): string | undefined {
  const p = path.join(datasetsDir(), file);
  return existsSync(p)
    ? undefined
    : `${p} is missing (the datasets live in ../shared/datasets; set FACEGATE_DATASETS to elsewhere)`;
}
