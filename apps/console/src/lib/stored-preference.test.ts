import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../test/memory-storage';
import type { TKeyValueStorage } from './drafts';
import { createStoredPreference } from './stored-preference';

function volumePreference(storage: TKeyValueStorage) {
  let loads = 0;
  const preference = createStoredPreference<{ volume: number }>({
    keyPrefix: 'test.volume.',
    storage: () => storage,
    load: (from, userId) => {
      loads += 1;
      return { volume: Number(from?.getItem(`test.volume.${userId}`) ?? 50) };
    },
    save: (to, userId, value) => to?.setItem(`test.volume.${userId}`, String(value.volume)),
  });
  return { preference, loads: () => loads };
}

describe('a preference stored in the browser', () => {
  it('reads storage once per agent and hands out the same object until it changes', () => {
    const storage = memoryStorage();
    storage.setItem('test.volume.u1', '20');
    const { preference, loads } = volumePreference(storage);
    const first = preference.get('u1');
    expect(first).toEqual({ volume: 20 });
    expect(preference.get('u1')).toBe(first);
    expect(preference.get('u2')).toEqual({ volume: 50 });
    expect(loads()).toBe(2);
  });

  it('saves a change, tells every subscriber, and stops telling one that left', () => {
    const storage = memoryStorage();
    const { preference } = volumePreference(storage);
    const heard: string[] = [];
    const leave = preference.subscribe(() => heard.push('a'));
    preference.subscribe(() => heard.push('b'));
    preference.set('u1', { volume: 80 });
    expect(storage.map.get('test.volume.u1')).toBe('80');
    expect(preference.get('u1')).toEqual({ volume: 80 });
    leave();
    preference.set('u1', { volume: 10 });
    expect(heard).toEqual(['a', 'b', 'b']);
  });
});
