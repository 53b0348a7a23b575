import { describe, expect, it } from 'vitest';
import tr from '../i18n/tr';
import { loaderStrings } from '../loader/strings';
import { createTranslator, english, isolate } from './i18n';

describe('translator', () => {
  it('fills placeholders from the loaded table', () => {
    expect(createTranslator('tr', tr)('typing', { name: 'Ayşe' })).toBe('Ayşe yazıyor…');
  });
  it('falls back to English for a key the table lacks or cannot parse', () => {
    expect(createTranslator('de', {})('send')).toBe('Send');
    expect(createTranslator('de', { send: '{broken' })('send')).toBe(english.send);
  });
  it('formats plurals', () => {
    expect(createTranslator('en')('unreadLabel', { count: 1 })).toBe('Open chat, 1 unread message');
    expect(createTranslator('en')('unreadLabel', { count: 4 })).toBe('Open chat, 4 unread messages');
  });
  it('the loader has the same keys in every locale', () => {
    expect(Object.keys(loaderStrings.tr).sort()).toEqual(Object.keys(loaderStrings.en).sort());
  });
  it('isolates user text in plain text, so a right-to-left name cannot flip what follows', () => {
    expect(`${isolate('مريم\u202e')} joined`).toBe('\u2068مريم\u202e\u2069 joined');
  });
});
