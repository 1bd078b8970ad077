/**
 * The deployed stack's outputs, by their stable keys (./output-keys.ts), and the API
 * key's value, which CloudFormation never outputs and API Gateway gives on request.
 * @module
 */
import { GetApiKeyCommand, APIGatewayClient } from '@aws-sdk/client-api-gateway';
import {
  CloudFormationClient,
  DescribeStacksCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { Errors } from '@facegate/core';
import { clientSettings, stackNameOf, type AwsOptions } from './aws-options.js';
import { OUTPUT_KEYS } from './output-keys.js';

export { OUTPUT_KEYS };

/** What `facegate aws outputs` prints. */
export interface PrintedOutputs {
  /** `https://.../prod/search`: the phone's `apiEndpoint`. */
  searchUrl: string;
  /** The API key's value (`x-api-key`), or null when not requested. */
  apiKey: string | null;
  /** `http://<bucket>.s3-website-<region>.amazonaws.com`, or null when deployed without website. */
  websiteUrl: string | null;
  collectionId: string;
  bucketName: string;
}

/** The stack's outputs, plus where they were read from. */
export interface StackOutputs extends PrintedOutputs {
  stackName: string;
  apiKeyId: string;
  /** The region the stack was read in (from the API's URL when no region was given). */
  region: string | undefined;
}

export interface GetStackOutputsOptions extends AwsOptions {
  /** Fetch the API key's value with GetApiKey includeValue (default true). */
  withApiKeyValue?: boolean;
}

/**
 * Reads the facegate stack's outputs with DescribeStacks and, unless told not to, the API
 * key's value with GetApiKey (includeValue).
 *
 * @example
 * const out = await getStackOutputs({ stack: 'Facegate', region: 'ap-northeast-1' });
 * // out.searchUrl, out.apiKey -> the SORACOM userdata {"apiEndpoint","apiKey"}
 * @throws ResourceNotFoundException when the stack does not exist or has no facegate outputs.
 */
export async function getStackOutputs(options: GetStackOutputsOptions = {}): Promise<StackOutputs> {
  const stackName = stackNameOf(options);
  const stack = await describeStack(stackName, options);
  const values = new Map(
    (stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
  );
  const required = (key: string): string => {
    const value = values.get(key);
    if (!value) {
      throw Errors.resourceNotFound(
        `stack ${stackName} (${stack.StackStatus ?? 'unknown status'}) has no output ${key}; is it a facegate stack, fully deployed?`,
      );
    }
    return value;
  };
  const searchUrl = required(OUTPUT_KEYS.searchUrl);
  const apiKeyId = required(OUTPUT_KEYS.apiKeyId);
  const out: StackOutputs = {
    stackName,
    region: options.region ?? regionOfUrl(searchUrl),
    searchUrl,
    apiKeyId,
    apiKey: null,
    websiteUrl: values.get(OUTPUT_KEYS.websiteUrl) || null,
    collectionId: required(OUTPUT_KEYS.collectionId),
    bucketName: required(OUTPUT_KEYS.bucketName),
  };
  if (options.withApiKeyValue !== false) out.apiKey = await apiKeyValue(apiKeyId, options);
  return out;
}

/** The five fields `facegate aws outputs` prints, in a stable order. */
export function printable(out: StackOutputs): PrintedOutputs {
  const { searchUrl, apiKey, websiteUrl, collectionId, bucketName } = out;
  return { searchUrl, apiKey, websiteUrl, collectionId, bucketName };
}

async function describeStack(stackName: string, options: AwsOptions): Promise<Stack> {
  const client = new CloudFormationClient(clientSettings('cloudformation', options));
  try {
    const res = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = res.Stacks?.[0];
    if (!stack) throw Errors.resourceNotFound(`stack ${stackName} not found`);
    return stack;
  } catch (err) {
    // CloudFormation answers a missing stack with a generic ValidationError.
    if (
      (err as Error).name === 'ValidationError' &&
      /does not exist/.test((err as Error).message)
    ) {
      throw Errors.resourceNotFound(
        `stack ${stackName} does not exist; deploy it with npm run aws:deploy`,
      );
    }
    throw err;
  } finally {
    client.destroy();
  }
}

async function apiKeyValue(apiKeyId: string, options: AwsOptions): Promise<string> {
  const client = new APIGatewayClient(clientSettings('apigateway', options));
  try {
    const key = await client.send(new GetApiKeyCommand({ apiKey: apiKeyId, includeValue: true }));
    if (!key.value) throw Errors.resourceNotFound(`API key ${apiKeyId} has no value`);
    return key.value;
  } finally {
    client.destroy();
  }
}

/** `https://abc.execute-api.ap-northeast-1.amazonaws.com/prod/search` -> `ap-northeast-1`. */
export function regionOfUrl(url: string): string | undefined {
  return /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com/.exec(url)?.[1];
}
