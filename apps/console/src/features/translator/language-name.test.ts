import { describe, expect, it } from 'vitest';
import { languageName, turkishCase } from './language-name';

describe('languageName', () => {
  it('names a language in the console’s language', () => {
    expect(languageName('tr', 'en')).toBe('Turkish');
    expect(languageName('en', 'tr')).toBe('İngilizce');
  });
  it('falls back to the code, or a question mark when unknown', () => {
    expect(languageName('not a code!', 'en')).toBe('not a code!');
    expect(languageName(null, 'en')).toBe('?');
  });
  it('inflects Turkish names for "translated from" and "into", leaving other languages as they are', () => {
    expect(languageName('en', 'tr', 'to')).toBe('İngilizceye');
    expect(languageName('tr', 'tr', 'from')).toBe('Türkçeden');
    expect(languageName('de', 'tr', 'from')).toBe('Almancadan');
    expect(languageName('ar', 'tr', 'to')).toBe('Arapçaya');
    expect(languageName('sw', 'tr', 'from')).toBe('Svahili dilinden');
    expect(languageName('en', 'en', 'from')).toBe('English');
  });
  it('follows vowel harmony and hardens after voiceless consonants', () => {
    expect(turkishCase('Türkçe', 'to')).toBe('Türkçeye');
    expect(turkishCase('Fransızca', 'from')).toBe('Fransızcadan');
    expect(turkishCase('Dutch', 'from')).toBe('Dutchtan');
    expect(turkishCase('Esperanto', 'to')).toBe('Esperantoya');
    expect(turkishCase('Kiswahili', 'to')).toBe('Kiswahiliye');
  });
});
