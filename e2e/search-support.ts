/**
 * Shared by the Search API end-to-end tests: raw HTTP requests (with a chosen source address),
 * the `facegate` CLI for keys and plans, and test images.
 * @module
 */
import { execFile, spawn } from 'node:child_process';
import { request } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { repoRoot } from './rekognition-support.js';

const run = promisify(execFile);
const cli = path.join(repoRoot, 'apps/cli/dist/main.js');

/** A parsed reply body; its shape is what the tests assert. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- checked field by field with expect()
export type Json = any;

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Json;
}

/** One HTTP request with node:http, so the client socket can be bound to `localAddress`. */
export function send(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Uint8Array;
    localAddress?: string;
  } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'POST',
        headers: options.headers ?? {},
        localAddress: options.localAddress,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.setTimeout(120_000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** `facegate <args...>`; resolves with stdout. */
export async function facegate(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [cli, ...args], { timeout: 60_000 });
  return stdout;
}

/** `facegate apikeys create ...` and the key from its last line. */
export async function createKey(
  dataDir: string,
  name: string,
  ...extra: string[]
): Promise<string> {
  const out = await facegate('apikeys', 'create', '--name', name, '--data', dataDir, ...extra);
  return out.trimEnd().split('\n').at(-1)!;
}

/** The hands-on's curl script: `echo JSON | curl -X POST URL -H "X-Api-Key: KEY" -d @-` (curl labels it form-urlencoded). */
export function curlPost(
  url: string,
  key: string,
  json: string,
): Promise<{ status: number; json: Json }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'curl',
      ['-s', '-X', 'POST', url, '-H', `X-Api-Key: ${key}`, '-d', '@-', '-w', '\n%{http_code}'],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', () => {
      const nl = out.lastIndexOf('\n');
      resolve({ status: Number(out.slice(nl + 1)), json: JSON.parse(out.slice(0, nl)) });
    });
    child.stdin.end(`${json}\n`);
  });
}

/** A plain grey picture: a valid PNG with no face in it. */
export const facelessPng = (): Promise<Buffer> =>
  sharp({
    create: { width: 200, height: 200, channels: 3, background: { r: 128, g: 128, b: 128 } },
  })
    .png()
    .toBuffer();

export const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
