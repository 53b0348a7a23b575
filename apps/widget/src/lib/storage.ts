/** The part of `Storage` the widget uses. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Storage whose keys other tabs may change too; `onChange` hears about those changes. */
export interface SharedStorage extends KeyValueStorage {
  onChange(fn: (key: string) => void): void;
  /** Another tab changed `key` (null: removed). */
  changed(key: string, value: string | null): void;
}

/**
 * The frame's storage: a copy in memory of what the loader keeps in the host site's localStorage.
 * Browsers deny storage to a third-party iframe (Chromium by default, Safari, private windows), but
 * not to the loader, which runs in the customer's page: it hands the frame a snapshot at start and
 * `write` sends every change back to it. With no host (tests, the dev server) `write` does nothing and
 * the chat simply forgets on reload.
 */
export function createSharedStorage(
  initial: Record<string, string> = {},
  write: (key: string, value: string | null) => void = () => {},
): SharedStorage {
  const map = new Map(Object.entries(initial));
  const listeners: ((key: string) => void)[] = [];
  const set = (key: string, value: string | null) => {
    if (value === null) map.delete(key);
    else map.set(key, value);
  };
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem(key, value) {
      if (map.get(key) === value) return;
      set(key, value);
      write(key, value);
    },
    removeItem(key) {
      if (!map.has(key)) return;
      set(key, null);
      write(key, null);
    },
    onChange: (fn) => void listeners.push(fn),
    changed(key, value) {
      if ((map.get(key) ?? null) === value) return;
      set(key, value);
      for (const fn of listeners) fn(key);
    },
  };
}

export function readJson<T>(storage: KeyValueStorage, key: string): T | null {
  try {
    const raw = storage.getItem(key);
    return raw === null ? null : (JSON.parse(raw) as T);
  } catch {
    return null;
  }
}

export function writeJson(storage: KeyValueStorage, key: string, value: unknown): void {
  try {
    if (value === null || value === undefined) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify(value));
  } catch {
    // Quota exceeded: keep going without persistence.
  }
}
