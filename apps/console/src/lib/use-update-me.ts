import { useMemo } from 'react';
import { type TMe, trpc } from './trpc';

/** Write-through helpers for the cached `auth.me` after a mutation answered with the new user. */
export function useMeCache() {
  const utils = trpc.useUtils();
  return useMemo(
    () => ({
      set: (me: TMe) => utils.auth.me.setData(undefined, me),
      patch: (patch: Partial<TMe>) =>
        utils.auth.me.setData(undefined, (old) => (old ? { ...old, ...patch } : old)),
      invalidate: () => utils.auth.me.invalidate(),
    }),
    [utils],
  );
}
