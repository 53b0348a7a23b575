import { describe, expect, it } from 'vitest';
import { extractMessages, findCatalogueProblems, placeholdersOf, readCatalogues } from './messages';

describe('placeholdersOf', () => {
  it('lists arguments, plurals and tags', () => {
    expect(placeholdersOf('Hi {name}, {count, plural, one {# chat} other {# chats}} <b>now</b>')).toEqual([
      'b:tag',
      'count:plural',
      'name:argument',
    ]);
  });
});

describe('findCatalogueProblems', () => {
  const source = { 'a.title': 'Hello {name}', 'a.count': '{n, plural, one {# item} other {# items}}' };

  it('accepts complete catalogues', () => {
    const tr = { 'a.title': 'Merhaba {name}', 'a.count': '{n, plural, other {# öğe}}' };
    expect(findCatalogueProblems(source, { en: { ...source }, tr })).toEqual([]);
  });

  it('reports missing, extra, mismatched and broken messages', () => {
    const tr = { 'a.title': 'Merhaba {isim}', 'a.extra': 'x' };
    const en = { 'a.title': 'Hello {name}', 'a.count': '{n, plural, one {# item' };
    const problems = findCatalogueProblems(source, { en, tr });
    expect(problems).toEqual(
      expect.arrayContaining([
        'tr: missing "a.count"',
        'tr: extra "a.extra" is not used in the code',
        expect.stringContaining('tr: "a.title" has placeholders [isim:argument]'),
        expect.stringContaining('en: "a.count" differs from the code'),
        expect.stringContaining('en: "a.count" is not valid ICU'),
      ]),
    );
  });

  it('reports messages without an explicit id', () => {
    expect(findCatalogueProblems({ Xy1z9Q: 'Hi' }, { en: { Xy1z9Q: 'Hi' } })[0]).toContain(
      'no explicit dotted id',
    );
  });
});

describe('the console catalogues', () => {
  it('cover exactly the messages in the code, with matching placeholders', () => {
    expect(findCatalogueProblems(extractMessages(), readCatalogues())).toEqual([]);
  }, 30_000);
});
