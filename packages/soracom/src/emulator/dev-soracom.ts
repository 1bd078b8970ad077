/**
 * What `npm start` needs from the SORACOM side in one call: the emulator with the development
 * seed, a development group whose userdata points at the local Search API, and the
 * development SIM in it, its metadata also served on 127.0.0.1 so a browser on this machine
 * reads its settings exactly as a phone on a SORACOM SIM would.
 * @module
 */
import { SoracomClient } from '../client/soracom.client.js';
import { provisionGroup } from '../provision/provision-group.js';
import { DEV_SIM_A_IMSI } from './dev-seed.js';
import {
  startSoracomEmulator,
  type SoracomEmulator,
  type SoracomEmulatorOptions,
} from './emulator.js';

/** The development group's name. */
export const DEV_GROUP_NAME = 'facegate-dev';

export interface DevSoracomOptions extends Pick<
  SoracomEmulatorOptions,
  'stateFile' | 'apiPort' | 'metadataPort' | 'log'
> {
  /** The local Search API URL, e.g. `http://127.0.0.1:8080/prod/search`. */
  apiEndpoint: string;
  /** A development API key the local Search API accepts. */
  apiKey: string;
  /** The web app's origin (Access-Control-Allow-Origin), e.g. `http://127.0.0.1:8080`. */
  allowOrigin?: string;
  threshold?: number;
  /** Port of "this machine's SIM" on 127.0.0.1 (default 0: any free port). */
  localSimPort?: number;
}

export interface DevSoracom {
  emulator: SoracomEmulator;
  groupId: string;
  /** Where a browser on this machine reads its settings: append `/v1/userdata`. */
  metadataUrl: string;
}

/**
 * Starts the emulator and provisions the development group (idempotent across restarts: the
 * state file keeps the group, and a changed key or endpoint is simply written again).
 * @example
 * const dev = await startDevSoracom({ stateFile: 'data/soracom-emulator.json', apiEndpoint, apiKey });
 * // the web app fetches `${dev.metadataUrl}/v1/userdata`
 */
export async function startDevSoracom(o: DevSoracomOptions): Promise<DevSoracom> {
  const emulator = await startSoracomEmulator({
    stateFile: o.stateFile,
    apiPort: o.apiPort,
    metadataPort: o.metadataPort,
    log: o.log,
    localSim: { imsi: DEV_SIM_A_IMSI, port: o.localSimPort ?? 0 },
  });
  try {
    const [key] = emulator.authKeys;
    if (!key) throw new Error(`${o.stateFile} holds no auth key to provision with`);
    const client = new SoracomClient({ endpoint: emulator.apiUrl });
    await client.authenticate(key);
    const { groupId } = await provisionGroup(client, {
      group: DEV_GROUP_NAME,
      apiEndpoint: o.apiEndpoint,
      apiKey: o.apiKey,
      threshold: o.threshold,
      allowOrigin: o.allowOrigin,
      imsis: [DEV_SIM_A_IMSI],
    });
    return { emulator, groupId, metadataUrl: emulator.localSim!.metadataUrl };
  } catch (e) {
    await emulator.close();
    throw e;
  }
}
