import { describe, expect, it } from 'vitest';
import { SoracomApiError } from '../errors.js';
import { SoracomClient } from './soracom.client.js';
import type { SoracomRequest, Transport } from './transport.js';

function scripted(
  answers: Array<{ status: number; body?: unknown; next?: string }>,
  seen: SoracomRequest[],
): Transport {
  return async (_base, r) => {
    seen.push(r);
    const a = answers.shift() ?? { status: 500 };
    return {
      status: a.status,
      body: a.body,
      headers: { get: (n: string) => (n === 'x-soracom-next-key' ? (a.next ?? null) : null) },
    };
  };
}

describe('SoracomClient', () => {
  it('authenticates, then sends the API key and token on every call', async () => {
    const seen: SoracomRequest[] = [];
    const c = new SoracomClient({
      endpoint: 'https://api.soracom.io/v1/',
      transport: scripted(
        [
          { status: 200, body: { apiKey: 'api-1', token: 'tok', operatorId: 'OP1' } },
          { status: 200, body: {} },
        ],
        seen,
      ),
    });
    await c.authenticate({ authKeyId: 'keyId-1', authKey: 'secret-1' });
    await c.setGroup('440100000000001', 'g-1');
    expect(c.endpoint).toBe('https://api.soracom.io/v1');
    expect(seen[0]).toEqual({
      method: 'POST',
      path: '/auth',
      headers: {
        Accept: 'application/json',
        'X-Soracom-Lang': 'en',
        'Content-Type': 'application/json',
      },
      body: { authKeyId: 'keyId-1', authKey: 'secret-1' },
    });
    expect(seen[1]!.headers).toMatchObject({
      'X-Soracom-API-Key': 'api-1',
      'X-Soracom-Token': 'tok',
    });
    expect(seen[1]!.body).toEqual({ groupId: 'g-1' });
  });

  it("raises SORACOM's code and message, naming the call but no secret", async () => {
    const c = new SoracomClient({
      endpoint: 'https://api.soracom.io/v1',
      transport: scripted(
        [{ status: 401, body: { code: 'AUM0004', message: 'Invalid authKeyId or authKey' } }],
        [],
      ),
    });
    const e = await c
      .authenticate({ authKeyId: 'k', authKey: 'the-secret' })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SoracomApiError);
    expect(e).toMatchObject({
      status: 401,
      code: 'AUM0004',
      message: 'POST /auth: Invalid authKeyId or authKey',
    });
    expect(String((e as Error).message)).not.toContain('the-secret');
  });

  it('follows x-soracom-next-key pages', async () => {
    const seen: SoracomRequest[] = [];
    const c = new SoracomClient({
      endpoint: 'https://api.soracom.io/v1',
      transport: scripted(
        [
          { status: 200, body: { apiKey: 'a', token: 't', operatorId: 'OP1' } },
          { status: 200, body: [{ groupId: '1' }], next: 'k1' },
          { status: 200, body: [{ groupId: '2' }] },
        ],
        seen,
      ),
    });
    await c.authenticate({ authKeyId: 'a', authKey: 'b' });
    const groups = await c.listGroups({ tagName: 'name', tagValue: 'dev' });
    expect(groups.map((g) => g.groupId)).toEqual(['1', '2']);
    expect(seen.map((r) => r.path).slice(1)).toEqual([
      '/groups?tag_name=name&tag_value=dev&tag_value_match_mode=exact',
      '/groups?tag_name=name&tag_value=dev&tag_value_match_mode=exact&last_evaluated_key=k1',
    ]);
  });

  it('refuses to call before authenticating', async () => {
    const c = new SoracomClient({
      endpoint: 'https://api.soracom.io/v1',
      transport: scripted([], []),
    });
    await expect(c.getGroup('g')).rejects.toThrow(/authenticate/);
  });
});
