/**
 * `facegate soracom emulator` while something (npm start, usually) holds its port: the message
 * says npm start already runs the emulator, instead of a bare EADDRINUSE. A real process.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/main.js');
const dir = mkdtempSync(path.join(tmpdir(), 'facegate-emu-'));
let holder: Server | undefined;
afterAll(() => {
  holder?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('facegate soracom emulator', { timeout: 60_000 }, () => {
  it('says that npm start already runs the emulator when its port is taken', async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder!.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };
    const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [
          CLI,
          'soracom',
          'emulator',
          '--api-port',
          String(port),
          '--metadata-port',
          '0',
          '--state',
          path.join(dir, 'state.json'),
          '--quiet',
        ],
        { timeout: 30_000 },
        (err, _stdout, stderr) => resolve({ code: err ? Number(err.code) || 1 : 0, stderr }),
      );
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      `facegate: 127.0.0.1:${port} is already in use: is npm start (facegate start) running? It already runs the SORACOM emulator (API http://127.0.0.1:${port}/v1). Otherwise pick other ports with --api-port and --metadata-port.`,
    ]);
  });
});
