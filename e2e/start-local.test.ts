/**
 * `npm start`'s wiring: the server and the SORACOM emulator come up together, the web app is
 * told where this machine's SIM metadata is, the SIM's userdata points at the local Search API
 * with a key that works, and a restart replaces that key.
 */
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../apps/cli/dist/local-stack.js';
import { demoPhoto, engineAvailable, tempDataDir } from './rekognition-support.js';

const hasEngine = await engineAvailable();
const dataDir = tempDataDir('facegate-start-');
const flags = { port: '0', data: dataDir, soracomPort: '0', metadataPort: '0', simPort: '0' };
const quiet = () => {};
let stack: LocalStack | undefined;

afterAll(async () => {
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function userdata(s: LocalStack): Promise<{ apiEndpoint: string; apiKey: string }> {
  const config = (await (await fetch(`${s.server.url}/facegate-config.json`)).json()) as {
    metadataUrl: string;
  };
  const res = await fetch(config.metadataUrl, { headers: { Origin: s.server.url } });
  expect(res.status).toBe(200);
  expect(res.headers.get('access-control-allow-origin')).toBe(s.server.url);
  return JSON.parse(await res.text()) as { apiEndpoint: string; apiKey: string };
}

const search = (url: string, key: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ image_base64str: readFileSync(demoPhoto(1)).toString('base64') }),
  });

describe.skipIf(!hasEngine)('facegate start', () => {
  it('gives this machine a SIM whose userdata reaches the local Search API, with a fresh key each start', async () => {
    stack = await startLocalStack(flags, quiet);
    const first = await userdata(stack);
    expect(first.apiEndpoint).toBe(`${stack.server.url}/prod/search`);
    expect((await search(first.apiEndpoint, first.apiKey)).status).toBe(200);
    await stack.close();

    stack = await startLocalStack(flags, quiet);
    const second = await userdata(stack);
    expect(second.apiKey).not.toBe(first.apiKey);
    expect((await search(second.apiEndpoint, second.apiKey)).status).toBe(200);
    expect((await search(second.apiEndpoint, first.apiKey)).status).toBe(403);
  });
});
