import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { afterChatStrings } from '../frame/after-chat-strings';
import { callStrings } from '../frame/call/strings';
import { english, type Messages } from '../lib/i18n';
import { afterChatTables } from './after-chat';
import { callTables } from './call';
import { formatMessage } from './format';
import { LANGUAGE_NAMES, LOCALES, loadMessages } from './locales';

// G5: every language has every key English has, each message is valid ICU MessageFormat (formatjs'
// parser, the reference implementation), uses only placeholders English uses, and every plural
// covers each category its language needs for whole numbers (Arabic's six, Russian's four…).

function walk(
  elements: MessageFormatElement[],
  found: { args: Set<string>; plurals: { arg: string; keys: string[] }[] },
) {
  for (const e of elements) {
    if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time)
      found.args.add(e.value);
    if (e.type === TYPE.plural || e.type === TYPE.select) {
      found.args.add(e.value);
      if (e.type === TYPE.plural) found.plurals.push({ arg: e.value, keys: Object.keys(e.options) });
      for (const o of Object.values(e.options)) walk(o.value, found);
    }
    if (e.type === TYPE.tag) walk(e.children, found);
  }
  return found;
}

const inspect = (message: string) =>
  walk(parse(message, { requiresOtherClause: true }), { args: new Set(), plurals: [] });

/** The categories a language uses for 0…1000 (what a count of messages can be). */
function neededCategories(locale: string) {
  const rules = new Intl.PluralRules(locale);
  return [...new Set(Array.from({ length: 1001 }, (_, n) => rules.select(n)))].sort();
}

const tables = await Promise.all(
  LOCALES.map(async (l) => [l, (await loadMessages(l)) ?? english] as [string, Messages]),
);

describe('widget catalogues', () => {
  it('ships at least 12 languages, Arabic among them', () => {
    expect(LOCALES.length).toBeGreaterThanOrEqual(12);
    expect(LOCALES).toContain('ar');
  });

  it.each(tables)('%s has every English key, nothing more, none empty', (_, table) => {
    expect(Object.keys(table).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(table)) expect(text.trim(), key).not.toBe('');
  });

  it.each(tables)('%s: valid ICU, only English placeholders, full plurals', (locale, table) => {
    const categories = neededCategories(locale);
    const own = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
    for (const key of Object.keys(english) as (keyof Messages)[]) {
      const message = table[key];
      let found: ReturnType<typeof inspect>;
      try {
        found = inspect(message);
      } catch (e) {
        throw new Error(`${locale}.${key} is not valid ICU: ${(e as Error).message}\n${message}`);
      }
      const expected = inspect(english[key]).args;
      for (const arg of found.args) expect(expected.has(arg), `${locale}.${key} uses {${arg}}`).toBe(true);
      for (const p of found.plurals) {
        const keys = p.keys.filter((k) => !k.startsWith('='));
        for (const c of categories) expect(keys, `${locale}.${key} lacks plural "${c}"`).toContain(c);
        for (const k of keys) expect(own, `${locale}.${key}: "${k}" is no ${locale} category`).toContain(k);
      }
      // Our small runtime formatter reads it too (and formats without throwing).
      expect(() =>
        formatMessage(message, { name: 'Ada', email: 'a@b.test', time: '1:05', count: 3 }, locale),
      ).not.toThrow();
    }
  });

  it('names each language in itself', () => {
    expect(LANGUAGE_NAMES.de).toBe('Deutsch');
    expect(LANGUAGE_NAMES.ar).toBe('العربية');
    expect(new Set(Object.values(LANGUAGE_NAMES)).size).toBe(LOCALES.length);
  });
});

describe.each([
  ['rating and transcript panel', afterChatStrings.en, afterChatTables],
  ['call bar', callStrings.en, callTables],
] as [string, Record<string, string>, Record<string, Record<string, string>>][])(
  'the %s',
  (_, source, tables) => {
    it('has every language but English and Turkish (those live beside it)', () => {
      expect(Object.keys(tables).sort()).toEqual(LOCALES.filter((l) => l !== 'en' && l !== 'tr').sort());
    });
    it.each(Object.entries(tables))(
      '%s: every key, valid ICU, only English placeholders',
      (locale, table) => {
        expect(Object.keys(table).sort()).toEqual(Object.keys(source).sort());
        for (const [key, text] of Object.entries(source)) {
          const message = table[key] ?? '';
          expect(message.trim(), `${locale}.${key}`).not.toBe('');
          expect([...inspect(message).args].sort(), `${locale}.${key}`).toEqual(
            [...inspect(text).args].sort(),
          );
        }
      },
    );
  },
);

describe('the test itself', () => {
  it('catches a missing plural category, a stray placeholder and broken syntax', () => {
    expect(() => inspect('{count, plural, one {# x} other {# y}')).toThrow();
    expect([...inspect('{nmae} joined').args]).toEqual(['nmae']);
    const ru = inspect('{count, plural, one {# a} other {# b}}').plurals[0]?.keys ?? [];
    expect(neededCategories('ru').filter((c) => !ru.includes(c))).toEqual(['few', 'many']);
    expect(neededCategories('ar')).toEqual(['few', 'many', 'one', 'other', 'two', 'zero']);
  });
});
