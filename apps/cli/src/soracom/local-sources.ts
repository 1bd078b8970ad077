/**
 * Where `soracom setup --from-local` and `--from-aws` take the Search API's endpoint and key
 * from. `--from-local` creates a fresh key in the local data folder's facegate.db (the same
 * store `facegate serve` checks keys against); `--from-aws` reads the deployed AWS stack's
 * outputs and its API key's value.
 * @module
 */

export interface SearchApiTarget {
  apiEndpoint: string;
  apiKey: string;
}

/** The local server's address when none is given (`facegate serve`'s defaults). */
export const DEFAULT_LOCAL_BASE_URL = 'http://127.0.0.1:8080';
/** API Gateway's stage name in the hands-on, which the local Search API mirrors. */
export const LOCAL_STAGE = 'prod';

export interface FromLocalOptions {
  /** The data folder holding facegate.db (default `data`). */
  dataDir?: string;
  /** Base URL the phone reaches the local server at (default http://127.0.0.1:8080). */
  baseUrl?: string;
  /** Names the key, so `facegate apikeys list` shows what it is for. */
  keyName: string;
  /** A dry run creates nothing: it shows a placeholder key instead. */
  dryRun?: boolean;
  /** The key the group holds now: reused when the local store still accepts it. */
  currentKey?: string;
}

/** The local Search API URL a phone posts to. */
export function localEndpoint(baseUrl: string | undefined): string {
  return `${(baseUrl ?? DEFAULT_LOCAL_BASE_URL).replace(/\/+$/, '')}/${LOCAL_STAGE}/search`;
}

/** Creates a `search`-scoped API key in the local data folder and returns it with the URL. */
export async function searchApiFromLocal(o: FromLocalOptions): Promise<SearchApiTarget> {
  const apiEndpoint = localEndpoint(o.baseUrl);
  if (o.dryRun) return { apiEndpoint, apiKey: '{new-local-api-key}' };
  // Loaded only here: the rest of `facegate soracom` needs no SQLite.
  const { openDatabase } = await import('@facegate/store');
  const { ApiKeyStore } = await import('@facegate/api/search/keys/index');
  const db = openDatabase(o.dataDir ?? process.env['FACEGATE_DATA'] ?? 'data');
  try {
    const store = new ApiKeyStore(db);
    // Reusing a still-valid key keeps a second setup from changing anything.
    if (o.currentKey && store.verify(o.currentKey)) return { apiEndpoint, apiKey: o.currentKey };
    const { key } = store.createKey({ name: o.keyName, scopes: ['search', 'recognize'] });
    return { apiEndpoint, apiKey: key };
  } finally {
    db.close();
  }
}

/**
 * Reads the deployed stack's outputs: the /search URL and the API key's value, fetched from
 * API Gateway (CloudFormation never outputs key values).
 */
export async function searchApiFromAws(options: {
  stackName?: string;
  region?: string;
  endpoint?: string;
}): Promise<SearchApiTarget> {
  // Loaded only here: the rest of `facegate soracom` needs no AWS SDK.
  const { getStackOutputs } = await import('../aws/outputs.js');
  const out = await getStackOutputs({
    stack: options.stackName,
    region: options.region,
    endpoint: options.endpoint,
  });
  if (!out.apiKey) throw new Error(`stack ${out.stackName} gave no API key value`);
  return { apiEndpoint: out.searchUrl, apiKey: out.apiKey };
}
