/**
 * Starts the SORACOM emulator: the API subset on one listener, and the metadata service, Beam's
 * HTTP entry point and Endorse on one listener per SIM each, all over one persisted state. SIM n is reached at its own loopback address
 * (SIM 1 → 127.0.0.2, SIM 2 → 127.0.0.3, ... on a shared port), as a SIM is known by its
 * connection on the real network; where those addresses cannot be bound (macOS binds only
 * 127.0.0.1 by default) each SIM gets its own port on 127.0.0.1 instead.
 * @module
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiHandler } from './api.server.js';
import { createBeamHandler } from './beam.server.js';
import { ENDORSE_KEYS_PATH } from './endorse.key.js';
import { createEndorseHandler } from './endorse.server.js';
import { createMetadataHandler } from './metadata.server.js';
import type { SeedFile } from './seed.schema.js';
import { EmulatorStore, type StoredAuthKey } from './state.store.js';

export interface SoracomEmulatorOptions {
  /** Where the state lives; created from `seed` on first start. */
  stateFile: string;
  /** Used only when `stateFile` does not exist yet; the development seed when absent. */
  seed?: SeedFile;
  /** Default 127.0.0.1. */
  apiHost?: string;
  /** Default 0 (any free port). */
  apiPort?: number;
  /** SIM 1's metadata address in `address` mode (default 127.0.0.2); SIM n adds n-1. */
  metadataHost?: string;
  /** The shared metadata port in `address` mode, SIM 1's port in `port` mode. Default 0. */
  metadataPort?: number;
  /** `address`: one loopback address per SIM; `port`: one port per SIM on 127.0.0.1; `auto` (default) tries `address` first. */
  metadataAddressing?: 'auto' | 'address' | 'port';
  /** Development only: let `X-Soracom-Imsi` pick the SIM on any metadata listener. */
  devImsiHeader?: boolean;
  /** Beam's HTTP entry point: the shared port in `address` mode, SIM 1's in `port` mode. Default 0. */
  beamPort?: number;
  /** Endorse: the shared port in `address` mode, SIM 1's in `port` mode. Default 0. */
  endorsePort?: number;
  /** Also serve one SIM's metadata, Beam and Endorse on 127.0.0.1 ("this machine's SIM", for a local browser). */
  localSim?: { imsi?: string; host?: string; port?: number };
  /** One line per request (method, path, status) and per internal error; never bodies or keys. */
  log?: (line: string) => void;
}

export interface EmulatedSim {
  imsi: string;
  /** Metadata base URL for this SIM, like `http://metadata.soracom.io` (append `/v1/userdata`). */
  metadataUrl: string;
  /** Beam's HTTP entry point for this SIM, like `http://beam.soracom.io:8888`. */
  beamUrl: string;
  /** Endorse for this SIM, like `https://endorse.soracom.io` (GET it for a token). */
  endorseUrl: string;
}

export interface SoracomEmulator {
  /** API base URL, like `https://api.soracom.io/v1`. */
  apiUrl: string;
  /** The metadata base URL of one SIM; throws for an IMSI the emulator does not serve. */
  simMetadataUrl(imsi: string): string;
  /** The emulator's Endorse public keys as a JWKS (give it to `facegate serve --endorse-jwks-url`). */
  endorseJwksUrl: string;
  /** The same keys as PEM files named by `kid`, like SORACOM's public key repository. */
  endorseKeyBaseUrl: string;
  sims: EmulatedSim[];
  /** "This machine's SIM": set when `localSim` was asked for. */
  localSim?: EmulatedSim;
  addressing: 'address' | 'port';
  /** The auth keys (ids and secrets) the state holds, e.g. for `npm start` to provision with. */
  authKeys: StoredAuthKey[];
  store: EmulatorStore;
  close(): Promise<void>;
}

const MAX_PORT_RETRIES = 5;

function listen(handler: RequestListener, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(handler);
    // A malformed request line is answered and dropped; it must never bring the process down.
    server.on('clientError', (_e, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

const portOf = (s: Server): number => (s.address() as AddressInfo).port;

function closeServer(s: Server): Promise<void> {
  return new Promise((resolve) => {
    s.close(() => resolve());
    s.closeAllConnections();
  });
}

function nthAddress(first: string, n: number): string {
  const parts = first.split('.').map(Number);
  const last = (parts[3] ?? 0) + n;
  if (parts.length !== 4 || last > 254)
    throw new Error(`Too many SIMs for loopback addresses from ${first}`);
  return `${parts[0]}.${parts[1]}.${parts[2]}.${last}`;
}

const urlOf = (host: string, port: number) => `http://${host}:${port}`;

/** Binds every SIM on its own address, sharing one port; retries if a later address's port is taken. */
async function bindByAddress(
  handlers: RequestListener[],
  firstHost: string,
  port: number,
): Promise<Array<{ server: Server; url: string }>> {
  for (let attempt = 0; ; attempt++) {
    const bound: Array<{ server: Server; url: string }> = [];
    try {
      let shared = port;
      for (const [i, h] of handlers.entries()) {
        const host = nthAddress(firstHost, i);
        const server = await listen(h, host, shared);
        shared = portOf(server);
        bound.push({ server, url: urlOf(host, shared) });
      }
      return bound;
    } catch (e) {
      await Promise.all(bound.map((b) => closeServer(b.server)));
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' || port !== 0 || attempt >= MAX_PORT_RETRIES) throw e;
    }
  }
}

async function bindByPort(
  handlers: RequestListener[],
  port: number,
): Promise<Array<{ server: Server; url: string }>> {
  const bound: Array<{ server: Server; url: string }> = [];
  try {
    for (const [i, h] of handlers.entries()) {
      const server = await listen(h, '127.0.0.1', port === 0 ? 0 : port + i);
      bound.push({ server, url: urlOf('127.0.0.1', portOf(server)) });
    }
    return bound;
  } catch (e) {
    await Promise.all(bound.map((b) => closeServer(b.server)));
    throw e;
  }
}

/**
 * Starts the emulator.
 * @example
 * const emu = await startSoracomEmulator({ stateFile: 'data/soracom.json' });
 * await fetch(`${emu.simMetadataUrl(emu.sims[0].imsi)}/v1/userdata`);
 * await emu.close();
 */
export async function startSoracomEmulator(
  options: SoracomEmulatorOptions,
): Promise<SoracomEmulator> {
  const log = options.log ?? (() => {});
  const store = EmulatorStore.open(options.stateFile, options.seed);
  const imsis = store.imsis();
  const handlers = imsis.map((imsi) =>
    createMetadataHandler(store, { imsi, devImsiHeader: options.devImsiHeader, log }),
  );
  const servers: Server[] = [];
  try {
    const api = await listen(
      createApiHandler(store, log),
      options.apiHost ?? '127.0.0.1',
      options.apiPort ?? 0,
    );
    servers.push(api);
    const mode = options.metadataAddressing ?? 'auto';
    const port = options.metadataPort ?? 0;
    let addressing: 'address' | 'port' = mode === 'port' ? 'port' : 'address';
    let bound: Array<{ server: Server; url: string }>;
    if (addressing === 'address') {
      try {
        bound = await bindByAddress(handlers, options.metadataHost ?? '127.0.0.2', port);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (mode !== 'auto' || code !== 'EADDRNOTAVAIL') throw e;
        log(
          'loopback addresses beyond 127.0.0.1 are not available; one metadata port per SIM instead',
        );
        addressing = 'port';
        bound = await bindByPort(handlers, port);
      }
    } else {
      bound = await bindByPort(handlers, port);
    }
    servers.push(...bound.map((b) => b.server));
    // Beam and Endorse know the SIM the same way: one listener per SIM, same addressing.
    const bindSet = async (handlers: RequestListener[], p: number) => {
      const b =
        addressing === 'address'
          ? await bindByAddress(handlers, options.metadataHost ?? '127.0.0.2', p)
          : await bindByPort(handlers, p);
      servers.push(...b.map((x) => x.server));
      return b;
    };
    const beams = await bindSet(
      imsis.map((imsi) => createBeamHandler(store, { imsi, log })),
      options.beamPort ?? 0,
    );
    const endorses = await bindSet(
      imsis.map((imsi) => createEndorseHandler(store, { imsi, log })),
      options.endorsePort ?? 0,
    );
    const sims = imsis.map((imsi, i) => ({
      imsi,
      metadataUrl: bound[i]!.url,
      beamUrl: beams[i]!.url,
      endorseUrl: endorses[i]!.url,
    }));

    let localSim: EmulatedSim | undefined;
    if (options.localSim) {
      const imsi = options.localSim.imsi ?? imsis[0];
      if (!imsi || !imsis.includes(imsi))
        throw new Error(`localSim: no seeded SIM with IMSI ${imsi ?? '(none)'}`);
      const host = options.localSim.host ?? '127.0.0.1';
      const s = await listen(
        createMetadataHandler(store, { imsi, devImsiHeader: options.devImsiHeader, log }),
        host,
        options.localSim.port ?? 0,
      );
      servers.push(s);
      const beam = await listen(createBeamHandler(store, { imsi, log }), host, 0);
      servers.push(beam);
      const endorse = await listen(createEndorseHandler(store, { imsi, log }), host, 0);
      servers.push(endorse);
      localSim = {
        imsi,
        metadataUrl: urlOf(host, portOf(s)),
        beamUrl: urlOf(host, portOf(beam)),
        endorseUrl: urlOf(host, portOf(endorse)),
      };
    }

    const apiBase = urlOf(options.apiHost ?? '127.0.0.1', portOf(api));
    return {
      apiUrl: `${apiBase}/v1`,
      endorseJwksUrl: `${apiBase}${ENDORSE_KEYS_PATH}jwks.json`,
      endorseKeyBaseUrl: `${apiBase}${ENDORSE_KEYS_PATH}`,
      simMetadataUrl(imsi: string): string {
        const sim = sims.find((s) => s.imsi === imsi);
        if (!sim) throw new Error(`The emulator serves no SIM with IMSI ${imsi}`);
        return sim.metadataUrl;
      },
      sims,
      localSim,
      addressing,
      authKeys: store.authKeys(),
      store,
      close: async () => {
        await Promise.all(servers.map(closeServer));
      },
    };
  } catch (e) {
    await Promise.all(servers.map(closeServer));
    throw e;
  }
}
