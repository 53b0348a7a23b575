import { describe, expect, it } from 'vitest';
import { belongsToInbox, belongsToMine, placeConversation, sortInbox, sortMine } from './conversation-lists';

const conversation = (id: string, patch: Partial<Parameters<typeof belongsToInbox>[0]> = {}) => ({
  id,
  status: 'open' as 'open' | 'closed',
  assignee: null as { id: string } | null,
  agentIds: [] as string[],
  startedAt: '2026-01-01T10:00:00.000Z',
  lastMessageAt: '2026-01-01T10:00:00.000Z',
  ...patch,
});

describe('conversation lists', () => {
  it('puts waiting chats in the Inbox and mine in My chats', () => {
    expect(belongsToInbox(conversation('a'))).toBe(true);
    expect(belongsToInbox(conversation('a', { assignee: { id: 'u1' } }))).toBe(false);
    expect(belongsToInbox(conversation('a', { status: 'closed' }))).toBe(false);
    expect(belongsToMine(conversation('a', { agentIds: ['u1'] }), 'u1')).toBe(true);
    expect(belongsToMine(conversation('a', { agentIds: ['u1'], status: 'closed' }), 'u1')).toBe(false);
    expect(belongsToMine(conversation('a', { agentIds: ['u2'] }), 'u1')).toBe(false);
  });

  it('adds, replaces and removes without touching an unloaded list', () => {
    const list = [conversation('a'), conversation('b')];
    expect(placeConversation(list, conversation('c'), true)?.map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(placeConversation(list, { ...conversation('a'), startedAt: 'x' }, true)?.[0]?.startedAt).toBe('x');
    expect(placeConversation(list, conversation('a'), false)?.map((c) => c.id)).toEqual(['b']);
    expect(placeConversation(list, conversation('z'), false)).toBe(list);
    expect(placeConversation(undefined, conversation('a'), true)).toBeUndefined();
  });

  it('sorts the Inbox by waiting time and My chats by activity', () => {
    const old = conversation('old', {
      startedAt: '2026-01-01T09:00:00.000Z',
      lastMessageAt: '2026-01-01T09:01:00.000Z',
    });
    const recent = conversation('new', {
      startedAt: '2026-01-01T11:00:00.000Z',
      lastMessageAt: '2026-01-01T11:01:00.000Z',
    });
    expect(sortInbox([recent, old]).map((c) => c.id)).toEqual(['old', 'new']);
    expect(sortMine([old, recent]).map((c) => c.id)).toEqual(['new', 'old']);
  });
});
