import { describe, expect, it } from 'vitest';
import type { WidgetMessage } from '../types';
import { mergeMessages } from './messages';

const msg = (id: string, createdAt: string, clientId: string | null = null): WidgetMessage => ({
  id,
  clientId,
  conversationId: 'c1',
  author: 'visitor',
  agent: null,
  body: id,
  createdAt,
});

describe('mergeMessages', () => {
  it('dedupes by id and by clientId and sorts by time', () => {
    const list = [msg('m2', '2026-01-01T00:00:02Z'), msg('m1', '2026-01-01T00:00:01Z', 'c-1')];
    const merged = mergeMessages(list, [
      msg('m2', '2026-01-01T00:00:02Z'),
      msg('m1b', '2026-01-01T00:00:01Z', 'c-1'),
      msg('m3', '2026-01-01T00:00:03Z'),
    ]);
    expect(merged.map((m) => m.id)).toEqual(['m1b', 'm2', 'm3']);
  });
  it('returns the same list when nothing comes in', () => {
    const list = [msg('m1', '2026-01-01T00:00:01Z')];
    expect(mergeMessages(list, [])).toBe(list);
  });
});
