/**
 * Assertions on the synthesized facegate stack with the default settings and a built web app:
 * each resource the hands-on creates by hand, its permissions, and that nothing outlives
 * `cdk destroy`. One synthesis for the whole file.
 */
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lib/config.js';
import { OUTPUT_KEYS } from '../lib/output-keys.js';
import { actionsOf, allStatements, synthFacegate, type Synthesized } from './synth.js';

const LAMBDA_ENTRY = path.join(REPO_ROOT, 'apps/lambda/src/index.ts');
const ONE_MB = 1024 * 1024;

let s: Synthesized;
let webDist: string;

beforeAll(() => {
  if (!existsSync(LAMBDA_ENTRY)) {
    throw new Error(
      `apps/lambda/src/index.ts is missing: the stack bundles the Search API Lambda from it`,
    );
  }
  webDist = mkdtempSync(path.join(tmpdir(), 'facegate-web-'));
  writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>facegate</title>');
  s = synthFacegate({ stackName: 'FacegateTest', collectionId: 'test-collection', webDist });
});

afterAll(() => {
  s?.cleanup();
  if (webDist) rmSync(webDist, { recursive: true, force: true });
});

describe('photo bucket', () => {
  it('blocks public access, is encrypted and refuses plain HTTP', () => {
    s.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
    });
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: s.logicalId(s.stack.photos.bucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });
});

describe('Rekognition collection', () => {
  it('is an AWS::Rekognition::Collection with the context id', () => {
    s.template.resourceCountIs('AWS::Rekognition::Collection', 1);
    s.template.hasResourceProperties('AWS::Rekognition::Collection', {
      CollectionId: 'test-collection',
    });
  });
});

describe('Search Lambda', () => {
  it('runs Node.js 24 on arm64 with the collection and region in its environment', () => {
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Environment: {
        Variables: {
          FACEGATE_COLLECTION: 'test-collection',
          COLLECTION_ID: 'test-collection',
          FACEGATE_REGION: { Ref: 'AWS::Region' },
          FACEGATE_STAGE: 'prod',
        },
      },
      LoggingConfig: { LogGroup: { Ref: s.logicalId(s.stack.search.logGroup) } },
    });
  });

  it('logs to a log group with limited retention', () => {
    s.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    s.template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Delete',
      Properties: { RetentionInDays: 30 },
    });
  });

  it('may call only rekognition:SearchFacesByImage, only on the collection', () => {
    const collection = s.logicalId(s.stack.collection.node.findChild('Resource'));
    s.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Sid: 'SearchOneCollection',
            Effect: 'Allow',
            Action: 'rekognition:SearchFacesByImage',
            Resource: { 'Fn::GetAtt': [collection, 'Arn'] },
          },
        ],
      },
      Roles: [{ Ref: s.logicalId(s.stack.search.function.role!) }],
    });
    const rekognition = allStatements(s.template).filter((st) =>
      actionsOf(st).some((a) => a.toLowerCase().startsWith('rekognition:')),
    );
    expect(rekognition).toHaveLength(1);
    expect(actionsOf(rekognition[0]!)).toEqual(['rekognition:SearchFacesByImage']);
    expect(rekognition[0]!['Resource']).not.toBe('*');
    expect(JSON.stringify(s.template.toJSON())).not.toContain('rekognition:*');
  });

  it("builds both bundles for the runtime's Node.js major version (esbuild target node24)", () => {
    const fn = Object.values(s.template.findResources('AWS::Lambda::Function')).find((r) =>
      (r as { Properties: { Runtime?: string } }).Properties.Runtime?.startsWith('nodejs'),
    ) as { Properties: { Runtime: string } };
    const major = /^nodejs(\d+)\.x$/.exec(fn.Properties.Runtime)![1];
    expect(major).toBe('24');
    for (const file of ['infra/lib/search-function.ts', 'apps/lambda/scripts/build.mjs']) {
      const targets = [
        ...readFileSync(path.join(REPO_ROOT, file), 'utf8').matchAll(/target: '(node\d+)'/g),
      ];
      expect(
        targets.map((m) => m[1]),
        file,
      ).toEqual([`node${major}`]);
    }
  });

  it('bundles to at most 1 MB, and the bundle loads and exports handler', async () => {
    const fn = s.template.findResources('AWS::Lambda::Function', {
      Properties: { Runtime: 'nodejs24.x', Architectures: ['arm64'] },
    });
    const [resource] = Object.values(fn) as Array<{ Properties: { Code: { S3Key: string } } }>;
    const hash = resource!.Properties.Code.S3Key.replace(/\.zip$/, '');
    const dir = path.join(s.outdir, `asset.${hash}`);
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) =>
      f.isFile(),
    );
    const bytes = files.reduce((sum, f) => sum + statSync(path.join(f.parentPath, f.name)).size, 0);
    expect(files.map((f) => f.name)).toContain('index.mjs');
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(ONE_MB);
    process.env['FACEGATE_COLLECTION'] ??= 'test-collection';
    process.env['COLLECTION_ID'] ??= 'test-collection';
    process.env['AWS_REGION'] ??= 'us-east-1';
    const mod = (await import(pathToFileURL(path.join(dir, 'index.mjs')).href)) as {
      handler?: unknown;
    };
    expect(typeof mod.handler).toBe('function');
  });
});

describe('API Gateway', () => {
  const api = (): string => s.logicalId(s.stack.api.api);

  it('has /search POST through a Lambda proxy integration, API key required', () => {
    s.template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'search' });
    s.template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      ApiKeyRequired: true,
      RestApiId: { Ref: api() },
      Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' },
    });
  });

  it('answers OPTIONS for CORS without a key', () => {
    const options = Object.values(
      s.template.findResources('AWS::ApiGateway::Method', {
        Properties: { HttpMethod: 'OPTIONS' },
      }),
    ) as Array<{ Properties: { ApiKeyRequired?: boolean; Integration: { Type: string } } }>;
    expect(options.length).toBeGreaterThanOrEqual(1);
    for (const m of options) {
      expect(m.Properties.ApiKeyRequired ?? false).toBe(false);
      expect(m.Properties.Integration.Type).toBe('MOCK');
    }
    const posts = s.template.findResources('AWS::ApiGateway::Method', {
      Properties: { HttpMethod: 'POST' },
    });
    expect(Object.keys(posts)).toHaveLength(1);
  });

  it('puts CORS headers on API Gateway errors (403 missing key, 429 throttled)', () => {
    for (const type of ['DEFAULT_4XX', 'DEFAULT_5XX']) {
      s.template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: type,
        ResponseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
      });
    }
  });

  it('passes raw images and multipart uploads to the Lambda as binary', () => {
    s.template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      BinaryMediaTypes: Match.arrayWith(['image/jpeg', 'image/png', 'multipart/form-data']),
    });
  });

  it('deploys stage prod and leaves no account-wide CloudWatch role behind', () => {
    s.template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'prod' });
    s.template.resourceCountIs('AWS::ApiGateway::Account', 0);
  });

  it('binds a usage plan with the default rate, burst and daily quota to the stage and the key', () => {
    const stage = s.logicalId(s.stack.api.api.deploymentStage);
    const plan = s.logicalId(s.stack.api.usagePlan);
    s.template.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
    s.template.hasResourceProperties('AWS::ApiGateway::ApiKey', { Enabled: true });
    s.template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      ApiStages: [{ ApiId: { Ref: api() }, Stage: { Ref: stage } }],
      Throttle: { RateLimit: 10, BurstLimit: 20 },
      Quota: { Limit: 1000, Period: 'DAY' },
    });
    s.template.hasResourceProperties('AWS::ApiGateway::UsagePlanKey', {
      KeyId: { Ref: s.logicalId(s.stack.api.apiKey) },
      KeyType: 'API_KEY',
      UsagePlanId: { Ref: plan },
    });
  });

  it('has no resource policy when no source CIDRs are given', () => {
    s.template.hasResourceProperties('AWS::ApiGateway::RestApi', { Policy: Match.absent() });
  });
});

describe('web app website', () => {
  it('serves over HTTP from a bucket readable only through GetObject', () => {
    const bucket = s.logicalId(s.stack.website!.bucket);
    s.template.hasResourceProperties('AWS::S3::Bucket', {
      WebsiteConfiguration: { IndexDocument: 'index.html' },
    });
    const policies = Object.values(
      s.template.findResources('AWS::S3::BucketPolicy', {
        Properties: { Bucket: { Ref: bucket } },
      }),
    ) as Array<{ Properties: { PolicyDocument: { Statement: Array<Record<string, unknown>> } } }>;
    expect(policies).toHaveLength(1);
    const publicStatements = policies[0]!.Properties.PolicyDocument.Statement.filter(
      (st) => JSON.stringify(st['Principal']) === '{"AWS":"*"}',
    );
    expect(publicStatements).toHaveLength(1);
    expect(publicStatements[0]).toMatchObject({ Effect: 'Allow', Action: 's3:GetObject' });
  });

  it('uploads the built app with a deployment whose logs go with the stack', () => {
    s.template.resourceCountIs('Custom::CDKBucketDeployment', 1);
    s.template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: s.logicalId(s.stack.website!.bucket) },
    });
  });
});

describe('cdk destroy leaves nothing behind', () => {
  it('deletes both buckets with their objects, the log groups and the collection', () => {
    const buckets = s.template.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(2);
    for (const b of Object.values(buckets)) expect(b).toMatchObject({ DeletionPolicy: 'Delete' });
    s.template.resourceCountIs('Custom::S3AutoDeleteObjects', 2);
    const logGroups = s.template.findResources('AWS::Logs::LogGroup');
    // Search function, website deployment, and the auto-delete provider.
    expect(Object.keys(logGroups)).toHaveLength(3);
    for (const g of Object.values(logGroups)) expect(g).toMatchObject({ DeletionPolicy: 'Delete' });
    s.template.hasResource('AWS::Rekognition::Collection', { DeletionPolicy: 'Delete' });
  });

  it('retains no resource at all', () => {
    const resources = s.template.toJSON()['Resources'] as Record<
      string,
      { DeletionPolicy?: string }
    >;
    const retained = Object.entries(resources).filter(([, r]) => r.DeletionPolicy === 'Retain');
    expect(retained.map(([id]) => id)).toEqual([]);
  });

  it('gives every Lambda a log group declared in the stack', () => {
    const functions = s.template.findResources('AWS::Lambda::Function');
    const groups = JSON.stringify(s.template.findResources('AWS::Logs::LogGroup'));
    for (const [id, fn] of Object.entries(functions)) {
      const declared = (fn as { Properties: { LoggingConfig?: unknown } }).Properties.LoggingConfig;
      expect(declared !== undefined || groups.includes(`"Ref":"${id}"`), `log group of ${id}`).toBe(
        true,
      );
    }
  });
});

describe('outputs', () => {
  it('exports the stable keys facegate aws outputs reads', () => {
    for (const key of Object.values(OUTPUT_KEYS))
      s.template.hasOutput(key, { Value: Match.anyValue() });
    s.template.hasOutput(OUTPUT_KEYS.searchUrl, {
      Value: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/search$')])] },
    });
    s.template.hasOutput(OUTPUT_KEYS.apiKeyId, { Value: { Ref: s.logicalId(s.stack.api.apiKey) } });
    s.template.hasOutput(OUTPUT_KEYS.bucketName, {
      Value: { Ref: s.logicalId(s.stack.photos.bucket) },
    });
  });
});
