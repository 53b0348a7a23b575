import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TRunningServer } from '../support/server';

// The bundle `npm start` runs (apps/api/dist/main.js), smoke-tested without a browser so it runs on
// every machine: health, the first-run setup, one chat both ways, the static apps it serves. The
// browser suites run the same bundle; this one fails first and says why when the bundle itself is
// broken (a library the build left out, a path that only exists next to the sources).

type TRpcResult<T> = { result?: { data: T }; error?: { json?: { message?: string }; message?: string } };

/** tRPC over HTTP as the console and the widget speak it: JSON bodies, the session in a cookie. */
function client(url: string, headers: Record<string, string> = {}) {
  let cookie = '';
  return async function call<T>(path: string, input?: unknown, method: 'GET' | 'POST' = 'POST'): Promise<T> {
    const init: RequestInit = {
      method,
      headers: { ...headers, cookie, 'content-type': 'application/json', origin: url },
    };
    const query =
      method === 'GET' && input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(input))}` : '';
    if (method === 'POST') init.body = JSON.stringify(input ?? {});
    const res = await fetch(`${url}/trpc/${path}${query}`, init);
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0] ?? '';
    const json = (await res.json()) as TRpcResult<T>;
    if (!json.result) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(json.error)}`);
    return json.result.data;
  };
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the production build (apps/api/dist/main.js)', () => {
  let server: TRunningServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is healthy and serves the console, the widget and the demo page', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    for (const path of ['/', '/widget/loader.js', '/widget/frame.html', '/demo']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, `${path}: ${server.logs()}`).toBe(200);
      expect((await res.text()).length, path).toBeGreaterThan(100);
    }
  });

  it('sets up an account and carries one chat both ways', async () => {
    const agent = client(server.url);
    await agent('setup.create', {
      accountName: 'Smoke',
      name: 'Olivia Owner',
      email: 'olivia@smoke.test',
      password: 'correct horse 1',
      locale: 'en',
    });
    const channel = await agent<{ publicKey: string }>('channels.create', { kind: 'website', name: 'Shop' });
    await agent('presence.heartbeat', {});

    const anonymous = client(server.url);
    const started = await anonymous<{ visitorToken: string }>('widget.start', {
      channelKey: channel.publicKey,
      page: { url: 'https://shop.example/cart', title: 'Cart', referrer: '' },
      locale: 'en',
    });
    const visitor = client(server.url, { 'x-parley-visitor': started.visitorToken });
    await visitor('widget.send', { clientId: crypto.randomUUID(), body: 'Is the bundle alive?' });

    type TSummary = { id: string; lastMessage: { body: string } | null };
    const chat = await eventually(async () => {
      const inbox = await agent<TSummary[]>('chats.inbox', undefined, 'GET');
      return inbox.find((c) => c.lastMessage?.body === 'Is the bundle alive?');
    });
    await agent('chats.accept', { conversationId: chat.id });
    await agent('chats.send', { conversationId: chat.id, clientId: crypto.randomUUID(), body: 'It is.' });

    type THistory = { messages: { body: string }[] };
    const history = await eventually(async () => {
      const got = await visitor<THistory>('widget.history', {}, 'GET');
      return got.messages.some((m) => m.body === 'It is.') ? got : undefined;
    });
    expect(history.messages.map((m) => m.body)).toEqual([
      'Is the bundle alive?',
      'Olivia Owner joined the chat',
      'It is.',
    ]);
  });
});
