/**
 * `facegate soracom emulator`: runs the SORACOM API and Air metadata emulator in the
 * foreground until interrupted, printing where each SIM's metadata is served.
 * @module
 */
import { readFileSync } from 'node:fs';
import { startSoracomEmulator, type SeedFile } from '@facegate/soracom';
import type { Command } from 'commander';

export const DEFAULT_EMULATOR_API_PORT = 8790;
export const DEFAULT_EMULATOR_METADATA_PORT = 8791;

interface EmulatorOptions {
  state: string;
  seed?: string;
  apiPort: string;
  metadataPort: string;
  addressing: 'auto' | 'address' | 'port';
  localSim?: string | boolean;
  localPort: string;
  devImsiHeader?: boolean;
  quiet?: boolean;
}

function port(v: string, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`${name} must be a port number, not ${v}`);
  return n;
}

function readSeed(path: string): SeedFile {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SeedFile;
  } catch (e) {
    throw new Error(`Cannot read seed ${path}: ${(e as Error).message}`);
  }
}

/**
 * EADDRINUSE as what it almost always means here: `npm start` (facegate start) already runs the
 * emulator on these ports. Undefined for any other error.
 */
export function portInUse(
  err: unknown,
  o: Pick<EmulatorOptions, 'apiPort' | 'metadataPort'>,
): Error | undefined {
  const e = err as { code?: string; port?: number; address?: string };
  if (e?.code !== 'EADDRINUSE') return undefined;
  const where = e.port
    ? `${e.address ?? '127.0.0.1'}:${e.port}`
    : `port ${o.apiPort} or ${o.metadataPort}`;
  return new Error(
    `${where} is already in use: is npm start (facegate start) running? It already runs the SORACOM emulator ` +
      `(API http://127.0.0.1:${o.apiPort}/v1). Otherwise pick other ports with --api-port and --metadata-port.`,
  );
}

export function registerEmulator(soracom: Command): void {
  soracom
    .command('emulator')
    .description('run a local emulator of the SORACOM API and the Air metadata service')
    .option(
      '--state <file>',
      'state file (created from the seed on first start)',
      'data/soracom-emulator.json',
    )
    .option('--seed <file>', 'seed JSON: operators, authKeys, sims (default: the development seed)')
    .option('--api-port <port>', 'API port', String(DEFAULT_EMULATOR_API_PORT))
    .option(
      '--metadata-port <port>',
      'metadata port (shared by every SIM address)',
      String(DEFAULT_EMULATOR_METADATA_PORT),
    )
    .option(
      '--addressing <mode>',
      'auto | address (127.0.0.2, .3, ...) | port (one port per SIM)',
      'auto',
    )
    .option(
      '--local-sim [imsi]',
      "also serve this SIM's metadata on 127.0.0.1 (default: the first SIM)",
    )
    .option('--local-port <port>', 'port for --local-sim', '0')
    .option('--dev-imsi-header', 'development only: let an X-Soracom-Imsi header pick the SIM')
    .option('--quiet', 'do not log requests')
    .action(async (o: EmulatorOptions) => {
      if (!['auto', 'address', 'port'].includes(o.addressing))
        throw new Error('--addressing must be auto, address or port');
      const emu = await startSoracomEmulator({
        stateFile: o.state,
        seed: o.seed ? readSeed(o.seed) : undefined,
        apiPort: port(o.apiPort, '--api-port'),
        metadataPort: port(o.metadataPort, '--metadata-port'),
        metadataAddressing: o.addressing,
        devImsiHeader: o.devImsiHeader ?? false,
        localSim: o.localSim
          ? {
              imsi: typeof o.localSim === 'string' ? o.localSim : undefined,
              port: port(o.localPort, '--local-port'),
            }
          : undefined,
        log: o.quiet ? undefined : (line) => process.stderr.write(`${line}\n`),
      }).catch((err: unknown) => {
        throw portInUse(err, o) ?? err;
      });
      const out = [`SORACOM API      ${emu.apiUrl}`];
      for (const s of emu.sims) {
        out.push(`SIM ${s.imsi}  ${s.metadataUrl}/v1/userdata`);
        out.push(`  beam ${s.beamUrl}  endorse ${s.endorseUrl}`);
      }
      if (emu.localSim)
        out.push(
          `this machine's SIM ${emu.localSim.imsi}  ${emu.localSim.metadataUrl}/v1/userdata`,
          `  beam ${emu.localSim.beamUrl}  endorse ${emu.localSim.endorseUrl}`,
        );
      out.push(`endorse keys     ${emu.endorseJwksUrl}`);
      out.push(
        `auth key ids     ${emu.authKeys.map((k) => k.authKeyId).join(', ')} (secrets in ${o.state})`,
      );
      process.stdout.write(`${out.join('\n')}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await emu.close();
    });
}
