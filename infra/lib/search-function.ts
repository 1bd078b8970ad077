/**
 * The Search API's Lambda (the hands-on's step 3 function): the same search app that
 * `facegate serve` runs, bundled with the local esbuild (never Docker), allowed exactly one
 * Rekognition action on exactly one collection, logging to a log group that goes with the stack.
 * @module
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface SearchFunctionProps {
  /** The TypeScript entry exporting `handler` (apps/lambda/src/index.ts). */
  entry: string;
  /** Monorepo root: esbuild runs there and resolves workspace packages to their `dist/`. */
  repoRoot: string;
  /** Collection searched, passed to the function as FACEGATE_COLLECTION / COLLECTION_ID. */
  collectionId: string;
  /** ARN the function may call SearchFacesByImage on, and nothing else. */
  collectionArn: string;
  /** API Gateway stage the function is served under (its paths start with it). */
  stageName: string;
  /** Log retention (default one month). */
  logRetention?: logs.RetentionDays;
  /** The Parameters and Secrets extension, when the function reads a secret (the Beam PSK). */
  paramsAndSecrets?: lambda.ParamsAndSecretsLayerVersion;
}

/** The Lambda behind `POST /search`, with its log group and its one IAM permission. */
export class SearchFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: SearchFunctionProps) {
    super(scope, id);
    if (!existsSync(props.entry)) {
      throw new Error(
        `Lambda entry not found: ${path.relative(props.repoRoot, props.entry)} ` +
          '(the Search API Lambda exporting `handler`); build or check out apps/lambda first',
      );
    }
    // Created explicitly so that it has a retention and is deleted with the stack; the one
    // Lambda would create on first invocation would outlive `cdk destroy`.
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      description: 'facegate Search API (POST /search, the hands-on contract)',
      entry: props.entry,
      handler: 'handler',
      // Node.js 24 (Lambda support until 2028): the Node.js 20 runtime is deprecated and refused for new
      // functions from 2027-02-01. The bundle's esbuild target below and in
      // apps/lambda/scripts/build.mjs must name the same major version.
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      // API Gateway gives up after 29 s; Rekognition answers in about one.
      timeout: Duration.seconds(15),
      logGroup: this.logGroup,
      ...(props.paramsAndSecrets ? { paramsAndSecrets: props.paramsAndSecrets } : {}),
      projectRoot: props.repoRoot,
      depsLockFilePath: path.join(props.repoRoot, 'package-lock.json'),
      environment: {
        FACEGATE_COLLECTION: props.collectionId,
        COLLECTION_ID: props.collectionId,
        FACEGATE_REGION: Aws.REGION,
        FACEGATE_STAGE: props.stageName,
      },
      bundling: {
        forceDockerBundling: false,
        format: nodejs.OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: false,
        // The SDK is bundled rather than taken from the runtime, so the function runs the
        // client version the tests ran against.
        bundleAwsSDK: true,
        mainFields: ['module', 'main'],
        // CommonJS dependencies inside an ESM bundle still call require() for built-ins.
        banner:
          "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
      },
    });
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'SearchOneCollection',
        actions: ['rekognition:SearchFacesByImage'],
        resources: [props.collectionArn],
      }),
    );
  }
}
