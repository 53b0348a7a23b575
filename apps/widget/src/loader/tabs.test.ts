import { describe, expect, it } from 'vitest';
import { createTabs, STALE_MS } from './tabs';

const memoryStore = () => {
  const map = new Map<string, string>();
  return {
    get: (k: string) => map.get(k) ?? null,
    set: (k: string, v: string | null) => void (v === null ? map.delete(k) : map.set(k, v)),
    map,
  };
};

describe('createTabs', () => {
  it('knows another tab is still open, and the last one to leave clears the record', () => {
    const store = memoryStore();
    const a = createTabs(store, 'tabs', 'a');
    const b = createTabs(store, 'tabs', 'b');
    a.beat();
    b.beat();
    expect(a.leave()).toBe(true);
    expect(b.leave()).toBe(false);
    expect(store.map.has('tabs')).toBe(false);
  });

  it('forgets a tab that stopped beating (crashed) after STALE_MS', () => {
    const store = memoryStore();
    let t = 1_000_000;
    const now = () => t;
    createTabs(store, 'tabs', 'crashed', now).beat();
    const b = createTabs(store, 'tabs', 'b', now);
    b.beat();
    t += STALE_MS + 1;
    expect(b.leave()).toBe(false);
  });

  it('survives a corrupt record', () => {
    const store = memoryStore();
    store.set('tabs', '{not json');
    const a = createTabs(store, 'tabs', 'a');
    a.beat();
    expect(a.leave()).toBe(false);
  });
});
