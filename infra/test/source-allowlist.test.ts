/**
 * The stack with source CIDRs, custom usage-plan numbers and no built web app: the resource
 * policy that only lets the listed sources in, and the website bucket without an upload.
 * One synthesis for the whole file.
 */
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthFacegate, type Synthesized } from './synth.js';

let s: Synthesized;

beforeAll(() => {
  s = synthFacegate({
    stackName: 'FacegateAllow',
    collectionId: 'sims-only',
    allowSources: '1.2.3.4/32, 5.6.7.8/32',
    rateLimit: '2',
    burstLimit: '4',
    quotaLimit: '500',
    quotaPeriod: 'month',
    webDist: 'infra/test/no-such-dist',
  });
});

afterAll(() => s?.cleanup());

describe('resource policy with allowSources', () => {
  it('allows execute-api:Invoke and denies every source outside the CIDRs', () => {
    s.template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Policy: {
        Statement: [
          {
            Sid: 'AllowInvoke',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: 'execute-api:Invoke',
            Resource: 'execute-api:/*',
          },
          {
            Sid: 'DenyOtherSources',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'execute-api:Invoke',
            Resource: 'execute-api:/*',
            Condition: { NotIpAddress: { 'aws:SourceIp': ['1.2.3.4/32', '5.6.7.8/32'] } },
          },
        ],
      },
    });
  });
});

describe('context settings', () => {
  it('names the collection from context', () => {
    s.template.hasResourceProperties('AWS::Rekognition::Collection', { CollectionId: 'sims-only' });
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ FACEGATE_COLLECTION: 'sims-only' }) },
    });
  });

  it('takes the usage plan numbers from context', () => {
    s.template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 2, BurstLimit: 4 },
      Quota: { Limit: 500, Period: 'MONTH' },
    });
  });
});

describe('website without a built app', () => {
  it('creates the bucket, skips the upload and warns', () => {
    s.template.hasResourceProperties('AWS::S3::Bucket', {
      WebsiteConfiguration: { IndexDocument: 'index.html' },
    });
    s.template.resourceCountIs('Custom::CDKBucketDeployment', 0);
    const warnings = Annotations.fromStack(s.stack).findWarning(
      '*',
      Match.stringLikeRegexp('no index.html'),
    );
    expect(warnings).toHaveLength(1);
    s.template.hasOutput('WebsiteUrl', {
      Value: { 'Fn::GetAtt': [Match.anyValue(), 'WebsiteURL'] },
    });
  });
});
