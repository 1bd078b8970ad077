/**
 * `facegate aws check` and `npm run aws:deploy` without credentials: one line naming what to
 * set, before anything is built. Run as real processes with a bare environment (a temporary
 * HOME, so no ~/.aws; the EC2 instance metadata lookup off, so nothing leaves the machine).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const CLI = path.join(repoRoot, 'apps/cli/dist/main.js');
const home = mkdtempSync(path.join(tmpdir(), 'facegate-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const bareEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: process.env['PATH'] ?? '/usr/bin:/bin',
  HOME: home,
  AWS_EC2_METADATA_DISABLED: 'true',
  // npm asks the registry for a newer npm otherwise.
  npm_config_update_notifier: 'false',
  ...extra,
});

const run = (file: string, args: string[], env: NodeJS.ProcessEnv, cwd = repoRoot) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(file, args, { env, cwd, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });

describe('facegate aws check', { timeout: 180_000 }, () => {
  it('names the region to set when there is none', async () => {
    const r = await run(process.execPath, [CLI, 'aws', 'check'], bareEnv());
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      'facegate: no AWS region: set AWS_REGION (e.g. export AWS_REGION=ap-northeast-1) or a region in your AWS profile (aws configure)',
    ]);
  });

  it('names the credentials to set when there are none (AWS_DEFAULT_REGION counts as a region)', async () => {
    const r = await run(
      process.execPath,
      [CLI, 'aws', 'check'],
      bareEnv({ AWS_DEFAULT_REGION: 'ap-northeast-1' }),
    );
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'facegate: no AWS credentials: set AWS_PROFILE (after aws configure or aws sso login) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
    );
  });

  it("refuses facegate's local development key pair as AWS credentials", async () => {
    const data = path.join(home, 'data');
    mkdirSync(data, { recursive: true });
    writeFileSync(
      path.join(data, 'credentials.json'),
      JSON.stringify({ accessKeyId: 'FGLOCALKEY', secretAccessKey: 'local-secret' }),
    );
    const r = await run(
      process.execPath,
      [CLI, 'aws', 'check', '--data', data],
      bareEnv({
        AWS_REGION: 'ap-northeast-1',
        AWS_ACCESS_KEY_ID: 'FGLOCALKEY',
        AWS_SECRET_ACCESS_KEY: 'local-secret',
      }),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^facegate: AWS_ACCESS_KEY_ID is facegate's local development key/);
  });

  it('passes with a region and keys from a profile', async () => {
    mkdirSync(path.join(home, '.aws'), { recursive: true });
    writeFileSync(
      path.join(home, '.aws', 'config'),
      '[profile handson]\nregion = ap-northeast-1\n',
    );
    writeFileSync(
      path.join(home, '.aws', 'credentials'),
      '[handson]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n',
    );
    try {
      const r = await run(
        process.execPath,
        [CLI, 'aws', 'check'],
        bareEnv({ AWS_PROFILE: 'handson' }),
      );
      expect([r.code, r.stderr.trim()]).toEqual([
        0,
        'facegate: AWS region ap-northeast-1, credentials found',
      ]);
    } finally {
      rmSync(path.join(home, '.aws'), { recursive: true, force: true });
    }
  });

  it('makes npm run aws:deploy stop before building, with that one line', async () => {
    const sibling = path.join(path.dirname(process.execPath), 'npm');
    const npm = existsSync(sibling) ? sibling : 'npm';
    const r = await run(npm, ['run', '--silent', 'aws:deploy'], bareEnv());
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('facegate: no AWS region: set AWS_REGION');
    // Nothing was built or synthesised.
    expect(r.stdout + r.stderr).not.toMatch(/tsc -b|vite|cdk/);
  });
});
