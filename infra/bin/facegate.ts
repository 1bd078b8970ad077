/**
 * The CDK app: one facegate stack, named and configured from context
 * (`-c stackName=... -c collectionId=...`, see docs/aws.md). Synthesizes offline: the stack is
 * environment-agnostic unless the CLI knows the account and region, and does no lookups.
 * @module
 */
import { App } from 'aws-cdk-lib';
import { readConfig } from '../lib/config.js';
import { FacegateStack } from '../lib/facegate-stack.js';

const app = new App();
const config = readConfig(app.node);
new FacegateStack(app, config.stackName, {
  config,
  stackName: config.stackName,
  description: 'facegate: face search API (Rekognition, Lambda, API Gateway) and phone web app',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  tags: { project: 'facegate' },
});
app.synth();
