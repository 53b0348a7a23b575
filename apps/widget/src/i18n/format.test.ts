import { describe, expect, it } from 'vitest';
import { formatMessage } from './format';

describe('formatMessage (the ICU subset)', () => {
  it('fills arguments; a missing one is empty', () => {
    expect(formatMessage('{name} is typing…', { name: 'Ayşe' }, 'en')).toBe('Ayşe is typing…');
    expect(formatMessage('Hi {name}', {}, 'en')).toBe('Hi ');
  });
  it('picks plural categories of the language, with # as the localised count', () => {
    const ru = '{count, plural, one {# сообщение} few {# сообщения} many {# сообщений} other {# сообщения}}';
    expect([1, 3, 5, 21, 111].map((count) => formatMessage(ru, { count }, 'ru'))).toEqual([
      '1 сообщение',
      '3 сообщения',
      '5 сообщений',
      '21 сообщение',
      '111 сообщений',
    ]);
    const ar = '{count, plural, zero {z} one {o} two {t} few {# f} many {# m} other {# x}}';
    expect([0, 1, 2, 3, 11, 100].map((count) => formatMessage(ar, { count }, 'ar'))).toEqual([
      'z',
      'o',
      't',
      // # is the count in the language's digits (Arabic or Latin, as the runtime's CLDR has it).
      `${(3).toLocaleString('ar')} f`,
      `${(11).toLocaleString('ar')} m`,
      `${(100).toLocaleString('ar')} x`,
    ]);
    expect(formatMessage('{n, plural, =0 {none} one {one} other {#}}', { n: 0 }, 'en')).toBe('none');
  });
  it('selects, and quotes with apostrophes as ICU does', () => {
    expect(formatMessage('{g, select, a {A} other {O}}', { g: 'b' }, 'en')).toBe('O');
    expect(formatMessage("It''s '{literal}' {x}", { x: 'y' }, 'en')).toBe("It's {literal} y");
    expect(formatMessage("l'équipe", {}, 'fr')).toBe("l'équipe");
  });
  it('refuses broken messages', () => {
    expect(() => formatMessage('{count, plural, one {#}', { count: 1 }, 'en')).toThrow(SyntaxError);
    expect(() => formatMessage('{count, plural, one {#}}', { count: 1 }, 'en')).toThrow(SyntaxError);
    expect(() => formatMessage('a } b', {}, 'en')).toThrow(SyntaxError);
  });
});
