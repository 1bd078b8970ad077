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
 * @module
 */
import { createSearchApp, passThroughAuthorizer, type Scope } from '@facegate/api/search/index';
import { toProxyResult, toRequest, type ProxyEvent, type ProxyResult } from './proxy-event.js';
import { rekognitionFaceSearch } from './rekognition-sdk.adapter.js';

export type { ProxyEvent, ProxyResult } from './proxy-event.js';

const env = process.env;
const stage = env.FACEGATE_STAGE || 'prod';
const scopes = (env.FACEGATE_SCOPES || 'search,recognize')
  .split(',')
  .map((s) => s.trim()) as Scope[];

// Built once per container, during the cold start, and reused by every invocation.
const app = createSearchApp({
  faces: rekognitionFaceSearch({
    ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}),
    ...(env.REKOGNITION_ENDPOINT ? { endpoint: env.REKOGNITION_ENDPOINT } : {}),
  }),
  collectionId: env.FACEGATE_COLLECTION || env.COLLECTION_ID || 'default',
  authorizer: passThroughAuthorizer(scopes),
  stage,
  // CloudWatch gets the details of unexpected errors; the client gets `[FAILED]...` only.
  log: (line) => console.error(line),
});

/** Lambda entry point (API Gateway REST proxy events). */
export async function handler(event: ProxyEvent): Promise<ProxyResult> {
  try {
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
