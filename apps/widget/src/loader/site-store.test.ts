import { describe, expect, it } from 'vitest';
import { createSiteStore } from './site-store';

function fakeStorage(entries: Record<string, string>) {
  const map = new Map(Object.entries(entries));
  return {
    map,
    get length() {
      return map.size;
    },
    key: (i: number) => [...map.keys()][i] ?? null,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

describe('createSiteStore', () => {
  it("snapshots and writes only the channel's keys, never the site's others", () => {
    const s = fakeStorage({ 'parley:pk:token': 'tok', 'parley:other:token': 'x', cart: '3' });
    const store = createSiteStore('parley:pk:', () => s);
    expect(store.snapshot()).toEqual({ 'parley:pk:token': 'tok' });
    store.set('parley:pk:open', '1');
    store.set('cart', 'stolen');
    store.set('parley:pk:token', null);
    expect(Object.fromEntries(s.map)).toEqual({
      'parley:other:token': 'x',
      cart: '3',
      'parley:pk:open': '1',
    });
  });

  it('does nothing, without throwing, when the site denies storage', () => {
    const store = createSiteStore('parley:pk:', () => {
      throw new DOMException('denied', 'SecurityError');
    });
    expect(store.snapshot()).toEqual({});
    expect(store.get('parley:pk:token')).toBeNull();
    expect(() => store.set('parley:pk:open', '1')).not.toThrow();
  });
});
