/**
 * Where a language name stands in a sentence: on its own ("Sent in English"), or what a text is
 * translated from or into. English says that with a preposition in the message; Turkish with a
 * suffix on the name itself ("İngilizceden", "Türkçeye"), which a message cannot add, so the name
 * arrives inflected and the Turkish message reads "{language} çevrildi".
 */
export type TLanguageRole = 'plain' | 'from' | 'to';

/** `tr` → "Turkish" (in the console's language); the code itself when the browser can't name it. */
export function languageName(
  code: string | null | undefined,
  locale: string,
  role: TLanguageRole = 'plain',
): string {
  if (!code) return '?';
  let name: string;
  try {
    name = new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
  return role !== 'plain' && locale.toLowerCase().startsWith('tr') ? turkishCase(name, role) : name;
}

const BACK_VOWELS = 'aıou';
const VOWELS = 'aeıioöuü';
const VOICELESS = 'çfhkpsşt';

/**
 * Turkish ablative ("from": -den/-dan/-ten/-tan) and dative ("to": -ye/-ya/-e/-a) by vowel harmony
 * and consonant assimilation. "Svahili dili" (a name with "dili") becomes "dilinden" / "diline".
 */
export function turkishCase(name: string, role: 'from' | 'to'): string {
  if (/ dili$/.test(name)) return `${name}${role === 'from' ? 'nden' : 'ne'}`;
  const lower = name.toLocaleLowerCase('tr');
  const lastVowel = [...lower].reverse().find((c) => VOWELS.includes(c));
  if (!lastVowel) return name;
  const back = BACK_VOWELS.includes(lastVowel);
  const last = lower.at(-1) ?? '';
  const endsInVowel = VOWELS.includes(last);
  if (role === 'to') return `${name}${endsInVowel ? 'y' : ''}${back ? 'a' : 'e'}`;
  return `${name}${VOICELESS.includes(last) ? 't' : 'd'}${back ? 'an' : 'en'}`;
}
