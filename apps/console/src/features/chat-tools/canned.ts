/**
 * C9: canned responses in the composer. Typing `/shortcut` (at the start of the draft or after a space)
 * opens a list; choosing one replaces the `/shortcut` with the response, its placeholders filled.
 */
export type TCannedResponse = {
  id: string;
  shortcut: string;
  text: string;
  hotkey: string | null;
  personal: boolean;
};

/** What `{{visitor.name}}`-style placeholders can refer to; a missing value becomes ''. */
export type TPlaceholderValues = Record<string, string | null | undefined>;

export const PLACEHOLDERS = [
  'visitor.name',
  'visitor.email',
  'visitor.phone',
  'agent.name',
  'channel.name',
] as const;

/** The `/word` being typed at `caret`, if any: where it starts and what follows the slash. */
export function cannedQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)\/([\p{L}\p{N}_-]{0,30})$/u.exec(before);
  if (!match) return null;
  const query = match[2] ?? '';
  return { start: caret - query.length - 1, query };
}

/** Shortcuts starting with the query first, then those containing it, then responses whose text does. */
export function matchCanned<T extends TCannedResponse>(list: readonly T[], query: string, limit = 8): T[] {
  const q = query.toLocaleLowerCase();
  const rank = (item: T) => {
    const shortcut = item.shortcut.toLocaleLowerCase();
    if (shortcut.startsWith(q)) return 0;
    if (shortcut.includes(q)) return 1;
    if (q.length >= 2 && item.text.toLocaleLowerCase().includes(q)) return 2;
    return -1;
  };
  return list
    .map((item) => ({ item, rank: rank(item) }))
    .filter((entry) => entry.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.item.shortcut.localeCompare(b.item.shortcut))
    .slice(0, limit)
    .map((entry) => entry.item);
}

/**
 * Replaces `{{ key }}` with its value. Keys we don't know stay as written, so a typo in a template shows
 * up in the composer for the agent to fix instead of silently vanishing.
 */
export function fillPlaceholders(template: string, values: TPlaceholderValues): string {
  return template.replace(/\{\{\s*([a-zA-Z]+(?:\.[a-zA-Z]+)*)\s*\}\}/g, (whole, key: string) =>
    Object.hasOwn(values, key) ? (values[key] ?? '') : whole,
  );
}

/** The draft after choosing a response for the `/query` that starts at `start`; the caret goes after it. */
export function expandCanned(
  text: string,
  caret: number,
  start: number,
  template: string,
  values: TPlaceholderValues,
): { text: string; caret: number } {
  const filled = fillPlaceholders(template, values);
  const next = text.slice(0, start) + filled + text.slice(caret);
  return { text: next, caret: start + filled.length };
}
