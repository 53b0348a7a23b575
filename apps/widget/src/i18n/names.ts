/**
 * The widget's languages (G5), each by its own name (the console's channel settings list them;
 * `@parley/widget/languages`). English is inline (src/lib/i18n.ts); every other
 * table is a chunk of its own, imported the first time a visitor needs it. The API's list
 * (apps/api/src/domain/live-chat/website-config.ts) must be this one; test/contract.test.ts checks it.
 */
export const LANGUAGE_NAMES = {
  en: 'English',
  tr: 'Türkçe',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  it: 'Italiano',
  'pt-BR': 'Português (Brasil)',
  nl: 'Nederlands',
  pl: 'Polski',
  ru: 'Русский',
  uk: 'Українська',
  ar: 'العربية',
  ja: '日本語',
} as const;

export type Locale = keyof typeof LANGUAGE_NAMES;
