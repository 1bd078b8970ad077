/**
 * What a newcomer sees from the CLI, as real processes against a real server on loopback:
 * `--version`, `faces index` of a photo with no face, and `faces import` naming the photos it
 * could not index, counting them the same way in the progress line and the summary, and on a
 * re-run; Ctrl-C says how to resume. The engine is a stand-in (one face per photo, none when
 * the photo's 5th byte is 0, slow when it is 9), since recognition is not what this is about.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FaceEngine } from '@facegate/core';
import { oneFaceEngine } from '@facegate/core/testing/one-face.engine';
import { loadConfig, startServer, type RunningServer } from '@facegate/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/main.js');
const jpeg = (tag: number, n = 0) => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, tag, n]);

const engine: FaceEngine = {
  ...oneFaceEngine(),
  async detect(bytes) {
    const found = await oneFaceEngine().detect(bytes);
    if (bytes[4] === 9) await new Promise((r) => setTimeout(r, 400));
    return bytes[4] === 0 ? { ...found, faces: [] } : found;
  },
};

let root: string;
let server: RunningServer;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'facegate-first-run-'));
  server = await startServer(loadConfig({ port: 0, data: path.join(root, 'data') }, {}), {
    engine,
    log: () => {},
  });
});
afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function facegate(args: string[], onStderr?: (text: string, kill: () => void) => void) {
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [CLI, ...args, '--endpoint', server.url, '--data', path.join(root, 'data')],
      { env: { ...process.env, FACEGATE_ACCESS_KEY_ID: '', AWS_ACCESS_KEY_ID: '' } },
    );
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
      onStderr?.(stderr, () => child.kill('SIGINT'));
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('the facegate CLI on a first run', { timeout: 120_000 }, () => {
  it('prints its version', async () => {
    const { version } = JSON.parse(
      readFileSync(path.resolve(path.dirname(CLI), '../package.json'), 'utf8'),
    ) as { version: string };
    const r = await facegate(['--version']);
    expect([r.code, r.stdout.trim()]).toEqual([0, version]);
  });

  it('faces index of a photo with no face: JSON on stdout, a warning on stderr, exit 1', async () => {
    const file = path.join(root, 'noface.jpg');
    writeFileSync(file, jpeg(0));
    const r = await facegate(['faces', 'index', file, '--external-image-id', 'Nobody']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).FaceRecords).toEqual([]);
    expect(r.stderr.trim()).toBe(
      `facegate: no face was indexed from ${file} (no face found in it)`,
    );
  });

  it('faces import names the photos it could not index and counts them alike everywhere', async () => {
    const people = path.join(root, 'people');
    mkdirSync(path.join(people, 'Taro_Yamada'), { recursive: true });
    writeFileSync(path.join(people, 'Taro_Yamada', '1.jpg'), jpeg(1));
    writeFileSync(path.join(people, 'Taro_Yamada', '2.jpg'), jpeg(0, 2));
    writeFileSync(path.join(people, 'Taro_Yamada', 'notes.jpg'), 'GIF89a not a photo');
    const args = ['faces', 'import', people, '-c', 'imported'];

    const first = await facegate(args);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ Images: 3, Indexed: 1, NoFace: 1, Rejected: 1, Failed: 0 });
    expect(summary.NotIndexed).toEqual([
      { File: path.join(people, 'Taro_Yamada', '2.jpg'), Reason: 'no face indexed' },
      {
        File: path.join(people, 'Taro_Yamada', 'notes.jpg'),
        Reason: expect.stringMatching(/^InvalidImageFormatException: /),
      },
    ]);
    // The progress line uses the summary's names and counts.
    expect(first.stderr.trim().split('\n').at(-1)).toMatch(
      /3\/3 indexed 1, skipped 0, no face 1, rejected 1, failed 0$/,
    );

    const again = await facegate(args);
    expect(JSON.parse(again.stdout)).toMatchObject({
      Indexed: 0,
      AlreadyIndexed: 1,
      NoFace: 1,
      Rejected: 1,
      Failed: 0,
    });
  });

  it('faces import interrupted with Ctrl-C says how to resume', async () => {
    const people = path.join(root, 'slow');
    mkdirSync(path.join(people, 'Hanako'), { recursive: true });
    for (let i = 0; i < 20; i++) writeFileSync(path.join(people, 'Hanako', `${i}.jpg`), jpeg(9, i));
    let sent = false;
    const r = await facegate(
      ['faces', 'import', people, '-c', 'slow', '--concurrency', '1'],
      (text, kill) => {
        if (!sent && /\] 1\/20 /.test(text)) {
          sent = true;
          kill();
        }
      },
    );
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(
      /facegate: import interrupted\. Run the same command again to resume: photos already indexed are skipped \(journal .+\.jsonl\)\./,
    );
  });
});
