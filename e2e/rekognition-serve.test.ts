/**
 * `facegate serve` as users start it: one ready line with the URL, the development keys
 * printed once, requests answered, and a clean exit on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { ListCollectionsCommand, RekognitionClient } from '@aws-sdk/client-rekognition';
import { afterAll, describe, expect, it } from 'vitest';
import { engineAvailable, repoRoot, tempDataDir } from './rekognition-support.js';

const available = await engineAvailable();
const CLI = path.join(repoRoot, 'apps/cli/dist/main.js');

describe.skipIf(!available)('facegate serve', { timeout: 240_000 }, () => {
  const data = tempDataDir();
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it('prints its URL when ready, serves Rekognition with the printed keys, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data', data], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FACEGATE_PORT: '', FACEGATE_DATA: '' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    try {
      for (
        let i = 0;
        i < 1200 && !/listening on http:\/\/\S+\n/.test(out) && child.exitCode === null;
        i++
      ) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const url = /facegate listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out)?.[1];
      expect(url, `stdout: ${out}\nstderr: ${err}`).toBeDefined();
      const accessKeyId = /AWS_ACCESS_KEY_ID=(\S+)/.exec(out)?.[1];
      const secretAccessKey = /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(out)?.[1];
      expect(accessKeyId && secretAccessKey).toBeTruthy();

      const client = new RekognitionClient({
        endpoint: url,
        region: 'us-east-1',
        credentials: { accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey! },
        maxAttempts: 1,
      });
      const listed = await client.send(new ListCollectionsCommand({}));
      expect(Array.isArray(listed.CollectionIds)).toBe(true);
      client.destroy();

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
