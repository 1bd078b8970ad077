/**
 * Where `soracom setup --from-local` and `--from-aws` take the Search API's endpoint and key
 * from. Both belong to other parts of facegate (the local API-key store, the AWS stack's
 * outputs); until those land, each says so plainly rather than guessing.
 * @module
 */

export interface SearchApiTarget {
  apiEndpoint: string;
  apiKey: string;
}

/**
 * Creates a fresh API key in the local data folder's SQLite and returns it with the local
 * Search API's URL. Not available yet: the in-process key creation of the Search API is not
 * exported for the CLI to call.
 */
export async function searchApiFromLocal(_options: {
  dataDir?: string;
  baseUrl?: string;
}): Promise<SearchApiTarget> {
  throw new Error(
    '--from-local is not available yet: the local Search API does not export in-process API-key creation; pass --api-endpoint and --api-key',
  );
}

/** Reads the deployed stack's outputs (API URL and key). Not available yet. */
export async function searchApiFromAws(_options: {
  stackName?: string;
  region?: string;
}): Promise<SearchApiTarget> {
  throw new Error(
    '--from-aws is not available yet: the AWS stack outputs are not readable from the CLI; pass --api-endpoint and --api-key',
  );
}
