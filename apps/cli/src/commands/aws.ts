/**
 * `facegate aws`: the deployed stack as seen from the CLI. `outputs` prints what the phone and
 * `soracom setup` need (the /search URL and the API key's value); `import` seeds the stack's
 * collection from a folder per person (the same as `faces import --engine aws`).
 * Deploying and destroying are `npm run aws:deploy` / `npm run aws:destroy` (docs/aws.md).
 * @module
 */
import path from 'node:path';
import type { Command } from 'commander';
import { stackNameOf, type AwsOptions } from '../aws/aws-options.js';
import { checkDeployEnvironment, DeployCheckError } from '../aws/deploy-check.js';
import { importToAws } from '../aws/import.js';
import { getStackOutputs, printable } from '../aws/outputs.js';

interface AwsFlags {
  stack?: string;
  region?: string;
  endpoint?: string;
}

function withAwsOptions(cmd: Command): Command {
  return cmd
    .option('--stack <name>', 'CloudFormation stack name (default $FACEGATE_STACK or Facegate)')
    .option(
      '--region <region>',
      "AWS region (default: the SDK's, e.g. $AWS_REGION or the profile's)",
    )
    .option(
      '--endpoint <url>',
      "endpoint for every AWS service (LocalStack, tests); default Amazon's",
    );
}

function awsOptionsOf(flags: AwsFlags): AwsOptions {
  return {
    stack: stackNameOf(flags),
    ...(flags.region ? { region: flags.region } : {}),
    ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
  };
}

/** Registers `facegate aws outputs` and `facegate aws import`. */
export function register(program: Command): void {
  const aws = program
    .command('aws')
    .description('The facegate stack deployed on AWS (npm run aws:deploy)');

  aws
    .command('check')
    .description(
      'Check that a region and AWS credentials are set (npm run aws:deploy runs this before building)',
    )
    .option('--data <dir>', "facegate's local data folder (its key pair is not an AWS key)")
    .action(async (flags: { data?: string }) => {
      try {
        const { region } = await checkDeployEnvironment(
          process.env,
          path.resolve(flags.data ?? process.env['FACEGATE_DATA'] ?? 'data'),
        );
        process.stderr.write(`facegate: AWS region ${region}, credentials found\n`);
      } catch (err) {
        if (!(err instanceof DeployCheckError)) throw err;
        process.stderr.write(`facegate: ${err.message}\n`);
        process.exitCode = 1;
      }
    });

  withAwsOptions(aws.command('outputs'))
    .description(
      "Print the stack's /search URL, API key value, website URL, collection id and bucket as JSON",
    )
    .action(async (flags: AwsFlags) => {
      const out = await getStackOutputs(awsOptionsOf(flags));
      process.stdout.write(`${JSON.stringify(printable(out), null, 2)}\n`);
    });

  withAwsOptions(aws.command('import <dir>'))
    .description(
      "Upload <dir>/<person>/*.jpg to the stack's bucket and index each from S3 (resumable)",
    )
    .action(async (dir: string, flags: AwsFlags) => {
      const summary = await importToAws(dir, awsOptionsOf(flags));
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      if (summary.Failed > 0) process.exitCode = 1;
    });
}
