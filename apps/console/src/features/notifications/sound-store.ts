import { useCallback, useSyncExternalStore } from 'react';
import { browserStorage } from '../../lib/drafts';
import {
  loadSoundPreferences,
  saveSoundPreferences,
  type TSoundPreferences,
} from '../../lib/sound-preferences';

const listeners = new Set<() => void>();
const cache = new Map<string, TSoundPreferences>();

function read(userId: string): TSoundPreferences {
  let value = cache.get(userId);
  if (!value) {
    value = loadSoundPreferences(browserStorage(), userId);
    cache.set(userId, value);
  }
  return value;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab changed them.
  const onStorage = (event: StorageEvent) => {
    if (event.key?.startsWith('parley.sounds.')) {
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

/** J4 preferences of one agent in this browser, shared by the settings page and the notifier. */
export function useSoundPreferences(userId: string) {
  const preferences = useSyncExternalStore(subscribe, () => read(userId));
  const update = useCallback(
    (patch: Partial<TSoundPreferences>) => {
      const next = { ...read(userId), ...patch };
      cache.set(userId, next);
      saveSoundPreferences(browserStorage(), userId, next);
      for (const listener of listeners) listener();
    },
    [userId],
  );
  return [preferences, update] as const;
}
