import { describe, expect, it } from 'vitest';
import { pickBrowserLocale, resolveLocale } from './locale';

describe('pickBrowserLocale', () => {
  it('picks Turkish for any Turkish tag', () => {
    expect(pickBrowserLocale(['tr'])).toBe('tr');
    expect(pickBrowserLocale(['tr-TR', 'en-US'])).toBe('tr');
    expect(pickBrowserLocale(['TR_tr'])).toBe('tr');
  });

  it('falls back to English', () => {
    expect(pickBrowserLocale([])).toBe('en');
    expect(pickBrowserLocale(['de-DE', 'fr'])).toBe('en');
    expect(pickBrowserLocale(['en-GB', 'tr'])).toBe('en');
  });

  it('skips unsupported languages to the first supported preference', () => {
    expect(pickBrowserLocale(['de-DE', 'tr-TR'])).toBe('tr');
  });

  it('does not treat look-alike tags as Turkish', () => {
    expect(pickBrowserLocale(['trv'])).toBe('en');
  });
});

describe('resolveLocale', () => {
  it('prefers an explicit choice, then the user, then the browser', () => {
    expect(resolveLocale({ override: 'tr', userLocale: 'en', browserLanguages: ['en'] })).toBe('tr');
    expect(resolveLocale({ userLocale: 'tr', browserLanguages: ['en-US'] })).toBe('tr');
    expect(resolveLocale({ userLocale: null, browserLanguages: ['tr-TR'] })).toBe('tr');
  });

  it('ignores locales without a catalogue', () => {
    expect(resolveLocale({ override: 'xx', userLocale: 'de', browserLanguages: ['tr'] })).toBe('tr');
  });
});
