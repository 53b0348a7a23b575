import { useState } from 'react';

/**
 * "Load earlier" for a transcript (the visitor chat's and the team chat's): fetches the page before
 * the first message and hands it to `apply` (which merges it into the cache), with a flag while it
 * loads.
 */
export function useLoadEarlier<TPage>(
  firstId: string | undefined,
  fetchPage: (before: string) => Promise<TPage>,
  apply: (page: TPage) => void,
) {
  const [loadingEarlier, setLoadingEarlier] = useState(false);
  async function loadEarlier() {
    if (!firstId) return;
    setLoadingEarlier(true);
    try {
      apply(await fetchPage(firstId));
    } finally {
      setLoadingEarlier(false);
    }
  }
  return { loadingEarlier, loadEarlier };
}
