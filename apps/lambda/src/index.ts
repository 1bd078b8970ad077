/**
 * The Search API as an AWS Lambda behind API Gateway (REST, Lambda proxy integration).
 * This first version answers every event with 503 until the search app is wired in; the
 * exported `handler` name and the file path are stable (the CDK stack points at them).
 * @module
 */

/** API Gateway REST proxy event, as far as the handler reads it. */
export interface ProxyEvent {
  body?: unknown;
  isBase64Encoded?: boolean;
  headers?: Record<string, string | undefined> | null;
  httpMethod?: string;
  path?: string;
}

export interface ProxyResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}

/** Lambda entry point. */
export async function handler(_event: ProxyEvent): Promise<ProxyResult> {
  return {
    statusCode: 503,
    headers: { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' },
    body: JSON.stringify({ msg: '[FAILED]not ready' }),
  };
}
