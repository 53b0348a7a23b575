import { describe, expect, it } from 'vitest';
import { chooseLocale, isRtl, pickLocale } from './locales';

describe('pickLocale (the browser languages)', () => {
  it('takes the first language we have, exactly or by its base language', () => {
    expect(pickLocale(['de-DE', 'en-GB'])).toBe('de');
    expect(pickLocale(['tr-TR', 'en'])).toBe('tr');
    expect(pickLocale(['en-GB'])).toBe('en');
    expect(pickLocale(['ar'])).toBe('ar');
    expect(pickLocale(['ja-JP'])).toBe('ja');
    expect(pickLocale(['uk-UA', 'ru'])).toBe('uk');
  });
  it('falls back to another region of the same language (pt-PT → pt-BR)', () => {
    expect(pickLocale(['pt-PT'])).toBe('pt-BR');
    expect(pickLocale(['pt'])).toBe('pt-BR');
    expect(pickLocale(['PT_br'])).toBe('pt-BR');
    expect(pickLocale(['fr-CA'])).toBe('fr');
    expect(pickLocale(['es-419'])).toBe('es');
  });
  it('prefers a region fallback of the first language over the second language', () => {
    expect(pickLocale(['pt-PT', 'en-US'])).toBe('pt-BR');
  });
  it('skips languages we do not have, English when nothing matches', () => {
    expect(pickLocale(['sv-SE', 'fi', 'pl'])).toBe('pl');
    expect(pickLocale(['zh-CN'])).toBe('en');
    expect(pickLocale([])).toBe('en');
    expect(pickLocale(['', '  '])).toBe('en');
  });
});

describe('chooseLocale (channel override)', () => {
  it('the channel setting wins; auto or an unknown value asks the browser', () => {
    expect(chooseLocale(['de-DE'], 'fr')).toBe('fr');
    expect(chooseLocale(['de-DE'], 'pt-BR')).toBe('pt-BR');
    expect(chooseLocale(['de-DE'], 'auto')).toBe('de');
    expect(chooseLocale(['de-DE'], 'xx')).toBe('de');
    expect(chooseLocale(['de-DE'], null)).toBe('de');
  });
  it('knows which languages run right to left', () => {
    expect(isRtl('ar')).toBe(true);
    expect(isRtl('de')).toBe(false);
  });
});
