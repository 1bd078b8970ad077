/**
 * What every `facegate aws` call needs to reach a deployed stack: its name, the region, and
 * optionally endpoints other than Amazon's (LocalStack, or loopback servers in tests).
 * @module
 */
import type { CloudFormationClientConfig } from '@aws-sdk/client-cloudformation';

/** Credentials or a provider of them, as every SDK v3 client takes them. */
export type AwsCredentials = NonNullable<CloudFormationClientConfig['credentials']>;

/** The stack name `npm run aws:deploy` uses when no `-c stackName=` is given. */
export const DEFAULT_STACK_NAME = 'Facegate';

/** The AWS services the CLI talks to for the deployed stack. */
export type AwsService = 'cloudformation' | 'apigateway' | 's3' | 'rekognition';

export interface AwsOptions {
  /** CloudFormation stack name (default $FACEGATE_STACK or `Facegate`). */
  stack?: string;
  /** Region (default: the SDK's: $AWS_REGION, the profile's region, ...). */
  region?: string;
  /** One endpoint for every service (e.g. LocalStack); unset = Amazon's. */
  endpoint?: string;
  /** Per-service endpoints, winning over `endpoint`. */
  endpoints?: Partial<Record<AwsService, string>>;
  /** Credentials (default: the SDK's chain: env, profile, SSO, instance role, ...). */
  credentials?: AwsCredentials;
}

/** Settings for one SDK client, with only the keys that were given. */
export interface ClientSettings {
  region?: string;
  endpoint?: string;
  credentials?: AwsCredentials;
  forcePathStyle?: boolean;
}

/** The stack name to use: the option, then $FACEGATE_STACK, then `Facegate`. */
export function stackNameOf(options: AwsOptions, env: NodeJS.ProcessEnv = process.env): string {
  return options.stack ?? (env['FACEGATE_STACK'] || DEFAULT_STACK_NAME);
}

/**
 * The region as the AWS CLI and the CDK find it, where the SDK v3 alone would not: the option,
 * then $AWS_REGION, then $AWS_DEFAULT_REGION (the AWS CLI's name, which the SDK ignores);
 * undefined leaves the profile's region to the SDK.
 */
export function regionOf(
  options: Pick<AwsOptions, 'region'>,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return options.region || env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || undefined;
}

/** SDK client settings for `service` from the options. */
export function clientSettings(
  service: AwsService,
  options: AwsOptions,
  env: NodeJS.ProcessEnv = process.env,
): ClientSettings {
  // The SDK warns on every run that its 2027 releases need Node 22: noise in a CLI's stderr.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const endpoint = options.endpoints?.[service] ?? options.endpoint;
  const region = regionOf(options, env);
  return {
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    // S3-compatible servers on a custom endpoint cannot serve bucket-named hosts.
    ...(service === 's3' && endpoint ? { forcePathStyle: true } : {}),
  };
}
