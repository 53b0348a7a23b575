import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSharedStorage } from '../lib/storage';
import type { FrameToHost } from '../protocol';
import type { StartOutput, WebsiteConfig, WidgetEvent, WidgetMessage } from '../types';

// The session against a fake server: rpc.ts is replaced, the rest is real.
const server = vi.hoisted(() => ({
  start: vi.fn(),
  send: vi.fn(),
  read: vi.fn(async () => ({ ok: true })),
  /** The lastEventId the session subscribed with. */
  subscribedFrom: undefined as string | null | undefined,
  socket: null as null | { open(): void; close(): void; emit(e: WidgetEvent, id?: string): void },
}));
vi.mock('./rpc', () => ({
  startWidget: server.start,
  connectWidget: (_token: string, cb: { onOpen(): void; onClose(): void }) => {
    let onEvent: (e: WidgetEvent, id: string | null) => void = () => {};
    server.socket = { open: cb.onOpen, close: cb.onClose, emit: (e, id) => onEvent(e, id ?? null) };
    return {
      send: server.send,
      read: server.read,
      typing: vi.fn(async () => ({})),
      ping: vi.fn(async () => ({})),
      events(last: string | null, fn: typeof onEvent) {
        server.subscribedFrom = last;
        onEvent = fn;
        return { unsubscribe() {} };
      },
      close() {},
    };
  },
}));

const { ChatSession } = await import('./session');

const config: WebsiteConfig = {
  color: '#ff0000',
  position: 'left',
  title: '',
  greeting: '',
  preChatForm: { enabled: false, requireName: false, requireEmail: false, requirePhone: false },
  offlineForm: { enabled: false },
  invitations: [],
  calls: { enabled: false, ringSeconds: 45 },
  ratingScale: 'thumbs',

  language: 'auto',
};
const startOutput = (over: Partial<StartOutput> = {}): StartOutput => ({
  visitorToken: 'tok',
  eventId: null,
  visitor: { id: 'v1', number: 1, name: null, email: null, phone: null },
  visit: { id: 'visit1', number: 1, pagesThisVisit: 1, startedAt: '2026-01-01T00:00:00Z', source: 'direct' },
  channel: { name: 'Shop', config, agentsOnline: true },
  conversation: null,
  banned: false,
  features: { transcript: true },
  endedConversationId: null,
  ...over,
});
const agentMessage = (id: string, createdAt: string): WidgetMessage => ({
  id,
  clientId: null,
  conversationId: 'c1',
  author: 'agent',
  agent: { id: 'a1', name: 'Ayşe', avatarUrl: null },
  body: `agent ${id}`,
  createdAt,
});

function setup(out = startOutput(), chime = () => {}) {
  server.start.mockResolvedValue(out);
  const posted: FrameToHost[] = [];
  const storage = createSharedStorage();
  const session = new ChatSession({
    channelKey: 'pk_test',
    locale: 'en',
    storage,
    postToHost: (m) => posted.push(m),
    chime,
  });
  session.handleHost({
    parley: 'init',
    store: {},
    page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
    identity: null,
    open: false,
  });
  return { session, posted, storage };
}

beforeEach(() => {
  vi.stubGlobal('addEventListener', () => {});
  vi.stubGlobal('document', { addEventListener() {} });
  vi.stubGlobal('navigator', {});
  server.socket = null;
  server.send.mockReset();
  server.read.mockClear();
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('ChatSession', () => {
  it('starts, stores the token and tells the loader its colour and position', async () => {
    const { session, posted, storage } = setup();
    await vi.waitFor(() => expect(session.state.phase).toBe('ready'));
    expect(storage.getItem('parley:pk_test:token')).toBe('tok');
    expect(posted).toContainEqual({
      parley: 'ready',
      color: '#ff0000',
      on: '#000000',
      position: 'left',
      open: false,
    });
  });

  it("resumes a new visitor's event stream from the start call's snapshot, never from later", async () => {
    const { storage } = setup(startOutput({ eventId: '41' }));
    await vi.waitFor(() => expect(server.socket).not.toBeNull());
    expect(server.subscribedFrom).toBe('41');
    expect(storage.getItem('parley:pk_test:eid')).toBe('41');
  });

  it('counts agent messages while closed, clears them and sends read when opened', async () => {
    const { session, posted } = setup();
    await vi.waitFor(() => expect(server.socket).not.toBeNull());
    server.socket?.open();
    server.socket?.emit({ type: 'message', message: agentMessage('m1', '2026-01-01T00:00:01Z') }, '1');
    server.socket?.emit({ type: 'message', message: agentMessage('m1', '2026-01-01T00:00:01Z') }, '1');
    expect(session.state.messages).toHaveLength(1);
    expect(posted.filter((m) => m.parley === 'unread')).toEqual([{ parley: 'unread', count: 1 }]);
    session.handleHost({ parley: 'open', focus: true });
    expect(session.state.unread).toBe(0);
    expect(posted.at(-1)).toEqual({ parley: 'unread', count: 0 });
    expect(server.read).toHaveBeenCalledTimes(1);
  });

  it('queues a message while disconnected and sends it once on reconnect, deduped against events', async () => {
    const { session, storage } = setup();
    await vi.waitFor(() => expect(server.socket).not.toBeNull());
    session.send('  hello  ');
    expect(session.state.pending.map((p) => p.body)).toEqual(['hello']);
    expect(storage.getItem('parley:pk_test:outbox')).toContain('hello');
    expect(server.send).not.toHaveBeenCalled();

    server.send.mockImplementation(async (input: { clientId: string; body: string }) => ({
      id: 'm9',
      clientId: input.clientId,
      conversationId: 'c1',
      author: 'visitor',
      agent: null,
      body: input.body,
      createdAt: '2026-01-01T00:00:05Z',
    }));
    server.socket?.open();
    await vi.waitFor(() => expect(session.state.pending).toEqual([]));
    expect(server.send).toHaveBeenCalledTimes(1);
    const sent = session.state.messages[0];
    server.socket?.emit({ type: 'message', message: { ...(sent as WidgetMessage), id: 'm9' } }, '2');
    expect(session.state.messages).toHaveLength(1);
    expect(storage.getItem('parley:pk_test:outbox')).toBeNull();
  });

  it("F2: shows an agent's message the visitor is not looking at by the launcher, with the chime", async () => {
    const chime = vi.fn();
    const { session, posted } = setup(startOutput(), chime);
    await vi.waitFor(() => expect(server.socket).not.toBeNull());
    server.socket?.open();
    server.socket?.emit({ type: 'message', message: agentMessage('m1', '2026-01-01T00:00:01Z') }, '1');
    // Names and text are people's: isolated, so right-to-left text cannot reorder the bubble.
    expect(posted).toContainEqual({ parley: 'bubble', text: '\u2068Ayşe\u2069: \u2068agent m1\u2069' });
    expect(chime).toHaveBeenCalledTimes(1);

    session.handleHost({ parley: 'open', focus: true });
    const before = posted.length;
    server.socket?.emit({ type: 'message', message: agentMessage('m2', '2026-01-01T00:00:02Z') }, '2');
    expect(posted.slice(before).some((m) => m.parley === 'bubble')).toBe(false);
    expect(chime).toHaveBeenCalledTimes(1);
  });

  it('shows a matching invitation and sends its text with the reply', async () => {
    const { session, posted } = setup(
      startOutput({
        channel: {
          name: 'Shop',
          agentsOnline: true,
          config: {
            ...config,
            invitations: [{ id: 'i1', text: 'Need a hand?', secondsOnPage: 0, source: 'any' }],
          },
        },
      }),
    );
    await vi.waitFor(() => expect(posted).toContainEqual({ parley: 'bubble', text: 'Need a hand?' }));
    server.socket?.open();
    server.send.mockResolvedValue({
      ...agentMessage('m2', '2026-01-01T00:00:02Z'),
      author: 'visitor',
      agent: null,
    });
    session.send('Yes');
    await vi.waitFor(() => expect(server.send).toHaveBeenCalled());
    expect(server.send.mock.calls[0]?.[0]).toMatchObject({ body: 'Yes', invitationText: 'Need a hand?' });
  });

  it('says chat is unavailable to a banned visitor and opens no socket', async () => {
    const { session } = setup(startOutput({ banned: true }));
    await vi.waitFor(() => expect(session.state.phase).toBe('ready'));
    expect(session.state.banned).toBe(true);
    expect(server.socket).toBeNull();
  });

  it('becomes unavailable when an agent bans the visitor mid-chat, or when a send is refused as banned', async () => {
    const live = setup();
    await vi.waitFor(() => expect(server.socket).not.toBeNull());
    server.socket?.open();
    server.socket?.emit({ type: 'banned' }, '3');
    expect(live.session.state.banned).toBe(true);
    expect(live.session.state.connected).toBe(false);

    const refused = setup();
    await vi.waitFor(() => expect(refused.session.state.phase).toBe('ready'));
    // What rpc.ts throws for the server's refusal (rpc.ts itself is faked here).
    server.send.mockRejectedValue(
      Object.assign(new Error('Chat is not available'), { appCode: 'widget.banned', status: 403 }),
    );
    server.socket?.open();
    refused.session.send('hello?');
    await vi.waitFor(() => expect(refused.session.state.banned).toBe(true));
    expect(refused.session.state.notice).toBeNull();
  });

  /** A visitor's first message refused at the plan's conversation limit, on a channel with or without an offline form. */
  async function sendAtConversationLimit(offlineForm: boolean) {
    const channelConfig = { ...config, offlineForm: { enabled: offlineForm } };
    const limited = setup(
      startOutput({ channel: { name: 'Shop', config: channelConfig, agentsOnline: true } }),
    );
    await vi.waitFor(() => expect(limited.session.state.phase).toBe('ready'));
    server.send.mockRejectedValue(
      Object.assign(new Error('limit'), { appCode: 'plan.limit_reached', status: 403 }),
    );
    server.socket?.open();
    limited.session.send('hello?');
    await vi.waitFor(() => expect(limited.session.state.pending[0]?.failed).toBe(true));
    // The message is kept (failed), never lost.
    expect(limited.session.state.pending[0]?.body).toBe('hello?');
    expect(limited.session.state.agentsOnline).toBe(false);
    return limited.session.state.notice;
  }

  it("at the plan's conversation limit keeps the message (failed) and turns to the offline form", async () => {
    expect(await sendAtConversationLimit(true)).toBe('genericError');
  });

  it("at the plan's conversation limit without an offline form says chat is unavailable", async () => {
    expect(await sendAtConversationLimit(false)).toBe('chatUnavailable');
  });
});
