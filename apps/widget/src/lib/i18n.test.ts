import { describe, expect, it } from 'vitest';
import { loaderStrings } from '../loader/strings';
import { catalogues, createTranslator, isolate, pickLocale } from './i18n';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message tables', () => {
  it('have the same keys and placeholders in every locale', () => {
    const [base, ...others] = Object.values(catalogues);
    for (const table of others) {
      expect(Object.keys(table).sort()).toEqual(Object.keys(base ?? {}).sort());
      for (const [key, text] of Object.entries(base ?? {})) {
        expect(placeholders(table[key as keyof typeof table]), key).toEqual(placeholders(text));
        expect(table[key as keyof typeof table].trim(), key).not.toBe('');
      }
    }
  });
  it('the loader has the same keys in every locale', () => {
    expect(Object.keys(loaderStrings.tr).sort()).toEqual(Object.keys(loaderStrings.en).sort());
  });
});

describe('locale', () => {
  it('picks Turkish or English from the browser languages', () => {
    expect(pickLocale(['tr-TR', 'en'])).toBe('tr');
    expect(pickLocale(['de-DE', 'en-GB'])).toBe('en');
    expect(pickLocale(['fr'])).toBe('en');
  });
  it('fills placeholders', () => {
    expect(createTranslator('tr')('typing', { name: 'Ayşe' })).toBe('Ayşe yazıyor…');
  });
  it('isolates user text in plain text, so a right-to-left name cannot flip what follows', () => {
    expect(`${isolate('مريم\u202e')} joined`).toBe('\u2068مريم\u202e\u2069 joined');
  });
});
