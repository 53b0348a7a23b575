import { describe, expect, it } from 'vitest';
import { languageName } from './language-name';

describe('languageName', () => {
  it('names a language in the console’s language', () => {
    expect(languageName('tr', 'en')).toBe('Turkish');
    expect(languageName('en', 'tr')).toBe('İngilizce');
  });
  it('falls back to the code, or a question mark when unknown', () => {
    expect(languageName('not a code!', 'en')).toBe('not a code!');
    expect(languageName(null, 'en')).toBe('?');
  });
});
