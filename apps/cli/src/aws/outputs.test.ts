/**
 * getStackOutputs and `facegate aws outputs` against a loopback server answering
 * DescribeStacks and GetApiKey as AWS does, asserting the requests the real SDK sent.
 */
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { register } from '../commands/aws.js';
import { startFakeAws, type FakeAws } from './fake-aws.js';
import { getStackOutputs, OUTPUT_KEYS } from './outputs.js';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const SEARCH_URL = 'https://a1b2c3d4e5.execute-api.ap-northeast-1.amazonaws.com/prod/search';
const outputs = {
  [OUTPUT_KEYS.searchUrl]: SEARCH_URL,
  [OUTPUT_KEYS.apiKeyId]: 'k3y1d',
  [OUTPUT_KEYS.websiteUrl]: 'http://facegate-web.s3-website-ap-northeast-1.amazonaws.com',
  [OUTPUT_KEYS.collectionId]: 'facegate',
  [OUTPUT_KEYS.bucketName]: 'facegate-photosbucket-abc123',
  SearchApiEndpointEFF5AE9F: 'https://a1b2c3d4e5.execute-api.ap-northeast-1.amazonaws.com/prod/',
};

let aws: FakeAws;

beforeAll(async () => {
  aws = await startFakeAws(
    [
      { name: 'Facegate', outputs },
      {
        name: 'NoWebsite',
        outputs: { ...outputs, [OUTPUT_KEYS.websiteUrl]: undefined as unknown as string },
      },
      { name: 'Half', status: 'CREATE_IN_PROGRESS', outputs: {} },
    ].map((s) => ({
      ...s,
      outputs: Object.fromEntries(Object.entries(s.outputs).filter(([, v]) => v)),
    })),
    { k3y1d: 'Th3ApiK3yValu3Th3ApiK3yValu3Th3ApiK3yV' },
  );
});
afterAll(() => aws?.close());
afterEach(() => {
  aws.requests.length = 0;
  vi.restoreAllMocks();
});

const options = (stack?: string) => ({
  endpoint: aws.url,
  region: 'ap-northeast-1',
  credentials,
  ...(stack ? { stack } : {}),
});

describe('getStackOutputs', () => {
  it('reads the outputs and the API key value', async () => {
    const out = await getStackOutputs(options());
    expect(out).toEqual({
      stackName: 'Facegate',
      region: 'ap-northeast-1',
      searchUrl: SEARCH_URL,
      apiKeyId: 'k3y1d',
      apiKey: 'Th3ApiK3yValu3Th3ApiK3yValu3Th3ApiK3yV',
      websiteUrl: 'http://facegate-web.s3-website-ap-northeast-1.amazonaws.com',
      collectionId: 'facegate',
      bucketName: 'facegate-photosbucket-abc123',
    });
  });

  it('sends DescribeStacks in the query protocol and GetApiKey with includeValue, both signed', async () => {
    await getStackOutputs(options());
    expect(aws.requests).toHaveLength(2);
    const [cfn, apigw] = aws.requests;
    expect(cfn!.method).toBe('POST');
    expect(cfn!.path).toBe('/');
    expect(cfn!.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(cfn!.body))).toEqual({
      Action: 'DescribeStacks',
      Version: '2010-05-15',
      StackName: 'Facegate',
    });
    expect(cfn!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/ap-northeast-1\/cloudformation\/aws4_request, /,
    );
    expect(apigw!.method).toBe('GET');
    expect(apigw!.path).toBe('/apikeys/k3y1d');
    expect(apigw!.query.get('includeValue')).toBe('true');
    expect(apigw!.headers.authorization).toMatch(/\/ap-northeast-1\/apigateway\/aws4_request, /);
  });

  it('skips GetApiKey when the value is not wanted', async () => {
    const out = await getStackOutputs({ ...options(), withApiKeyValue: false });
    expect(out.apiKey).toBeNull();
    expect(aws.requests).toHaveLength(1);
  });

  it('answers websiteUrl null for a stack deployed without the website', async () => {
    expect((await getStackOutputs(options('NoWebsite'))).websiteUrl).toBeNull();
  });

  it('names a missing stack as ResourceNotFoundException with what to do', async () => {
    await expect(getStackOutputs(options('Nope'))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: expect.stringMatching(
        /stack Nope does not exist; deploy it with npm run aws:deploy/,
      ),
    });
  });

  it('says which output is missing on a stack still being created', async () => {
    await expect(getStackOutputs(options('Half'))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: expect.stringMatching(/Half \(CREATE_IN_PROGRESS\) has no output SearchUrl/),
    });
  });
});

describe('facegate aws outputs', () => {
  it('prints the five fields as JSON', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', credentials.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
    let printed = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed += String(chunk);
      return true;
    });
    const program = new Command('facegate').exitOverride();
    register(program);
    await program.parseAsync(
      [
        'aws',
        'outputs',
        '--stack',
        'Facegate',
        '--region',
        'ap-northeast-1',
        '--endpoint',
        aws.url,
      ],
      { from: 'user' },
    );
    vi.unstubAllEnvs();
    expect(JSON.parse(printed)).toEqual({
      searchUrl: SEARCH_URL,
      apiKey: 'Th3ApiK3yValu3Th3ApiK3yValu3Th3ApiK3yV',
      websiteUrl: 'http://facegate-web.s3-website-ap-northeast-1.amazonaws.com',
      collectionId: 'facegate',
      bucketName: 'facegate-photosbucket-abc123',
    });
  });

  it("honours AWS_DEFAULT_REGION (the AWS CLI's name, which the SDK alone ignores)", async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', credentials.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
    vi.stubEnv('AWS_REGION', '');
    vi.stubEnv('AWS_DEFAULT_REGION', 'ap-northeast-1');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const before = aws.requests.length;
    const program = new Command('facegate').exitOverride();
    register(program);
    try {
      await program.parseAsync(['aws', 'outputs', '--endpoint', aws.url], { from: 'user' });
    } finally {
      vi.unstubAllEnvs();
    }
    expect(aws.requests[before]!.headers.authorization).toMatch(
      /\/\d{8}\/ap-northeast-1\/cloudformation\/aws4_request, /,
    );
  });
});
