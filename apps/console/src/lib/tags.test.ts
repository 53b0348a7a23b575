import { describe, expect, it } from 'vitest';
import { filterByTag } from './tags';

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
