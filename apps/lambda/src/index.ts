/**
 * The Search API as an AWS Lambda behind API Gateway (REST API, Lambda proxy integration):
 * the same app as `facegate serve`, with Amazon Rekognition reached through the AWS SDK v3.
 *
 * Environment: FACEGATE_COLLECTION (or COLLECTION_ID) the collection, AWS_REGION, and
 * REKOGNITION_ENDPOINT to talk to another Rekognition endpoint (facegate serve, in tests);
 * FACEGATE_STAGE (default `prod`); FACEGATE_SCOPES (default `search,recognize`).
 *
 * API keys: on AWS, API Gateway checks `x-api-key` and enforces the usage plan before this
 * function runs, so the authorizer here is a pass-through that grants FACEGATE_SCOPES.
 * Expose `/faces` (scope enroll) only through a method whose keys you trust to enrol people.
 *
 * SIM identity (issue 15): with FACEGATE_SIM_AUTH on, requests under `/sim/` (a resource with
 * no API key) are served only to SIMs SORACOM vouched for (Beam, Endorse) on the allowlist;
 * see ./sim.app.ts.
 * @module
 */
import { createSearchApp, passThroughAuthorizer, type Scope } from '@facegate/api/search/index';
import { toProxyResult, toRequest, type ProxyEvent, type ProxyResult } from './proxy-event.js';
import { rekognitionFaceSearch } from './rekognition-sdk.adapter.js';
import { allowlistAuthorizer, simConfigFromEnv, simVerifiersFor } from './sim.app.js';

export type { ProxyEvent, ProxyResult } from './proxy-event.js';

const env = process.env;
const stage = env.FACEGATE_STAGE || 'prod';
const scopes = (env.FACEGATE_SCOPES || 'search,recognize')
  .split(',')
  .map((s) => s.trim()) as Scope[];

const faces = rekognitionFaceSearch({
  ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}),
  ...(env.REKOGNITION_ENDPOINT ? { endpoint: env.REKOGNITION_ENDPOINT } : {}),
});
const collectionId = env.FACEGATE_COLLECTION || env.COLLECTION_ID || 'default';
// CloudWatch gets the details of unexpected errors (and SIM lines); the client gets `[FAILED]...` only.
const log = (line: string) => console.error(line);

// Built once per container, during the cold start, and reused by every invocation.
const app = createSearchApp({
  faces,
  collectionId,
  authorizer: passThroughAuthorizer(scopes),
  stage,
  log,
});

/** Under `/sim/`: SIMs only (Beam or Endorse, on the allowlist); built on the first such request. */
const simConfig = simConfigFromEnv(env);
type SearchApp = ReturnType<typeof createSearchApp>;
let simApp: Promise<SearchApp> | undefined;
function getSimApp(): Promise<SearchApp> {
  if (!simConfig) throw new Error('SIM identity is not configured (FACEGATE_SIM_AUTH)');
  simApp ??= simVerifiersFor(simConfig).then((sim) =>
    createSearchApp({
      faces,
      collectionId,
      authorizer: allowlistAuthorizer(simConfig.allowlist),
      sim,
      apiKeys: false,
      stage,
      log,
    }),
  );
  // A failed start (the secret unreadable) is retried by the next request, not cached.
  simApp.catch(() => (simApp = undefined));
  return simApp;
}

/** Lambda entry point (API Gateway REST proxy events). */
export async function handler(event: ProxyEvent): Promise<ProxyResult> {
  try {
    const path = event?.path ?? '';
    if (simConfig && /^\/sim(\/|$)/.test(path)) {
      const sim = await getSimApp();
      const inner = { ...event, path: path.slice('/sim'.length) || '/' };
      return await toProxyResult(await sim.fetch(toRequest(inner, stage)));
    }
    return await toProxyResult(await app.fetch(toRequest(event ?? {}, stage)));
  } catch (err) {
    console.error('search lambda: could not handle the event:', err);
    return {
      statusCode: 500,
      headers: { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' },
      body: JSON.stringify({ msg: '[FAILED]An error occurred : bad event' }),
      isBase64Encoded: false,
    };
  }
}
