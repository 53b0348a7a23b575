import { useCallback, useSyncExternalStore } from 'react';
import { browserStorage, type TKeyValueStorage } from './drafts';

export interface TStoredPreference<TValue> {
  get(userId: string): TValue;
  set(userId: string, value: TValue): void;
  subscribe(listener: () => void): () => void;
}

/**
 * One agent's preference kept in this browser (the API has no field for it). Reads go through one cache
 * so every component gets the same object until it changes (useSyncExternalStore needs a stable
 * snapshot); a change reaches every component using it at once, and one made in another tab (a
 * `storage` event under `keyPrefix`) is read again.
 */
export function createStoredPreference<TValue>({
  keyPrefix,
  load,
  save,
  storage = browserStorage,
}: {
  keyPrefix: string;
  load: (storage: TKeyValueStorage | undefined, userId: string) => TValue;
  save: (storage: TKeyValueStorage | undefined, userId: string, value: TValue) => void;
  storage?: () => TKeyValueStorage | undefined;
}): TStoredPreference<TValue> {
  const listeners = new Set<() => void>();
  const cache = new Map<string, TValue>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  return {
    get(userId) {
      if (!cache.has(userId)) cache.set(userId, load(storage(), userId));
      return cache.get(userId) as TValue;
    },
    set(userId, value) {
      cache.set(userId, value);
      save(storage(), userId, value);
      notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      const onStorage = (event: StorageEvent) => {
        if (event.key?.startsWith(keyPrefix)) {
          cache.clear();
          listener();
        }
      };
      if (typeof window !== 'undefined') window.addEventListener('storage', onStorage);
      return () => {
        listeners.delete(listener);
        if (typeof window !== 'undefined') window.removeEventListener('storage', onStorage);
      };
    },
  };
}

/** The preference of `userId` and a setter that takes the next value or a change of the current one. */
export function useStoredPreference<TValue>(preference: TStoredPreference<TValue>, userId: string) {
  const value = useSyncExternalStore(preference.subscribe, () => preference.get(userId));
  const update = useCallback(
    (next: TValue | ((current: TValue) => TValue)) =>
      preference.set(
        userId,
        typeof next === 'function' ? (next as (current: TValue) => TValue)(preference.get(userId)) : next,
      ),
    [preference, userId],
  );
  return [value, update] as const;
}
