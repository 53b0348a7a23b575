export const SUPPORTED_LOCALES = ['en', 'tr'] as const;
export type TLocale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: TLocale = 'en';

export function isSupportedLocale(value: unknown): value is TLocale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/**
 * The language before login: the first of the browser's preferred languages we have a catalogue for
 * ("tr-TR" → tr), else English.
 */
export function pickBrowserLocale(languages: readonly string[]): TLocale {
  for (const tag of languages) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if (isSupportedLocale(base)) return base;
  }
  return DEFAULT_LOCALE;
}

export function getBrowserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  if (navigator.languages && navigator.languages.length > 0) return navigator.languages;
  return navigator.language ? [navigator.language] : [];
}

/**
 * Which language the console speaks: a choice made on this screen (e.g. the language picker on the login
 * page) wins, then the logged-in user's saved locale, then the browser.
 */
export function resolveLocale(options: {
  override?: string | null;
  userLocale?: string | null;
  browserLanguages: readonly string[];
}): TLocale {
  if (isSupportedLocale(options.override)) return options.override;
  if (isSupportedLocale(options.userLocale)) return options.userLocale;
  return pickBrowserLocale(options.browserLanguages);
}
