type SiteStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

/**
 * The visitor's widget state in the host site's localStorage (first party, so browsers allow it
 * where they deny the iframe), limited to keys under `prefix`. When the site's own settings deny
 * storage too, every call quietly does nothing and the frame keeps its copy for this page only.
 */
export function createSiteStore(prefix: string, storage: () => SiteStorage) {
  const ours = (key: unknown): key is string => typeof key === 'string' && key.startsWith(prefix);
  const safely = <T>(fn: (s: SiteStorage) => T, fallback: T): T => {
    try {
      return fn(storage());
    } catch {
      return fallback;
    }
  };
  return {
    ours,
    snapshot: (): Record<string, string> =>
      safely((s) => {
        const out: Record<string, string> = {};
        for (let i = 0; i < s.length; i++) {
          const key = s.key(i);
          if (ours(key)) out[key] = s.getItem(key) ?? '';
        }
        return out;
      }, {}),
    get: (key: string): string | null => safely((s) => s.getItem(key), null),
    /** Only keys under the prefix: the frame must not write the site's other keys. */
    set: (key: unknown, value: unknown): void =>
      safely((s) => {
        if (!ours(key)) return;
        if (typeof value === 'string') s.setItem(key, value);
        else s.removeItem(key);
      }, undefined),
  };
}
