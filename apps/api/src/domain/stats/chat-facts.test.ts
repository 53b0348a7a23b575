import { describe, expect, it } from 'vitest';
import {
  chatFacts,
  emptyFold,
  foldFacts,
  foldMessage,
  parseFold,
  type TFactConversation,
  type TFactMessage,
} from './chat-facts';

const T0 = Date.parse('2026-06-01T10:00:00Z');
const s = (seconds: number) => new Date(T0 + seconds * 1000);

const conversation = (over: Partial<TFactConversation> = {}): TFactConversation => ({
  id: 'c1',
  channelId: 'web',
  channelKind: 'website',
  visitorId: 'v1',
  origin: 'widget',
  status: 'open',
  rating: null,
  invitationText: null,
  startedAt: s(0),
  closedAt: null,
  ...over,
});
const visitor = (at: number, kind = 'text'): TFactMessage => ({
  authorType: 'visitor',
  authorUserId: null,
  kind,
  createdAt: s(at),
  meta: null,
});
const agent = (at: number, userId: string, kind = 'text'): TFactMessage => ({
  authorType: 'agent',
  authorUserId: userId,
  kind,
  createdAt: s(at),
  meta: null,
});
const transferred = (at: number, to: string): TFactMessage => ({
  authorType: 'system',
  authorUserId: null,
  kind: 'system',
  createdAt: s(at),
  meta: { system: { event: 'transferred', userId: to } },
});

const bot = (at: number, name = 'Helper'): TFactMessage => ({
  authorType: 'agent',
  authorUserId: null,
  kind: 'text',
  createdAt: s(at),
  meta: { bot: { name } },
});

describe('chat definitions (docs/statistics.md)', () => {
  it('a bot reply is no first response, no response and no answer; the agent after it is', () => {
    const f = chatFacts(
      conversation({ status: 'closed', closedAt: s(300) }),
      [
        visitor(10),
        bot(11),
        visitor(20),
        bot(21),
        agent(70, 'ann'),
        visitor(100),
        bot(101),
        agent(130, 'ann'),
      ],
      false,
    );
    expect(f).toMatchObject({
      chat: 1,
      answered: 1,
      agentId: 'ann',
      firstResponseMs: 60_000,
      responseSumMs: 90_000,
      responseCount: 2,
    });
    // Only bots replied: the chat is unanswered (missed once the visitor is gone), with no response time.
    const botOnly = chatFacts(
      conversation({ status: 'closed', closedAt: s(60) }),
      [visitor(10), bot(11)],
      false,
    );
    expect(botOnly).toMatchObject({
      chat: 1,
      answered: 0,
      missed: 1,
      agentId: '',
      firstResponseMs: null,
      responseCount: 0,
      responseAvgMs: null,
    });
  });

  it('first response and responses across a transfer; the chat belongs to its first answerer', () => {
    const f = chatFacts(
      conversation({ status: 'closed', closedAt: s(600), rating: 4 }),
      [
        visitor(10),
        visitor(20), // a second message while waiting does not restart the clock
        agent(40, 'ann'), // first response 30 s
        visitor(100),
        transferred(110, 'bob'),
        agent(160, 'bob'), // 60 s, clock kept running across the transfer
        { ...agent(170, 'bob'), kind: 'note' }, // a note is not an answer
        visitor(200),
        agent(230, 'ann'), // 30 s
      ],
      false,
    );
    expect(f).toMatchObject({
      chat: 1,
      answered: 1,
      missed: 0,
      agentId: 'ann',
      firstResponseMs: 30_000,
      responseSumMs: 120_000,
      responseCount: 3,
      responseAvgMs: 40_000,
      transfers: 1,
      durationMs: 590_000, // from the first visitor message to the close
      rating: 4,
      startedAt: s(10),
    });
  });

  it('missed: unanswered and the visitor left (visit ended, or the chat closed); waiting while on the page', () => {
    const history = [visitor(0), visitor(30)];
    expect(chatFacts(conversation(), history, true)).toMatchObject({ chat: 1, answered: 0, missed: 0 });
    expect(chatFacts(conversation(), history, false)).toMatchObject({ chat: 1, missed: 1, agentId: '' });
    expect(chatFacts(conversation({ status: 'closed', closedAt: s(90) }), history, true).missed).toBe(1);
    // Another channel has no visits: missed only once closed.
    const email = conversation({ channelKind: 'email' });
    expect(chatFacts(email, history, false).missed).toBe(0);
    expect(chatFacts({ ...email, status: 'closed' }, history, false).missed).toBe(1);
    // An answer after the visitor left makes it answered.
    expect(chatFacts(conversation(), [...history, agent(4000, 'ann')], false)).toMatchObject({
      answered: 1,
      missed: 0,
      firstResponseMs: 4_000_000,
    });
  });

  it('an offline message is counted apart, never a chat or missed', () => {
    const f = chatFacts(conversation({ origin: 'offline_form', status: 'closed' }), [visitor(0)], false);
    expect(f).toMatchObject({ chat: 0, offline: 1, missed: 0, answered: 0, firstResponseMs: null });
  });

  it('proactive invitations: shown, answered when the visitor writes; no first-response time', () => {
    const shown = chatFacts(conversation({ origin: 'proactive' }), [agent(0, 'ann')], true);
    expect(shown).toMatchObject({ proactive: 1, proactiveAnswered: 0, chat: 0 });
    const answered = chatFacts(
      conversation({ origin: 'proactive' }),
      [agent(0, 'ann'), visitor(50), agent(70, 'ann')],
      true,
    );
    expect(answered).toMatchObject({
      proactive: 1,
      proactiveAnswered: 1,
      chat: 1,
      answered: 1,
      agentId: 'ann',
      firstResponseMs: null,
      responseCount: 1,
      responseSumMs: 20_000,
      startedAt: s(0),
    });
  });

  it('chats from automatic invitations; files and GIFs count as messages, system lines do not', () => {
    const f = chatFacts(
      conversation({ invitationText: 'Need help?' }),
      [visitor(0, 'file'), agent(15, 'ann', 'gif')],
      true,
    );
    expect(f).toMatchObject({ invited: 1, chat: 1, answered: 1, firstResponseMs: 15_000 });
    expect(chatFacts(conversation(), [], false)).toMatchObject({ chat: 0, missed: 0 });
  });
});

describe("the rollup's fold (StatChat.fold)", () => {
  const history = [
    visitor(10),
    visitor(20),
    agent(40, 'ann'),
    visitor(100),
    transferred(110, 'bob'),
    agent(160, 'bob'),
    { ...agent(170, 'bob'), kind: 'note' },
    visitor(200),
    agent(230, 'ann'),
    visitor(300),
  ];
  it('folded in any pieces, stored and read back between them, gives the figures of the whole', () => {
    const whole = chatFacts(conversation(), history, true);
    for (let cut = 0; cut <= history.length; cut++) {
      const first = emptyFold();
      for (const m of history.slice(0, cut)) foldMessage(first, m);
      const stored = parseFold(JSON.stringify(first));
      if (!stored) throw new Error('unreadable fold');
      for (const m of history.slice(cut)) foldMessage(stored, m);
      expect(stored.n).toBe(history.length);
      expect(foldFacts(conversation(), stored, true)).toEqual(whole);
    }
  });
  it('an unreadable stored fold is folded anew', () => {
    expect(parseFold(null)).toBeNull();
    expect(parseFold('{not json')).toBeNull();
    expect(parseFold('"text"')).toBeNull();
  });
});
