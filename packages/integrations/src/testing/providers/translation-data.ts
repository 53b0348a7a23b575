/** A tiny "machine translation" shared by the translator fakes: a dictionary, then a tagged echo. */
const DICTIONARY: Record<string, Record<string, string>> = {
  hello: { de: 'Hallo', tr: 'Merhaba', fr: 'Bonjour', es: 'Hola', en: 'Hello' },
  'thank you': { de: 'Danke', tr: 'Teşekkürler', fr: 'Merci', es: 'Gracias', en: 'Thank you' },
  merhaba: { en: 'Hello', de: 'Hallo', tr: 'Merhaba' },
  hallo: { en: 'Hello', tr: 'Merhaba', de: 'Hallo' },
};

const MARKERS: Record<string, string[]> = {
  tr: ['merhaba', 'teşekkür', 'nasıl', 'ğ', 'ş', 'ı'],
  de: ['hallo', 'danke', 'ß', 'ü', 'wie geht'],
  fr: ['bonjour', 'merci', 'ç'],
  es: ['hola', 'gracias', 'ñ'],
};

export const FAKE_LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'de', name: 'German' },
  { code: 'tr', name: 'Turkish' },
  { code: 'fr', name: 'French' },
  { code: 'es', name: 'Spanish' },
];

export function fakeDetect(text: string): { language: string; confidence: number } {
  const t = text.toLowerCase();
  for (const [language, markers] of Object.entries(MARKERS)) {
    if (markers.some((m) => t.includes(m))) return { language, confidence: 90 };
  }
  return { language: 'en', confidence: 60 };
}

export function fakeTranslate(text: string, target: string): string {
  const key = text
    .trim()
    .toLowerCase()
    .replace(/[!.?]+$/, '');
  return DICTIONARY[key]?.[target] ?? `[${target}] ${text}`;
}
