import { describe, expect, it } from 'vitest';
import { formatDryRun, maskBody, maskSecret } from './client-options.js';

describe('dry-run masking', () => {
  it('hides the AuthKey secret entirely and keeps only the ends of an API key', () => {
    expect(maskSecret('AbCdEfGhIjKlMnOpQrSt')).toBe('AbCd************QrSt');
    expect(maskSecret('short')).toBe('*****');
    expect(maskBody({ authKeyId: 'keyId-1', authKey: 'secret-1' })).toEqual({
      authKeyId: 'keyId-1',
      authKey: '********',
    });
  });

  it("masks the apiKey inside userdata's JSON text, leaving other values as they are", () => {
    const body = [
      { key: 'metadata', value: { enabled: true, readonly: true } },
      {
        key: 'userdata',
        value: '{"apiEndpoint":"https://x/prod/search","apiKey":"0123456789abcdef"}',
      },
      { key: 'other', value: '{"apiKey":"0123456789abcdef"}' },
    ];
    expect(maskBody(body)).toEqual([
      body[0],
      {
        key: 'userdata',
        value: '{"apiEndpoint":"https://x/prod/search","apiKey":"0123********cdef"}',
      },
      body[2],
    ]);
  });

  it('prints method, full path and body, one request after another', () => {
    const text = formatDryRun('https://api.soracom.io/v1', [
      { method: 'POST', path: '/auth', headers: {}, body: { authKeyId: 'k', authKey: 's' } },
      {
        method: 'PUT',
        path: '/groups/%7BgroupId%7D/configuration/SoracomAir',
        headers: {},
        body: [],
      },
    ]);
    expect(text).toBe(
      '# dry run: 2 request(s) to https://api.soracom.io/v1, none sent\n' +
        'POST /v1/auth\n{"authKeyId":"k","authKey":"********"}\n' +
        'PUT /v1/groups/{groupId}/configuration/SoracomAir\n[]\n',
    );
  });
});
