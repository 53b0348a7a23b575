import type { Messages } from '../lib/i18n';

import { LANGUAGE_NAMES, type Locale } from './names';

export { LANGUAGE_NAMES, type Locale } from './names';
export const LOCALES = Object.keys(LANGUAGE_NAMES) as Locale[];

const RTL: readonly string[] = ['ar'];
export const isRtl = (locale: string) => RTL.includes(locale);

const base = (tag: string) => tag.split('-')[0] ?? tag;

/**
 * The best of our languages for the browser's list (`navigator.languages`, most wanted first): for
 * each entry in order, the exact language-region, else the same language in another region (pt-PT →
 * pt-BR, de-AT → de, en-GB → en); English when nothing matches. A visitor who reads Portuguese first
 * gets Brazilian Portuguese before their second choice.
 */
export function pickLocale(languages: readonly string[]): Locale {
  for (const raw of languages) {
    const tag = raw.trim().replace(/_/g, '-').toLowerCase();
    if (!tag) continue;
    const exact = LOCALES.find((l) => l.toLowerCase() === tag);
    if (exact) return exact;
    const same = LOCALES.find((l) => base(l.toLowerCase()) === base(tag));
    if (same) return same;
  }
  return 'en';
}

/** The channel's setting wins when it names one of our languages; `auto` (or anything else) asks the browser. */
export function chooseLocale(languages: readonly string[], override?: string | null): Locale {
  return override && (LOCALES as string[]).includes(override) ? (override as Locale) : pickLocale(languages);
}

type Table = Promise<{ default: Messages }>;

/** One dynamic import per language, so each is its own chunk. */
const tables: Record<Exclude<Locale, 'en'>, () => Table> = {
  tr: () => import('./tr'),
  de: () => import('./de'),
  fr: () => import('./fr'),
  es: () => import('./es'),
  it: () => import('./it'),
  'pt-BR': () => import('./pt-BR'),
  nl: () => import('./nl'),
  pl: () => import('./pl'),
  ru: () => import('./ru'),
  uk: () => import('./uk'),
  ar: () => import('./ar'),
  ja: () => import('./ja'),
};

/** The language's strings; English needs no request (undefined: use the inline table). */
export async function loadMessages(locale: Locale): Promise<Messages | undefined> {
  return locale === 'en' ? undefined : (await tables[locale]()).default;
}
