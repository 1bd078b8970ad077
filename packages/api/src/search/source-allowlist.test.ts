import { describe, expect, it } from 'vitest';
import { createSourceAllowlist } from './source-allowlist.js';

describe('createSourceAllowlist', () => {
  it('matches IPv4 networks, including IPv4-mapped IPv6 peers', () => {
    const allowed = createSourceAllowlist(['127.0.0.2/32', '10.1.0.0/16']);
    expect(allowed('127.0.0.2')).toBe(true);
    expect(allowed('::ffff:127.0.0.2')).toBe(true);
    expect(allowed('127.0.0.1')).toBe(false);
    expect(allowed('10.1.200.3')).toBe(true);
    expect(allowed('10.2.0.1')).toBe(false);
    expect(allowed(undefined)).toBe(false);
    expect(allowed('garbage')).toBe(false);
  });

  it('matches IPv6 networks and bare addresses', () => {
    const allowed = createSourceAllowlist(['2001:db8::/32', '::1']);
    expect(allowed('2001:db8:1::5')).toBe(true);
    expect(allowed('2001:db9::5')).toBe(false);
    expect(allowed('::1')).toBe(true);
    expect(allowed('127.0.0.1')).toBe(false);
  });

  it('allows everything when empty and refuses malformed entries', () => {
    expect(createSourceAllowlist([])('203.0.113.9')).toBe(true);
    expect(() => createSourceAllowlist(['10.0.0.0/33'])).toThrow();
    expect(() => createSourceAllowlist(['10.0.0/8'])).toThrow();
  });
});
