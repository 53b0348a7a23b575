import type { TLocale } from '../lib/locale';
import en from './messages/en.json';
import tr from './messages/tr.json';

// en.json is extracted from the code (`npm run i18n:extract`); the others are translations of it.
// Adding a locale = a new messages/<locale>.json here + its id in lib/locale.ts.
export const catalogues: Record<TLocale, Record<string, string>> = { en, tr };
