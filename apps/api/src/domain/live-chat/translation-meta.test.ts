import { describe, expect, it } from 'vitest';
import { bodyForVisitor, primaryLanguage, readTranslation } from './translation-meta';

describe('readTranslation', () => {
  it('reads a stored translation and ignores malformed meta', () => {
    expect(
      readTranslation({ translation: { status: 'translated', from: 'tr', to: 'en', text: 'Hello' } }),
    ).toEqual({ status: 'translated', from: 'tr', to: 'en', text: 'Hello' });
    expect(
      readTranslation({ translation: { status: 'failed', from: null, to: 'en', error: 'timeout' } }),
    ).toEqual({
      status: 'failed',
      from: null,
      to: 'en',
      error: 'timeout',
    });
    for (const bad of [null, 'x', {}, { translation: 'x' }, { translation: { status: 'odd', to: 'en' } }])
      expect(readTranslation(bad)).toBeUndefined();
    expect(readTranslation({ translation: { status: 'same' } })).toBeUndefined();
  });
});

describe('bodyForVisitor', () => {
  const meta = { translation: { status: 'translated', from: 'en', to: 'tr', text: 'Merhaba' } };
  it('gives the visitor the translation of an agent message', () => {
    expect(bodyForVisitor({ authorType: 'agent', body: 'Hello', meta })).toBe('Merhaba');
  });
  it('keeps the original when the translation failed, and for the visitor’s own messages', () => {
    expect(
      bodyForVisitor({
        authorType: 'agent',
        body: 'Hello',
        meta: { translation: { status: 'failed', to: 'tr' } },
      }),
    ).toBe('Hello');
    expect(bodyForVisitor({ authorType: 'visitor', body: 'Merhaba', meta })).toBe('Merhaba');
    expect(bodyForVisitor({ authorType: 'agent', body: 'Hi', meta: null })).toBe('Hi');
  });
});

describe('primaryLanguage', () => {
  it('takes the primary subtag of a language tag', () => {
    expect(primaryLanguage('tr-TR')).toBe('tr');
    expect(primaryLanguage('EN')).toBe('en');
    expect(primaryLanguage('pt_BR')).toBe('pt');
    expect(primaryLanguage('und')).toBeNull();
    expect(primaryLanguage('')).toBeNull();
    expect(primaryLanguage(null)).toBeNull();
    expect(primaryLanguage('<script>')).toBeNull();
  });
});
