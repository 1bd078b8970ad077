/**
 * The stack with SIM identity (`-c simAuth=true`): the keyless `/sim/search` resource, its
 * method throttling and CORS, the Lambda's settings, the Beam PSK readable from Secrets
 * Manager (by the function only, through the extension), and the keyed `/search` unchanged.
 * One synthesis for the whole file.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSimAuth } from '../lib/config.js';
import { actionsOf, allStatements, synthFacegate, type Synthesized } from './synth.js';

let s: Synthesized;

beforeAll(() => {
  s = synthFacegate({
    stackName: 'FacegateSims',
    collectionId: 'sims',
    webDist: 'infra/test/no-such-dist',
    rateLimit: '3',
    burstLimit: '6',
    simAuth: 'true',
    beamPskSecret: 'facegate/beam-psk',
    endorseJwksUrl: 'https://keys.example.com/endorse/jwks.json',
    simAllowlist: '440100000000001:search+recognize, 440100000000002',
  });
});
afterAll(() => s?.cleanup());

const methods = () => Object.values(s.template.findResources('AWS::ApiGateway::Method'));
const resourceId = (pathPart: string) =>
  Object.entries(s.template.findResources('AWS::ApiGateway::Resource')).find(
    ([, r]) => (r as { Properties: { PathPart: string } }).Properties.PathPart === pathPart,
  )?.[0];

describe('SIM identity on AWS', () => {
  it('adds POST /sim/search without an API key, and keeps POST /search keyed', () => {
    const sim = resourceId('sim');
    expect(sim).toBeDefined();
    s.template.hasResourceProperties('AWS::ApiGateway::Resource', {
      PathPart: 'search',
      ParentId: { Ref: sim },
    });
    const posts = methods()
      .map((m) => (m as { Properties: Record<string, unknown> }).Properties)
      .filter((p) => p['HttpMethod'] === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts.map((p) => p['ApiKeyRequired']).sort()).toEqual([false, true]);
  });

  it('throttles /sim/search at the stage, since usage plans only meter keys', () => {
    s.template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      MethodSettings: [
        {
          ResourcePath: '/~1sim~1search',
          HttpMethod: 'POST',
          ThrottlingRateLimit: 3,
          ThrottlingBurstLimit: 6,
        },
      ],
    });
  });

  it('lets a browser send the Endorse token header to /sim/search', () => {
    const preflight = methods()
      .map((m) => (m as { Properties: Record<string, unknown> }).Properties)
      .filter((p) => p['HttpMethod'] === 'OPTIONS')
      .map((p) => JSON.stringify(p['Integration']));
    expect(preflight.some((i) => i.includes('X-Soracom-Endorse-Token'))).toBe(true);
  });

  it('tells the Lambda what to verify, with the PSK by name only', () => {
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          FACEGATE_SIM_AUTH: 'on',
          FACEGATE_SIM_ALLOWLIST: '440100000000001:search+recognize,440100000000002',
          FACEGATE_ENDORSE_JWKS_URL: 'https://keys.example.com/endorse/jwks.json',
          FACEGATE_BEAM_PSK_SECRET: 'facegate/beam-psk',
          PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED: 'true',
        }),
      },
      Layers: Match.anyValue(),
    });
    expect(JSON.stringify(s.template.toJSON())).not.toMatch(/SecretString/);
  });

  it('lets the function read that one secret and nothing else', () => {
    const reads = allStatements(s.template).filter((st) =>
      actionsOf(st).includes('secretsmanager:GetSecretValue'),
    );
    expect(reads).toHaveLength(1);
    expect(JSON.stringify(reads[0]!['Resource'])).toContain('secret:facegate/beam-psk-??????');
  });

  it('outputs the SIM endpoint', () => {
    s.template.hasOutput('SimSearchUrl', Match.anyValue());
  });
});

describe('SIM identity settings', () => {
  const ctx = (m: Record<string, string>) => (k: string) => m[k];
  it('are off by default and refuse what cannot work', () => {
    expect(readSimAuth(ctx({}))).toBeUndefined();
    expect(() => readSimAuth(ctx({ simAuth: 'true', simAllowlist: '440100000000001' }))).toThrow(
      /needs beamPskSecret/,
    );
    expect(() => readSimAuth(ctx({ simAuth: 'true', beamPskSecret: 'x' }))).toThrow(/simAllowlist/);
    expect(() =>
      readSimAuth(ctx({ simAuth: 'true', beamPskSecret: 'x', simAllowlist: '44:all' })),
    ).toThrow(/IMSI\[:scope/);
    expect(() =>
      readSimAuth(
        ctx({ simAuth: 'true', endorseJwksUrl: 'http://plain', simAllowlist: '440100000000001' }),
      ),
    ).toThrow(/https/);
  });
});
