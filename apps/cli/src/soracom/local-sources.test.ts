/**
 * `soracom setup --from-aws` takes the Search API's URL and key from the stack's outputs,
 * read from a loopback server answering DescribeStacks and GetApiKey as AWS does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAws, type FakeAws } from '../aws/fake-aws.js';
import { OUTPUT_KEYS } from '../aws/outputs.js';
import { searchApiFromAws } from './local-sources.js';

const SEARCH_URL = 'https://a1b2c3d4e5.execute-api.ap-northeast-1.amazonaws.com/prod/search';
const KEY = 'Th3ApiK3yValu3Th3ApiK3yValu3Th3ApiK3yV';
let aws: FakeAws;
const saved = { ...process.env };

beforeAll(async () => {
  aws = await startFakeAws(
    [
      {
        name: 'Facegate',
        outputs: {
          [OUTPUT_KEYS.searchUrl]: SEARCH_URL,
          [OUTPUT_KEYS.apiKeyId]: 'k3y1d',
          [OUTPUT_KEYS.collectionId]: 'facegate',
          [OUTPUT_KEYS.bucketName]: 'facegate-photos',
        },
      },
    ],
    { k3y1d: KEY },
  );
  process.env['AWS_ACCESS_KEY_ID'] = 'AKIDEXAMPLE';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
});
afterAll(async () => {
  process.env = saved;
  await aws?.close();
});

describe('searchApiFromAws', () => {
  it("returns the stack's /search URL and its API key value", async () => {
    const t = await searchApiFromAws({ region: 'ap-northeast-1', endpoint: aws.url });
    expect(t).toEqual({ apiEndpoint: SEARCH_URL, apiKey: KEY });
    expect(aws.requests.some((r) => r.path.includes('/apikeys/k3y1d'))).toBe(true);
  });

  it('names a missing stack', async () => {
    await expect(
      searchApiFromAws({ stackName: 'Nope', region: 'ap-northeast-1', endpoint: aws.url }),
    ).rejects.toThrow(/Nope/);
  });
});
