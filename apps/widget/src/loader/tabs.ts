/**
 * Which tabs of this site have the widget open, so that closing one does not tell the server the
 * visitor left while another still shows the site. Each tab stamps its id in the site's storage
 * (background tabs run timers once a minute, hence the long `STALE_MS`); a crashed tab is only
 * believed open until then, and the server's own sweeper ends visits whose pages stopped pinging.
 */
export const BEAT_MS = 20_000;
export const STALE_MS = 150_000;

type Store = { get(key: string): string | null; set(key: string, value: string | null): void };

export function createTabs(store: Store, key: string, id: string, now = () => Date.now()) {
  const read = (): Record<string, number> => {
    try {
      const v = JSON.parse(store.get(key) ?? '{}') as unknown;
      return v && typeof v === 'object' ? (v as Record<string, number>) : {};
    } catch {
      return {};
    }
  };
  const write = (tabs: Record<string, number>) =>
    store.set(key, Object.keys(tabs).length ? JSON.stringify(tabs) : null);
  const live = () => {
    const tabs = read();
    for (const [tab, at] of Object.entries(tabs)) if (!(now() - at < STALE_MS)) delete tabs[tab];
    return tabs;
  };
  return {
    beat(): void {
      write({ ...live(), [id]: now() });
    },
    /** This tab goes; true when another tab of the site is still open. */
    leave(): boolean {
      const tabs = live();
      delete tabs[id];
      write(tabs);
      return Object.keys(tabs).length > 0;
    },
  };
}
