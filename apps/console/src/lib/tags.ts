/** C5: conversations carrying a tag; an empty tag id means no filter. */
export function filterByTag<T extends { tags: readonly { id: string }[] }>(
  list: readonly T[],
  tagId: string,
): T[] {
  return tagId ? list.filter((item) => item.tags.some((tag) => tag.id === tagId)) : [...list];
}
