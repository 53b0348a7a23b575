/** C5: conversations carrying a tag; an empty tag id means no filter. */
export function filterByTag<T extends { tags: readonly { id: string }[] }>(
  list: readonly T[],
  tagId: string,
): T[] {
  return tagId ? list.filter((item) => item.tags.some((tag) => tag.id === tagId)) : [...list];
}

export type TTagChanges = { name?: string; color?: string };

/**
 * C5 Manage → Tags: what Save sends, only the fields that differ; null when nothing changed. The name
 * is trimmed and an emptied one is sent as is, so the server's refusal is what the admin reads. A tag
 * without a colour keeps none until a colour is picked.
 */
export function tagChanges(
  tag: { name: string; color: string | null },
  draft: { name: string; color: string | null },
): TTagChanges | null {
  const changes: TTagChanges = {};
  const name = draft.name.trim();
  if (name !== tag.name) changes.name = name;
  if (draft.color !== null && draft.color.toLowerCase() !== tag.color?.toLowerCase()) {
    changes.color = draft.color;
  }
  return changes.name === undefined && changes.color === undefined ? null : changes;
}
