/**
 * What one Rekognition operation is on the wire: its name in X-Amz-Target, the zod schema of
 * its JSON body, and the call to the RekognitionApi it stands for.
 * @module
 */
import { Errors, type RekognitionApi, type RekognitionUserApi } from '@facegate/core';
import type { z } from 'zod';

/** What the endpoint serves: every RekognitionApi, and the user operations when it has them. */
export type EndpointApi = RekognitionApi & Partial<RekognitionUserApi>;

/** Who sent the request and what of it an operation may read besides its body (signed by then). */
export interface Caller {
  /** The region the client signed for (its verified SigV4 credential scope). */
  region: string;
  headers: Headers;
}

export interface Operation<S extends z.ZodType = z.ZodType> {
  name: string;
  input: S;
  run(api: EndpointApi, input: z.output<S>, caller: Caller): Promise<unknown>;
}

/**
 * A collection ARN as seen from the caller's region. Rekognition collections live in the region
 * the request went to, so the ARN names the region the client signed for, whatever region the
 * store wrote when the collection was made (one facegate serves every region it is asked for).
 */
export const arnInRegion = (arn: string, region: string): string =>
  arn.replace(/^(aws:rekognition:)[^:]*:/, `$1${region}:`);

/** A user operation of the api, or UnknownOperationException when this api has none. */
export function userOperation<K extends keyof RekognitionUserApi>(
  api: EndpointApi,
  name: K,
): RekognitionUserApi[K] {
  const method = api[name];
  if (typeof method !== 'function')
    throw Errors.unknownOperation(`Operation ${name} is not supported here.`);
  return method.bind(api) as RekognitionUserApi[K];
}

/** Keeps each operation file to its schema and one call, with the input type inferred. */
export const defineOperation = <S extends z.ZodType>(op: Operation<S>): Operation<S> => op;
