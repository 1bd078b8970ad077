/**
 * `facegate aws check`, run by `npm run aws:deploy` before it builds anything: is there a
 * region and are there AWS credentials? Without them the CDK would build and synthesise for
 * half a minute and then fail with an npm error block; this answers in a second or two with
 * one line naming what to set.
 * @module
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { clientSettings } from './aws-options.js';

export interface DeployCheck {
  region: string;
}

/** Thrown with the one line to print. */
export class DeployCheckError extends Error {
  override readonly name = 'DeployCheckError';
}

/**
 * Resolves the region and the credentials the way the CDK will (environment, shared config
 * and credentials files, SSO, container or instance role).
 *
 * @param dataDir facegate's local data folder: its development key pair is not an AWS key.
 */
export async function checkDeployEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  dataDir = path.resolve('data'),
): Promise<DeployCheck> {
  const localKey = localAccessKeyId(dataDir);
  if (localKey && env['AWS_ACCESS_KEY_ID'] === localKey) {
    throw new DeployCheckError(
      `AWS_ACCESS_KEY_ID is facegate's local development key (${path.join(dataDir, 'credentials.json')}), not an AWS key: ` +
        'unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY, then use an AWS profile (AWS_PROFILE) or your AWS keys',
    );
  }
  const client = new CloudFormationClient(clientSettings('cloudformation', {}, env));
  try {
    let region: string | undefined;
    try {
      region = await client.config.region();
    } catch {
      region = undefined;
    }
    if (!region) {
      throw new DeployCheckError(
        'no AWS region: set AWS_REGION (e.g. export AWS_REGION=ap-northeast-1) or a region in your AWS profile (aws configure)',
      );
    }
    let accessKeyId: string | undefined;
    try {
      accessKeyId = (await client.config.credentials()).accessKeyId;
    } catch {
      accessKeyId = undefined;
    }
    if (!accessKeyId) {
      throw new DeployCheckError(
        'no AWS credentials: set AWS_PROFILE (after aws configure or aws sso login) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
      );
    }
    if (localKey && accessKeyId === localKey) {
      throw new DeployCheckError(
        `the AWS credentials in use${env['AWS_PROFILE'] ? ` (profile ${env['AWS_PROFILE']})` : ''} are facegate's local development key pair, not an AWS key: use another AWS_PROFILE`,
      );
    }
    return { region };
  } finally {
    client.destroy();
  }
}

function localAccessKeyId(dataDir: string): string | undefined {
  try {
    const json = JSON.parse(readFileSync(path.join(dataDir, 'credentials.json'), 'utf8')) as {
      accessKeyId?: unknown;
    };
    return typeof json.accessKeyId === 'string' ? json.accessKeyId : undefined;
  } catch {
    return undefined;
  }
}
