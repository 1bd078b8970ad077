import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.js';
import { ja } from '../i18n/ja.js';
import { preferredLocale } from './useI18n.js';

describe('preferredLocale', () => {
  it('is Japanese when the browser prefers Japanese', () => {
    expect(preferredLocale(['ja-JP', 'en-US'])).toBe('ja');
    expect(preferredLocale(['fr-FR', 'ja'])).toBe('ja');
  });

  it('is English otherwise', () => {
    expect(preferredLocale(['en-GB', 'ja'])).toBe('en');
    expect(preferredLocale(['fr-FR'])).toBe('en');
    expect(preferredLocale([])).toBe('en');
  });
});

describe('dictionaries', () => {
  it('carry the hands-on unknown-person message and no empty text', () => {
    expect(ja.unknownPerson).toBe('人物を特定できませんでした');
    expect(en.unknownPerson).toBe('Could not identify the person');
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    for (const text of [...Object.values(ja), ...Object.values(en)])
      expect(text.length).toBeGreaterThan(0);
  });
});
