/**
 * The whole of facegate on one machine, as `npm start` runs it: the server (Rekognition
 * endpoint, Search API, web app) and the SORACOM emulator whose development SIM group's
 * userdata points at the local Search API with a key created for it at this start.
 * @module
 */
import path from 'node:path';
import { ApiKeyStore } from '@facegate/api/search/keys/index';
import { loadConfig, startServer, type RunningServer } from '@facegate/server';
import { startDevSoracom, type DevSoracom } from '@facegate/soracom';

export interface LocalStackFlags {
  port?: string;
  host?: string;
  data?: string;
  collection?: string;
  soracomPort?: string;
  metadataPort?: string;
  simPort?: string;
}

export interface LocalStack {
  server: RunningServer;
  soracom: DevSoracom;
  /** The Search API URL the development SIM's userdata points at. */
  searchUrl: string;
  close(): Promise<void>;
}

/** The development SIM's key: replaced at every start, so an old one never lingers. */
export const DEV_SIM_KEY_NAME = 'npm start: development SIM';
/** The operator's enrolment key: created once, printed once. */
export const DEV_OPERATOR_KEY_NAME = 'npm start: operator (enroll)';

function port(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${flag} must be a port number`);
  return n;
}

/**
 * Starts the server and the emulator and provisions the development SIM group.
 * @example
 * const stack = await startLocalStack({ port: '0', data: tmp, soracomPort: '0', metadataPort: '0', simPort: '0' });
 * await fetch(`${stack.soracom.metadataUrl}/v1/userdata`); // {"apiEndpoint": ".../prod/search", ...}
 */
export async function startLocalStack(
  flags: LocalStackFlags,
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<LocalStack> {
  const config = loadConfig(flags);
  const server = await startServer(config, { log });
  try {
    const keys = new ApiKeyStore(server.ctx.db);
    keys.revokeKey(DEV_SIM_KEY_NAME);
    const simKey = keys.createKey({ name: DEV_SIM_KEY_NAME, scopes: ['search', 'recognize'] });
    const operatorKey = keys
      .listKeys()
      .some((k) => k.name === DEV_OPERATOR_KEY_NAME && k.revokedAt === undefined)
      ? undefined
      : keys.createKey({ name: DEV_OPERATOR_KEY_NAME, scopes: ['search', 'recognize', 'enroll'] });

    const stage = config.stage ?? 'prod';
    const searchUrl = `${server.url}/${stage}/search`;
    const soracom = await startDevSoracom({
      stateFile: path.join(config.dataDir, 'soracom-emulator.json'),
      apiEndpoint: searchUrl,
      apiKey: simKey.key,
      allowOrigin: server.url,
      apiPort: port(flags.soracomPort, '--soracom-port'),
      metadataPort: port(flags.metadataPort, '--metadata-port'),
      localSimPort: port(flags.simPort, '--sim-port'),
    });
    // The SIM's metadata address is known only once the emulator is bound; the web mount
    // reads it per request, so the app served from here finds it.
    server.ctx.config.metadataUrl = `${soracom.metadataUrl}/v1/userdata`;

    log('');
    log(`web app:                 ${server.url}/`);
    log(`Rekognition endpoint:    ${server.url}/  (aws rekognition --endpoint-url ${server.url})`);
    log(`Search API:              ${searchUrl}`);
    log(`SORACOM API emulator:    ${soracom.emulator.apiUrl}`);
    log(`this machine's SIM:      ${soracom.metadataUrl}/v1/userdata  (group facegate-dev)`);
    if (operatorKey) {
      log(
        `operator API key for enrolment (printed once; make more with facegate apikeys create --scopes enroll):`,
      );
      log(`  ${operatorKey.key}`);
    }
    return {
      server,
      soracom,
      searchUrl,
      async close() {
        await soracom.emulator.close();
        await server.close();
      },
    };
  } catch (err) {
    await server.close();
    throw err;
  }
}
