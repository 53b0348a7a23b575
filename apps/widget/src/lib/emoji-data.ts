/**
 * The widget's emoji data (C10): one small JSON file built from emojibase (via
 * emoji-picker-element-data), served by us with a hashed name, so the browser's HTTP cache keeps
 * it. No IndexedDB: a third-party iframe is denied it. Skin-tone variants and the newest emoji
 * (which older systems draw as boxes) are left out to keep it near 30 KB compressed.
 */

/** [group, emoji, annotation (its accessible name), "tag tag…"] */
export type EmojiEntry = [number, string, string, string];

/** Emojibase groups, in display order (2, the skin-tone components, is not listed). */
export const EMOJI_GROUPS = [0, 1, 3, 4, 5, 6, 7, 8, 9] as const;
export const NEWEST_EMOJI_VERSION = 14;

interface SourceEmoji {
  emoji: string;
  annotation: string;
  tags?: string[];
  group?: number;
  order?: number;
  version: number;
}

export function trimEmojiData(source: SourceEmoji[]): EmojiEntry[] {
  return source
    .filter(
      (e) =>
        typeof e.group === 'number' &&
        (EMOJI_GROUPS as readonly number[]).includes(e.group) &&
        e.version <= NEWEST_EMOJI_VERSION,
    )
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
    .map((e) => [e.group as number, e.emoji, e.annotation, (e.tags ?? []).join(' ')]);
}

/** Entries whose words start with every word of `query` (case-insensitive). */
export function searchEmoji(entries: EmojiEntry[], query: string): EmojiEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return entries;
  return entries.filter(([, , annotation, tags]) => {
    const own = `${annotation} ${tags}`.toLowerCase().split(/[\s:]+/);
    return words.every((w) => own.some((o) => o.startsWith(w)));
  });
}
