import { useSearchParams } from 'react-router';

/**
 * A searchable list's filters, read from and written to the page URL (see url-filters.ts). `change` sets
 * some fields and keeps the others; `apply` replaces them all (Clear filters). Either replaces the history
 * entry, so Back leaves the list instead of stepping through every filter tried.
 */
export function useUrlFilters<TFilters>(
  fromParams: (params: URLSearchParams) => TFilters,
  toParams: (filters: TFilters) => URLSearchParams,
) {
  const [params, setParams] = useSearchParams();
  const filters = fromParams(params);
  const apply = (next: TFilters) => setParams(toParams(next), { replace: true });
  const change = (patch: Partial<TFilters>) => apply({ ...filters, ...patch });
  return { filters, apply, change };
}
