import { describe, expect, it } from 'vitest';
import { beamSignature, BEAM_SIGNED_HEADERS, type BeamHeaders } from './beam.signature.js';
import { createBeamVerifier } from './beam.verifier.js';
import { ReplayCache } from './replay.cache.js';

// SORACOM's documented example (Beam's signature verification guide).
const PSK = 'mysecretkey';
const EXAMPLE: BeamHeaders = {
  'x-soracom-imei': '860000012345678',
  'x-soracom-imsi': '295000012345678',
  'x-soracom-timestamp': '1445587157992',
};
const EXAMPLE_SIGNATURE = '95c8e34d68e2bd76502c1e403108dc1bd7008964c31081d0415adb9f21a721a5';
const AT = 1445587157992;

const getter =
  (h: Record<string, string>) =>
  (name: string): string | undefined =>
    h[name];

function signed(headers: BeamHeaders, psk = PSK): Record<string, string> {
  return {
    ...(headers as Record<string, string>),
    'x-soracom-signature-version': '20151001',
    'x-soracom-signature': beamSignature(psk, headers),
  };
}

/** Changes one character (the last) of a value. */
const tweak = (v: string) => v.slice(0, -1) + (v.endsWith('1') ? '2' : '1');

describe('Beam signature', () => {
  it("reproduces SORACOM's documented example exactly", () => {
    expect(beamSignature(PSK, EXAMPLE)).toBe(EXAMPLE_SIGNATURE);
  });

  it('signs the headers in the fixed order whatever order they arrive in', () => {
    const reversed = Object.fromEntries(Object.entries(EXAMPLE).reverse()) as BeamHeaders;
    expect(beamSignature(PSK, reversed)).toBe(EXAMPLE_SIGNATURE);
  });

  it('a one-character change of any header or of the PSK gives another signature', () => {
    for (const name of Object.keys(EXAMPLE) as Array<keyof BeamHeaders>) {
      expect(beamSignature(PSK, { ...EXAMPLE, [name]: tweak(EXAMPLE[name]!) })).not.toBe(
        EXAMPLE_SIGNATURE,
      );
    }
    expect(beamSignature('mysecretkez', EXAMPLE)).not.toBe(EXAMPLE_SIGNATURE);
    expect(beamSignature(PSK, { ...EXAMPLE, 'x-soracom-msisdn': '1' })).not.toBe(EXAMPLE_SIGNATURE);
  });
});

describe('Beam verifier', () => {
  const make = (
    now = AT,
    psks: Array<{ psk: string; group?: string }> = [{ psk: PSK, group: 'beam-group' }],
  ) => createBeamVerifier({ psks, clock: { now: () => now } });
  const example = (): Record<string, string> => ({
    ...(EXAMPLE as Record<string, string>),
    'x-soracom-signature-version': '20151001',
    'x-soracom-signature': EXAMPLE_SIGNATURE,
  });

  it('accepts the documented example and names the SIM and the group of its PSK', () => {
    expect(make().verify(getter(example()))).toEqual({
      ok: true,
      identity: {
        via: 'beam',
        imsi: '295000012345678',
        imei: '860000012345678',
        group: 'beam-group',
      },
    });
  });

  it('refuses the example with any header changed by one character', () => {
    for (const name of Object.keys(EXAMPLE)) {
      const h = example();
      h[name] = tweak(h[name]!);
      const v = make().verify(getter(h));
      expect(v, name).toMatchObject({ ok: false, reason: 'Beam signature does not match' });
    }
    const h = example();
    h['x-soracom-signature'] = tweak(EXAMPLE_SIGNATURE);
    expect(make().verify(getter(h)).ok).toBe(false);
  });

  it('refuses the example under a PSK one character off', () => {
    const v = make(AT, [{ psk: 'mysecretkez' }]).verify(getter(example()));
    expect(v).toMatchObject({ ok: false, reason: 'Beam signature does not match' });
  });

  it('refuses a header Beam did not sign being added', () => {
    const h = { ...example(), 'x-soracom-msisdn': '818000000001' };
    expect(make().verify(getter(h)).ok).toBe(false);
  });

  it('refuses stale and future timestamps, accepts the edges of the window', () => {
    expect(make(AT + 5 * 60_000 + 1).verify(getter(example()))).toMatchObject({
      ok: false,
      reason: 'Beam timestamp too old',
    });
    expect(make(AT - 60_000 - 1).verify(getter(example()))).toMatchObject({
      ok: false,
      reason: 'Beam timestamp in the future',
    });
    expect(make(AT + 5 * 60_000).verify(getter(example())).ok).toBe(true);
    expect(make(AT - 60_000).verify(getter(example())).ok).toBe(true);
  });

  it('refuses a replay inside the window, and a fresh signature still passes', () => {
    let now = AT;
    const v = createBeamVerifier({ psks: [{ psk: PSK }], clock: { now: () => now } });
    expect(v.verify(getter(example())).ok).toBe(true);
    now += 1000;
    expect(v.verify(getter(example()))).toMatchObject({
      ok: false,
      reason: 'Beam signature replayed',
    });
    const fresh = signed({ ...EXAMPLE, 'x-soracom-timestamp': String(now) });
    expect(v.verify(getter(fresh)).ok).toBe(true);
  });

  it('refuses missing pieces: version, signature, IMSI, timestamp', () => {
    const noVersion = example();
    delete noVersion['x-soracom-signature-version'];
    expect(make().verify(getter(noVersion)).ok).toBe(false);
    const { 'x-soracom-imsi': _imsi, ...noImsi } = EXAMPLE;
    expect(make().verify(getter(signed(noImsi)))).toMatchObject({ ok: false });
    const { 'x-soracom-timestamp': _ts, ...noTs } = EXAMPLE;
    expect(make().verify(getter(signed(noTs)))).toMatchObject({
      ok: false,
      reason: 'no Beam timestamp',
    });
    const long = signed({ ...EXAMPLE, 'x-soracom-imei': '1'.repeat(200) });
    expect(make().verify(getter(long))).toMatchObject({ ok: false });
  });

  it('keeps its replay cache bounded and fails closed when it is full of live entries', () => {
    const cache = new ReplayCache(2);
    expect(cache.use('a', 100, 0)).toBe('ok');
    expect(cache.use('b', 100, 0)).toBe('ok');
    expect(cache.use('c', 100, 0)).toBe('full');
    expect(cache.use('a', 100, 50)).toBe('replay');
    // Once a and b expire they are swept to make room.
    expect(cache.use('c', 300, 200)).toBe('ok');
    expect(cache.size).toBe(1);
  });

  it('needs a PSK to be built', () => {
    expect(() => createBeamVerifier({ psks: [] })).toThrow(/PSK/);
    expect(BEAM_SIGNED_HEADERS[0]).toBe('x-soracom-imei');
  });
});
