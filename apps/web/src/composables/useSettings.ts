/**
 * The settings in use, shared by every page: read from the SIM's metadata service on open,
 * else the manual settings kept on the phone. Keys that came from the SIM are kept in memory
 * only, so a phone that leaves the SIM group keeps no key.
 * @module
 */
import { reactive, readonly } from 'vue';
import {
  DEFAULT_METADATA_URL,
  DEFAULT_THRESHOLD,
  fetchServerMetadataUrl,
  fetchUserdata,
  loadManual,
  loadMetadataUrl,
  normalizeMetadataUrl,
  saveManual,
  saveMetadataUrl,
  type ApiSettings,
  type SettingsSource,
} from '../lib/settings.js';

interface SettingsState {
  settings: ApiSettings;
  source: SettingsSource;
  metadataUrl: string;
  /** True while the metadata service is being asked. */
  loading: boolean;
  /** True when the last SIM read failed. */
  simFailed: boolean;
}

const state = reactive<SettingsState>({
  settings: { apiEndpoint: '', apiKey: '', threshold: DEFAULT_THRESHOLD },
  source: 'none',
  metadataUrl: DEFAULT_METADATA_URL,
  loading: false,
  simFailed: false,
});

let serverHint: Promise<string | undefined> | undefined;
let ready: Promise<void> | undefined;

function useManual(): void {
  const manual = loadManual(localStorage);
  if (manual) {
    state.settings = manual;
    state.source = 'manual';
  } else {
    state.source = 'none';
  }
}

/** Asks the metadata service again; falls back to the manual settings. */
async function reloadFromSim(): Promise<boolean> {
  state.loading = true;
  try {
    const fromSim = await fetchUserdata(state.metadataUrl, 1000);
    if (fromSim) {
      state.settings = fromSim;
      state.source = 'sim';
      state.simFailed = false;
      return true;
    }
    state.simFailed = true;
    useManual();
    return false;
  } finally {
    state.loading = false;
  }
}

async function init(): Promise<void> {
  // The user's own metadata URL wins; else the one facegate's server names; else SORACOM's.
  const userUrl = loadMetadataUrl(localStorage);
  serverHint ??= fetchServerMetadataUrl();
  const hinted = userUrl ? undefined : await serverHint;
  state.metadataUrl = userUrl ?? hinted ?? DEFAULT_METADATA_URL;
  useManual();
  await reloadFromSim();
}

/** Saves settings typed by the user; they become the settings in use. */
function saveManualSettings(s: ApiSettings, metadataUrl: string): void {
  setMetadataUrl(metadataUrl);
  state.settings = { ...s };
  state.source = 'manual';
  saveManual(localStorage, s);
}

/** Changes the metadata URL (kept on the phone when it is not SORACOM's) without reading it. */
function setMetadataUrl(metadataUrl: string): void {
  const url = normalizeMetadataUrl(metadataUrl) || DEFAULT_METADATA_URL;
  saveMetadataUrl(localStorage, url !== DEFAULT_METADATA_URL ? url : undefined);
  state.metadataUrl = url;
}

/** The shared settings state (read-only) and its actions. Reads the SIM on first use. */
export function useSettings() {
  ready ??= init();
  /** Resolves once the first read (server hint, SIM, stored settings) is over. */
  const whenReady = (): Promise<void> => ready ?? Promise.resolve();
  return { state: readonly(state), whenReady, reloadFromSim, saveManualSettings, setMetadataUrl };
}
