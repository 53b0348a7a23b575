import { useCallback, useSyncExternalStore } from 'react';
import { browserStorage } from '../../../lib/drafts';
import { loadKeymap, saveKeymap, type TKeymap } from '../shortcuts';

const listeners = new Set<() => void>();
const cache = new Map<string, TKeymap>();

function read(userId: string): TKeymap {
  let value = cache.get(userId);
  if (!value) {
    value = loadKeymap(browserStorage(), userId);
    cache.set(userId, value);
  }
  return value;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key?.startsWith('parley.shortcuts.')) {
      cache.clear();
      listener();
    }
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** J5: this agent's keymap in this browser, shared by the settings page, the overlay and the listener. */
export function useKeymap(userId: string) {
  const keymap = useSyncExternalStore(subscribe, () => read(userId));
  const update = useCallback(
    (next: TKeymap) => {
      cache.set(userId, next);
      saveKeymap(browserStorage(), userId, next);
      for (const listener of listeners) listener();
    },
    [userId],
  );
  return [keymap, update] as const;
}
