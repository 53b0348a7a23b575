import { useMemo } from 'react';
import { type TMe, trpc } from './trpc';

/** Write-through helpers for the cached `auth.me` after a mutation answered with the new user. */
export function useMeCache() {
  const utils = trpc.useUtils();
  return useMemo(
    () => ({
      // Answers of the user's own settings carry the database's operator flag only; being an operator
      // through PARLEY_OPERATOR_EMAILS (which `auth.me` counts) does not change with a setting.
      set: (me: TMe) =>
        utils.auth.me.setData(undefined, (old) => ({
          ...me,
          operator: me.operator || (old?.operator ?? false),
        })),
      patch: (patch: Partial<TMe>) =>
        utils.auth.me.setData(undefined, (old) => (old ? { ...old, ...patch } : old)),
      invalidate: () => utils.auth.me.invalidate(),
    }),
    [utils],
  );
}
