import { describe, expect, it } from 'vitest';
import { filterByTag, tagChanges } from './tags';

describe('tag filter', () => {
  it('keeps conversations with the tag, or all without a filter', () => {
    const list = [
      { id: 'a', tags: [{ id: 't1' }] },
      { id: 'b', tags: [] },
      { id: 'c', tags: [{ id: 't2' }, { id: 't1' }] },
    ];
    expect(filterByTag(list, 't1').map((c) => c.id)).toEqual(['a', 'c']);
    expect(filterByTag(list, '').map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(filterByTag(list, 'nope')).toEqual([]);
  });
});

describe('tag changes', () => {
  it('sends only what an admin changed on a tag', () => {
    const tag = { name: 'vip', color: '#2F6FED' };
    expect(tagChanges(tag, { name: ' vip ', color: '#2f6fed' })).toBeNull();
    expect(tagChanges(tag, { name: 'VIP customer ', color: '#2f6fed' })).toEqual({ name: 'VIP customer' });
    expect(tagChanges(tag, { name: 'vip', color: '#dc2626' })).toEqual({ color: '#dc2626' });
    // An emptied name goes to the server, which refuses it with its own message.
    expect(tagChanges(tag, { name: '  ', color: '#2f6fed' })).toEqual({ name: '' });
    // No colour yet: nothing to save until one is picked.
    expect(tagChanges({ name: 'new', color: null }, { name: 'new', color: null })).toBeNull();
    expect(tagChanges({ name: 'new', color: null }, { name: 'new', color: '#16a34a' })).toEqual({
      color: '#16a34a',
    });
  });
});
