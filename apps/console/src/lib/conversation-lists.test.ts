import { describe, expect, it } from 'vitest';
import {
  belongsToInbox,
  belongsToMine,
  placeConversation,
  previewAuthor,
  sortInbox,
  sortMine,
  withMessage,
} from './conversation-lists';

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

describe('withMessage', () => {
  const summary = {
    ...conversation('a', { assignee: { id: 'me' }, agentIds: ['me'] }),
    unread: 0,
    lastMessage: null as (Parameters<typeof previewAuthor>[0] & { body: string; createdAt: string }) | null,
  };
  const message = (patch: Partial<Parameters<typeof withMessage>[1]> = {}) => ({
    conversationId: 'a',
    author: 'visitor' as const,
    agent: null,
    kind: 'text',
    body: 'Hello',
    createdAt: '2026-01-01T10:05:00.000Z',
    ...patch,
  });

  it('moves the preview and the time forward and counts a visitor message unread in my chat', () => {
    const next = withMessage(summary, message(), 'me');
    expect(next.lastMessage).toEqual({
      body: 'Hello',
      author: 'visitor',
      agent: null,
      createdAt: '2026-01-01T10:05:00.000Z',
    });
    expect(next.lastMessageAt).toBe('2026-01-01T10:05:00.000Z');
    expect(next.unread).toBe(1);
    expect(
      withMessage(next, message({ body: 'Again', createdAt: '2026-01-01T10:06:00.000Z' }), 'me').unread,
    ).toBe(2);
    // The same message again (its translation arrived) is not a new unread one.
    expect(withMessage(next, message(), 'me').unread).toBe(1);
  });

  it("doesn't count for someone else's chat, and my own reply reads the chat", () => {
    expect(withMessage(summary, message(), 'other').unread).toBe(0);
    const unread = { ...summary, unread: 3 };
    expect(
      withMessage(unread, message({ author: 'agent', agent: { id: 'me', name: 'Me' } }), 'me').unread,
    ).toBe(0);
    expect(
      withMessage(unread, message({ author: 'agent', agent: { id: 'u2', name: 'Bora' } }), 'me').unread,
    ).toBe(3);
  });

  it('keeps notes and system events out of the preview and ignores other chats and older messages', () => {
    expect(withMessage(summary, message({ kind: 'note' }), 'me').lastMessage).toBeNull();
    expect(withMessage(summary, message({ kind: 'system', author: 'system' }), 'me').lastMessage).toBeNull();
    expect(withMessage(summary, message({ conversationId: 'b' }), 'me')).toBe(summary);
    const later = withMessage(summary, message({ body: 'new' }), 'me');
    const stale = withMessage(later, message({ body: 'old', createdAt: '2026-01-01T10:01:00.000Z' }), 'me');
    expect(stale.lastMessage?.body).toBe('new');
  });
});

describe('previewAuthor', () => {
  it('says "You" only on my words and names the teammate who wrote the others (transfer and back)', () => {
    // A transferred the chat to B, B replied, B invited A back: A reads B's words under B's name.
    const bReplied = { author: 'agent' as const, agent: { id: 'b', name: 'Bora' } };
    expect(previewAuthor(bReplied, 'a')).toEqual({ name: 'Bora' });
    expect(previewAuthor(bReplied, 'b')).toEqual({ you: true });
    expect(previewAuthor({ author: 'visitor', agent: null }, 'a')).toBeNull();
    // An agent since deleted: no name to show, so no prefix rather than a wrong one.
    expect(previewAuthor({ author: 'agent', agent: null }, 'a')).toBeNull();
  });
  it('follows the author of a live message into the preview', () => {
    const summary = {
      id: 'c',
      status: 'open' as const,
      assignee: { id: 'a' },
      agentIds: ['a', 'b'],
      startedAt: '2026-01-01T10:00:00.000Z',
      lastMessageAt: '2026-01-01T10:00:00.000Z',
      unread: 0,
      lastMessage: null,
    };
    const next = withMessage(
      summary,
      {
        conversationId: 'c',
        author: 'agent',
        agent: { id: 'b', name: 'Bora' },
        kind: 'text',
        body: 'On it',
        createdAt: '2026-01-01T10:01:00.000Z',
      },
      'a',
    );
    expect(next.lastMessage && previewAuthor(next.lastMessage, 'a')).toEqual({ name: 'Bora' });
  });
});
