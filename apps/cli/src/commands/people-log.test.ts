/**
 * `facegate faces index --name`, `people list|delete` and `log` as a user runs them: the built
 * CLI in a child process against a real server on loopback and its data folder (the engine is
 * the one-face test engine; this is about names and the log, not recognition).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ApiKeyStore } from '@facegate/api/search/keys/index';
import { oneFaceEngine } from '@facegate/core/testing/one-face.engine';
import { loadConfig, startServer, type RunningServer } from '@facegate/server';
import { personIdFor } from '@facegate/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLog, parseSince } from './log.js';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const CLI = path.join(repoRoot, 'apps/cli/dist/main.js');
const PHOTO = path.join(repoRoot, 'node_modules/@vladmandic/face-api/demo/sample2.jpg');

describe.skipIf(!existsSync(CLI))('people and log commands', { timeout: 120_000 }, () => {
  let server: RunningServer;
  let data = '';
  let searchKey = '';

  beforeAll(async () => {
    data = mkdtempSync(path.join(tmpdir(), 'facegate-cli-people-'));
    server = await startServer(loadConfig({ port: 0, data }, {}), {
      engine: oneFaceEngine(),
      log: () => {},
    });
    searchKey = new ApiKeyStore(server.ctx.db).createKey({
      name: 'kiosk, lobby',
      scopes: ['search'],
    }).key;
  });
  afterAll(async () => {
    await server?.close();
    if (data) rmSync(data, { recursive: true, force: true });
  });

  const facegate = (...args: string[]) =>
    run(process.execPath, [CLI, ...args, '--data', data], {
      env: {
        ...process.env,
        FACEGATE_ACCESS_KEY_ID: '',
        FACEGATE_SECRET_ACCESS_KEY: '',
        AWS_ACCESS_KEY_ID: '',
      },
      timeout: 60_000,
    });

  it('indexes 山田 花子 by name, logs her search, exports the log and deletes her', async () => {
    const id = personIdFor('山田 花子');
    const indexed = await facegate(
      'faces',
      'index',
      PHOTO,
      '--name',
      '山田 花子',
      '--endpoint',
      server.url,
    );
    expect(JSON.parse(indexed.stdout).FaceRecords[0].Face.ExternalImageId).toBe(id);
    expect(indexed.stderr).toContain(`"山田 花子" is ExternalImageId ${id}`);

    const listed = await facegate('people', 'list');
    expect(listed.stdout).toMatch(new RegExp(`山田 花子\\s+${id}\\s+1`));

    const res = await fetch(`${server.url}/prod/search`, {
      method: 'POST',
      headers: { 'x-api-key': searchKey },
      body: JSON.stringify({ image_base64str: readFileSync(PHOTO).toString('base64') }),
    });
    expect(
      ((await res.json()) as { payloads: { FaceMatches: Array<{ DisplayName: string }> } }).payloads
        .FaceMatches[0]!.DisplayName,
    ).toBe('山田 花子');

    const table = await facegate('log');
    expect(table.stdout).toMatch(/search\s+kiosk, lobby\s+127\.0\.0\.1\s+200\s+山田 花子\s+100\.0/);
    const json = JSON.parse((await facegate('log', '--format', 'json')).stdout);
    expect(json[0]).toMatchObject({
      route: 'search',
      key: 'kiosk, lobby',
      person: '山田 花子',
      person_id: id,
      similarity: 100,
    });
    const out = path.join(data, '..', `${path.basename(data)}-log.csv`);
    await facegate('log', '--format', 'csv', '--output', out, '--since', '1d');
    const csv = readFileSync(out, 'utf8');
    rmSync(out);
    expect(csv.split('\r\n')[0]).toBe(
      'time,route,key,source,imsi,status,person,person_id,similarity,latency_ms',
    );
    expect(csv).toContain(',search,"kiosk, lobby",');

    const deleted = await facegate('people', 'delete', '山田 花子', '--endpoint', server.url);
    expect(deleted.stdout).toContain(`Deleted ${id} and 1 face(s).`);
    expect((await facegate('people', 'list')).stdout).toBe('No people.\n');
    const after = JSON.parse((await facegate('log', '--format', 'json')).stdout);
    expect(after[0]).toMatchObject({ route: 'search', person: 'deleted person', person_id: null });
  });

  it('refuses a data folder without facegate.db instead of creating one', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'facegate-cli-empty-'));
    try {
      const failed = await run(process.execPath, [CLI, 'log', '--data', empty]).catch(
        (e: { code: number; stderr: string }) => e,
      );
      expect((failed as { code: number }).code).not.toBe(0);
      expect((failed as { stderr: string }).stderr).toContain('no facegate.db in');
      expect(existsSync(path.join(empty, 'facegate.db'))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('parses --since and keeps spreadsheet formulas out of CSV', () => {
    expect(parseSince('2d', 10 * 86_400_000)).toBe(8 * 86_400_000);
    expect(parseSince('2026-01-01T00:00:00Z')).toBe(Date.UTC(2026, 0, 1));
    expect(() => parseSince('soon')).toThrow(/--since/);
    const csv = formatLog(
      [
        {
          id: 1,
          at: 0,
          collectionId: 'c',
          route: 'search',
          keyName: '=cmd()',
          status: 200,
          latencyMs: 1,
        },
      ],
      'csv',
    );
    expect(csv).toContain(",'=cmd(),");
  });
});
