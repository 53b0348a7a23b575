/**
 * The filters of a searchable list live in the page URL (a search can be bookmarked, shared and survives a
 * reload), each field under a short parameter name. Archive and CRM → Visitors both keep theirs this way.
 */

/** The longest search the API accepts; longer words typed are cut rather than refused. */
export const SEARCH_MAX = 200;

/** Each field's value from the URL; a missing parameter reads as empty (no filter). */
export function readFilterParams<TKey extends string>(
  params: URLSearchParams,
  names: Readonly<Record<TKey, string>>,
): Record<TKey, string> {
  const values = {} as Record<TKey, string>;
  for (const key of Object.keys(names) as TKey[]) values[key] = params.get(names[key]) ?? '';
  return values;
}

/** The URL parameters of the filters, empty ones left out so a clean list has a clean address. */
export function filterParams<TKey extends string>(
  filters: Readonly<Record<TKey, string>> & { q: string },
  names: Readonly<Record<TKey, string>>,
): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of Object.keys(names) as TKey[]) {
    const value = key === 'q' ? filters.q.trim() : filters[key];
    if (value) params.set(names[key], value);
  }
  return params;
}

/** The words as the search input sends them: spaces folded, at most SEARCH_MAX characters. */
export function searchWords(q: string): string {
  return q.trim().replace(/\s+/g, ' ').slice(0, SEARCH_MAX);
}
