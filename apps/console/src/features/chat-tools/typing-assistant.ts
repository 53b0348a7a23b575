import type { TKeyValueStorage } from '../../lib/drafts';

/**
 * C12: suggests the rest of a sentence I often send. Learnt from my own sent messages and kept only in
 * this browser (localStorage, per agent); nothing leaves the device.
 */
export type TPhrase = { count: number; last: number };
export type TPhraseBook = Record<string, TPhrase>;

export const MIN_SENTENCE = 8;
export const MAX_SENTENCE = 200;
/** A sentence must have been sent this many times before it is suggested ("often"). */
export const MIN_COUNT = 2;
const MAX_PHRASES = 300;

/** Sentences of a sent message, split after . ! ? … and line breaks, whitespace tidied. */
export function splitSentences(body: string): string[] {
  return body
    .split(/(?<=[.!?…])\s+|\n+/u)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length >= MIN_SENTENCE && s.length <= MAX_SENTENCE);
}

const score = (phrase: TPhrase, now: number) =>
  // Each week without use halves a sentence's weight, so old habits give way to new ones.
  phrase.count * 0.5 ** ((now - phrase.last) / (7 * 24 * 3600_000));

/** The book after sending `body`; the least useful sentences go when it grows past its size. */
export function learn(book: TPhraseBook, body: string, now: number): TPhraseBook {
  const next: TPhraseBook = { ...book };
  for (const sentence of splitSentences(body)) {
    const known = next[sentence];
    next[sentence] = { count: (known?.count ?? 0) + 1, last: now };
  }
  const keys = Object.keys(next);
  if (keys.length <= MAX_PHRASES) return next;
  const keep = keys
    .sort((a, b) => score(next[b] as TPhrase, now) - score(next[a] as TPhrase, now))
    .slice(0, MAX_PHRASES);
  return Object.fromEntries(keep.map((k) => [k, next[k] as TPhrase]));
}

/**
 * What to show after the draft as ghost text: the rest of the best sentence that starts with the
 * sentence being typed (at least 3 characters in, case-insensitive), or null.
 */
export function suggest(book: TPhraseBook, draft: string, now: number): string | null {
  const current = draft.split(/(?<=[.!?…])\s+|\n/u).pop() ?? '';
  const typed = current.replace(/^\s+/, '');
  if (typed.length < 3) return null;
  const lower = typed.toLocaleLowerCase();
  let best: { rest: string; score: number } | null = null;
  for (const [sentence, phrase] of Object.entries(book)) {
    if (phrase.count < MIN_COUNT || sentence.length <= typed.length) continue;
    if (!sentence.toLocaleLowerCase().startsWith(lower)) continue;
    const value = score(phrase, now);
    if (!best || value > best.score) best = { rest: sentence.slice(typed.length), score: value };
  }
  return best?.rest ?? null;
}

const key = (userId: string) => `parley.phrases.${userId}`;
const enabledKey = (userId: string) => `parley.assistant.${userId}`;

export function loadPhraseBook(storage: TKeyValueStorage | undefined, userId: string): TPhraseBook {
  try {
    const raw = storage?.getItem(key(userId));
    const parsed = raw ? (JSON.parse(raw) as unknown) : null;
    if (typeof parsed !== 'object' || parsed === null) return {};
    const book: TPhraseBook = {};
    for (const [sentence, value] of Object.entries(parsed as Record<string, unknown>)) {
      const phrase = value as Partial<TPhrase> | null;
      if (typeof phrase?.count === 'number' && typeof phrase.last === 'number')
        book[sentence] = { count: phrase.count, last: phrase.last };
    }
    return book;
  } catch {
    return {};
  }
}

export function savePhraseBook(storage: TKeyValueStorage | undefined, userId: string, book: TPhraseBook) {
  try {
    storage?.setItem(key(userId), JSON.stringify(book));
  } catch {
    // Full or disabled storage: suggestions are a convenience.
  }
}

export function clearPhraseBook(storage: TKeyValueStorage | undefined, userId: string) {
  try {
    storage?.removeItem(key(userId));
  } catch {
    // Nothing to clear.
  }
}

/** On unless the agent turned it off. */
export function loadAssistantEnabled(storage: TKeyValueStorage | undefined, userId: string): boolean {
  try {
    return storage?.getItem(enabledKey(userId)) !== 'off';
  } catch {
    return true;
  }
}

export function saveAssistantEnabled(storage: TKeyValueStorage | undefined, userId: string, on: boolean) {
  try {
    storage?.setItem(enabledKey(userId), on ? 'on' : 'off');
  } catch {
    // Lasts for this page only.
  }
}
