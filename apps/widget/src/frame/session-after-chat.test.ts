import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSharedStorage } from '../lib/storage';
import type { StartOutput, WebsiteConfig, WidgetEvent, WidgetMessage } from '../types';
import { afterChatStrings, afterChatTranslator } from './after-chat-strings';

// G7: what the session keeps for the rating and transcript panel, against a fake server (rpc.ts
// replaced, the rest real).
const server = vi.hoisted(() => ({
  start: vi.fn(),
  end: vi.fn(async () => ({ ok: true })),
  socket: null as null | { open(): void; emit(e: WidgetEvent, id?: string): void },
}));
vi.mock('./rpc', () => ({
  startWidget: server.start,
  connectWidget: (_token: string, cb: { onOpen(): void; onClose(): void }) => {
    let onEvent: (e: WidgetEvent, id: string | null) => void = () => {};
    server.socket = { open: cb.onOpen, emit: (e, id) => onEvent(e, id ?? null) };
    return {
      send: vi.fn(),
      read: vi.fn(async () => ({})),
      typing: vi.fn(async () => ({})),
      ping: vi.fn(async () => ({})),
      end: server.end,
      events(_last: string | null, fn: typeof onEvent) {
        onEvent = fn;
        return { unsubscribe() {} };
      },
      close() {},
    };
  },
}));

const { ChatSession } = await import('./session');

const config: WebsiteConfig = {
  color: '#2563eb',
  position: 'right',
  title: '',
  greeting: '',
  preChatForm: { enabled: false, requireName: false, requireEmail: false, requirePhone: false },
  offlineForm: { enabled: false },
  invitations: [],
  ratingScale: 'stars',
  calls: { enabled: false, ringSeconds: 45 },

  language: 'auto',
};
const message = (id: string, conversationId = 'c1'): WidgetMessage => ({
  id,
  clientId: null,
  conversationId,
  author: 'agent',
  agent: { id: 'a1', name: 'Ayşe', avatarUrl: null },
  body: `agent ${id}`,
  createdAt: '2026-01-01T00:00:01Z',
});
const startOutput = (transcript: boolean, over: Partial<StartOutput> = {}): StartOutput => ({
  visitorToken: 'tok',
  eventId: null,
  visitor: { id: 'v1', number: 1, name: null, email: 'v@example.test', phone: null },
  visit: { id: 'visit1', number: 1, pagesThisVisit: 1, startedAt: '2026-01-01T00:00:00Z', source: 'direct' },
  channel: { name: 'Shop', config, agentsOnline: true },
  conversation: {
    id: 'c1',
    invitationText: null,
    agents: [],
    messages: [message('m1')],
    hasMore: false,
    agentReadAt: null,
  },
  banned: false,
  features: { transcript },
  endedConversationId: null,
  ...over,
});

async function setup(transcript = true, over: Partial<StartOutput> = {}) {
  server.start.mockResolvedValue(startOutput(transcript, over));
  const session = new ChatSession({
    channelKey: 'pk_test',
    locale: 'en',
    storage: createSharedStorage(),
    postToHost: () => {},
  });
  session.handleHost({
    parley: 'init',
    store: {},
    page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
    identity: null,
    open: true,
  });
  await vi.waitFor(() => expect(server.socket).not.toBeNull());
  server.socket?.open();
  return session;
}

beforeEach(() => {
  vi.stubGlobal('addEventListener', () => {});
  vi.stubGlobal('document', { addEventListener() {} });
  vi.stubGlobal('navigator', {});
  server.socket = null;
  server.end.mockClear();
});
afterEach(() => vi.unstubAllGlobals());

describe('after a chat (G7)', () => {
  it('knows whether the server can mail a transcript (the button hides without SMTP)', async () => {
    expect((await setup(true)).state.transcriptAvailable).toBe(true);
    expect((await setup(false)).state.transcriptAvailable).toBe(false);
  });

  it('remembers which chat ended when the agent closes it, and forgets it when a new chat starts', async () => {
    const session = await setup();
    expect(session.state.endedConversationId).toBeNull();
    server.socket?.emit({ type: 'conversation.closed', conversationId: 'c1' }, '2');
    expect(session.state).toMatchObject({ ended: true, endedConversationId: 'c1', conversation: null });
    server.socket?.emit({ type: 'message', message: message('m2', 'c2') }, '3');
    expect(session.state.ended).toBe(false);
    expect(session.state.conversation?.id).toBe('c2');
  });

  it('asks again for a chat that ended while the visitor was away (the server names it)', async () => {
    const session = await setup(true, { conversation: null, endedConversationId: 'c0' });
    expect(session.state).toMatchObject({ ended: true, endedConversationId: 'c0', conversation: null });
  });

  it('lets the visitor end the chat themselves', async () => {
    const session = await setup();
    await session.endChat();
    expect(server.end).toHaveBeenCalledWith('c1');
    expect(session.state).toMatchObject({ ended: true, endedConversationId: 'c1' });
    // The server's own closed event for it changes nothing more.
    server.socket?.emit({ type: 'conversation.closed', conversationId: 'c1' }, '2');
    expect(session.state.endedConversationId).toBe('c1');
  });
});

describe('the panel strings', () => {
  it('has every key in Turkish too, with the same placeholders', () => {
    const { en, tr } = afterChatStrings;
    expect(Object.keys(tr).sort()).toEqual(Object.keys(en).sort());
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[])
      expect(holes(tr[key]), key).toEqual(holes(en[key]));
  });

  it('fills placeholders and falls back to English', () => {
    expect(afterChatTranslator('tr')('stars', { n: '4' })).toBe('5 üzerinden 4 yıldız');
    expect(afterChatTranslator('de')('transcriptSent', { email: 'a@b.test' })).toBe(
      'Wir haben den Verlauf an a@b.test gesendet.',
    );
    expect(afterChatTranslator('zh')('transcriptSent', { email: 'a@b.test' })).toBe(
      'We sent the transcript to a@b.test.',
    );
  });
});
