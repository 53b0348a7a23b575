import type { TKeyValueStorage } from '../lib/drafts';

/** localStorage for unit tests: a Map behind the three methods the console uses, open for inspection. */
export function memoryStorage(): TKeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}
