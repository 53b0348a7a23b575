import { describe, expect, it } from 'vitest';
import {
  addableMembers,
  markTeamChatRead,
  placeTeamChat,
  sortTeamChats,
  type TTeamChatLike,
  teamChatName,
  totalTeamUnread,
} from './team-chats';

const me = { id: 'me', name: 'Olivia' };
const ayse = { id: 'ayse', name: 'Ayşe' };
const can = { id: 'can', name: 'Can' };

function chat(id: string, patch: Partial<TTeamChatLike> = {}): TTeamChatLike {
  return {
    id,
    kind: 'direct',
    title: null,
    members: [me, ayse],
    unread: 0,
    lastMessageAt: '2026-01-01T10:00:00.000Z',
    ...patch,
  };
}

describe('placeTeamChat', () => {
  it('adds a new chat I am in and replaces a known one', () => {
    const list = [chat('a')];
    const added = placeTeamChat(list, chat('b', { unread: 2 }), 'me');
    expect(added?.map((item) => item.id)).toEqual(['a', 'b']);
    const replaced = placeTeamChat(added, chat('a', { unread: 1 }), 'me');
    expect(replaced?.find((item) => item.id === 'a')?.unread).toBe(1);
    expect(replaced).toHaveLength(2);
  });

  it('drops a chat whose last update no longer lists me (removed or left)', () => {
    const list = [chat('g', { kind: 'group', members: [me, ayse, can] })];
    const after = placeTeamChat(list, chat('g', { kind: 'group', members: [ayse, can] }), 'me');
    expect(after).toEqual([]);
  });

  it('ignores an update for a chat I am not in and never had', () => {
    const list = [chat('a')];
    expect(placeTeamChat(list, chat('x', { members: [ayse, can] }), 'me')).toBe(list);
  });

  it('leaves a list that is not loaded yet alone', () => {
    expect(placeTeamChat(undefined, chat('a'), 'me')).toBeUndefined();
  });
});

describe('unread counts', () => {
  it('sums the unread messages of all chats', () => {
    expect(totalTeamUnread([chat('a', { unread: 2 }), chat('b', { unread: 3 })])).toBe(5);
    expect(totalTeamUnread(undefined)).toBe(0);
  });

  it('clears one chat when I read it, keeping the same list when nothing changes', () => {
    const list = [chat('a', { unread: 2 }), chat('b', { unread: 1 })];
    expect(markTeamChatRead(list, 'a')?.map((item) => item.unread)).toEqual([0, 1]);
    const read = [chat('a')];
    expect(markTeamChatRead(read, 'a')).toBe(read);
  });
});

describe('naming and ordering', () => {
  it('names a direct chat after the other person and a group by its title', () => {
    expect(teamChatName(chat('a'), 'me', '?')).toBe('Ayşe');
    expect(teamChatName(chat('g', { kind: 'group', title: 'Night shift' }), 'me', '?')).toBe('Night shift');
    expect(teamChatName(chat('a', { members: [me] }), 'me', 'Former teammate')).toBe('Former teammate');
  });

  it('puts the latest activity first', () => {
    const sorted = sortTeamChats([
      chat('old', { lastMessageAt: '2026-01-01T09:00:00.000Z' }),
      chat('new', { lastMessageAt: '2026-01-02T09:00:00.000Z' }),
    ]);
    expect(sorted.map((item) => item.id)).toEqual(['new', 'old']);
  });

  it('offers only active teammates who are not members yet', () => {
    const team = [
      { ...me, disabled: false },
      { ...ayse, disabled: false },
      { ...can, disabled: false },
      { id: 'gone', name: 'Gone', disabled: true },
    ];
    expect(addableMembers(team, chat('a')).map((member) => member.id)).toEqual(['can']);
  });
});
