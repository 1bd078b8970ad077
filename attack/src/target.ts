/**
 * The server under attack: `facegate serve` in a child process on a free loopback port with its
 * own temp data folder, so a crash is seen (the child exits) and its RSS can be read from /proc.
 * @module
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Keys } from './sigv4.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(repoRoot, 'apps/cli/dist/main.js');

export interface Target {
  url: string;
  dataDir: string;
  keys: Keys;
  /** x-api-key with every scope and no plan. */
  apiKey: string;
  child: ChildProcess;
  /** Exit code/signal when the server died; undefined while it runs. */
  exited(): string | undefined;
  /** Resident set size of the server process in MB. */
  rssMb(): number;
  stderrTail(): string;
  stop(): Promise<void>;
}

/** `facegate <args>` against the target's data folder. */
export async function facegate(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...args], {
    timeout: 120_000,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return stdout;
}

export async function startTarget(): Promise<Target> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'facegate-attack-'));
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FACEGATE_PORT: '', FACEGATE_DATA: '', FACEGATE_HOST: '' },
  });
  let out = '';
  let err = '';
  let exit: string | undefined;
  child.stdout!.on('data', (d) => (out = (out + d).slice(-20000)));
  child.stderr!.on('data', (d) => (err = (err + d).slice(-20000)));
  child.on('exit', (code, signal) => (exit = `exit ${code ?? ''}${signal ?? ''}`));
  for (let i = 0; i < 1800 && !/listening on http/.test(out) && exit === undefined; i++)
    await new Promise((r) => setTimeout(r, 100));
  const url = /facegate listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
  if (!url) {
    child.kill('SIGKILL');
    throw new Error(`facegate serve did not start: ${exit ?? ''}\n${out}\n${err}`);
  }
  const creds = JSON.parse(readFileSync(path.join(dataDir, 'credentials.json'), 'utf8')) as Keys;
  const apiKey = 'attack-operator-key-0123456789';
  await facegate(
    'apikeys',
    'create',
    '--name',
    'attack',
    '--scopes',
    'search,recognize,enroll',
    '--value',
    apiKey,
    '--data',
    dataDir,
  );
  return {
    url,
    dataDir,
    keys: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey },
    apiKey,
    child,
    exited: () => exit,
    rssMb: () => {
      if (!child.pid || exit) return 0;
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
      } catch {
        return 0;
      }
    },
    stderrTail: () => err.slice(-2000),
    stop: async () => {
      if (exit === undefined) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await gone;
        clearTimeout(t);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
