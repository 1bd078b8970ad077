import { afterEach, describe, expect, it, vi } from 'vitest';
import { inCi, MissingInCiError, requireOrSkip } from './require-or-skip.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('requireOrSkip', () => {
  it('runs when nothing is missing, in CI or not', () => {
    expect(requireOrSkip('x', undefined, {})).toBe(false);
    expect(requireOrSkip('x', undefined, { CI: 'true' })).toBe(false);
  });

  it('skips locally with one line naming what and why', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(requireOrSkip('the thing', 'no chromium', {})).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith('skipping the thing: no chromium');
  });

  it('fails in CI with the reason', () => {
    expect(() => requireOrSkip('the thing', 'no chromium', { CI: 'true' })).toThrow(
      MissingInCiError,
    );
    expect(() => requireOrSkip('the thing', 'no chromium', { CI: '1' })).toThrow(/no chromium/);
  });

  it('reads CI as CI services set it', () => {
    expect(inCi({ CI: 'true' })).toBe(true);
    expect(inCi({ CI: '1' })).toBe(true);
    expect(inCi({ CI: 'false' })).toBe(false);
    expect(inCi({ CI: '' })).toBe(false);
    expect(inCi({})).toBe(false);
  });
});
