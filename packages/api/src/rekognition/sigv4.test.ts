import { describe, expect, it } from 'vitest';
import { verifySigV4 } from './sigv4.js';

// The worked example of AWS's Signature Version 4 documentation (IAM ListUsers).
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const SIGNATURE = '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7';
const request = (signature = SIGNATURE, date = '20150830T123600Z') => ({
  method: 'GET',
  path: '/',
  query: 'Version=2010-05-08&Action=ListUsers',
  headers: new Headers({
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    host: 'iam.amazonaws.com',
    'x-amz-date': date,
    authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${signature}`,
  }),
  body: new Uint8Array(),
});
const options = (now = Date.UTC(2015, 7, 30, 12, 40)) => ({
  service: 'iam',
  credentials: (id: string) => (id === 'AKIDEXAMPLE' ? SECRET : undefined),
  now: () => now,
});

describe('verifySigV4', () => {
  it("accepts AWS's documented example, whatever the query order", () => {
    expect(verifySigV4(request(), options())).toEqual({
      accessKeyId: 'AKIDEXAMPLE',
      region: 'us-east-1',
    });
  });

  it('rejects a changed signature, another service and a stale date by name', () => {
    const name = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as Error).name;
      }
      return 'accepted';
    };
    expect(name(() => verifySigV4(request('0'.repeat(64)), options()))).toBe(
      'InvalidSignatureException',
    );
    expect(name(() => verifySigV4(request(), { ...options(), service: 'rekognition' }))).toBe(
      'InvalidSignatureException',
    );
    expect(name(() => verifySigV4(request(), options(Date.UTC(2015, 7, 30, 13, 0))))).toBe(
      'InvalidSignatureException',
    );
    expect(name(() => verifySigV4(request(), { ...options(), credentials: () => undefined }))).toBe(
      'UnrecognizedClientException',
    );
    const unsigned = { ...request(), headers: new Headers({ host: 'iam.amazonaws.com' }) };
    expect(name(() => verifySigV4(unsigned, options()))).toBe(
      'MissingAuthenticationTokenException',
    );
    const partial = {
      ...request(),
      headers: new Headers({ authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE' }),
    };
    expect(name(() => verifySigV4(partial, options()))).toBe('IncompleteSignatureException');
  });
});
