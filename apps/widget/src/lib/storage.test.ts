import { describe, expect, it } from 'vitest';
import { createSharedStorage } from './storage';

describe('createSharedStorage', () => {
  it('starts from the snapshot and sends every change (and only changes) to the host', () => {
    const writes: [string, string | null][] = [];
    const s = createSharedStorage({ 'p:token': 'tok' }, (k, v) => writes.push([k, v]));
    expect(s.getItem('p:token')).toBe('tok');
    s.setItem('p:token', 'tok');
    s.setItem('p:open', '1');
    s.removeItem('p:token');
    s.removeItem('p:missing');
    expect(writes).toEqual([
      ['p:open', '1'],
      ['p:token', null],
    ]);
  });

  it("applies another tab's change without echoing it back, and tells listeners", () => {
    const writes: string[] = [];
    const heard: string[] = [];
    const s = createSharedStorage({}, (k) => writes.push(k));
    s.onChange((k) => heard.push(k));
    s.changed('p:outbox', '[]');
    s.changed('p:outbox', '[]');
    s.changed('p:draft', null);
    expect(s.getItem('p:outbox')).toBe('[]');
    expect(heard).toEqual(['p:outbox']);
    expect(writes).toEqual([]);
  });
});
