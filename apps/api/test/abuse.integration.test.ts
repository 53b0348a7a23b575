import { randomUUID } from 'node:crypto';
import { createTRPCClient, createWSClient, httpLink, TRPCClientError, wsLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { NEW_VISITORS_PER_IP } from '../src/domain/live-chat/widget';
import type { AppRouter } from '../src/routers';
import { type RunningServer, startServer } from '../src/server';
import { createVisitorClient } from './client';
import { callerFor, createTestDeps, seedAccount, type TestDeps } from './harness';

/**
 * Abuse over the real transports: floods from one address, oversized frames and bodies, malformed
 * JSON, unknown procedures and deeply nested values. Each answer is a clear error and the process
 * stays up (/healthz after each).
 */
let deps: TestDeps;
let server: RunningServer;
let channelKey: string;
const wsUrl = () => `${server.url.replace(/^http/, 'ws')}/trpc`;

beforeAll(async () => {
  // Behind a proxy on loopback: X-Forwarded-For names the visitor's address.
  deps = await createTestDeps({ env: { TRUSTED_PROXIES: 'loopback' } });
  server = await startServer(deps);
  const acme = await seedAccount(deps, 'Abuse');
  const channel = await callerFor(deps, acme.admin.token).channels.create({ kind: 'website', name: 'Shop' });
  channelKey = channel.publicKey;
});
afterAll(async () => {
  await server.close();
  await deps.cleanup();
});

async function healthy() {
  const res = await fetch(`${server.url}/healthz`);
  expect(res.status).toBe(200);
}

function start(ip: string) {
  return fetch(`${server.url}/trpc/widget.start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ channelKey, page: { url: 'https://shop.test/', title: 'Shop', referrer: '' } }),
  });
}

async function visitor(ip: string) {
  const res = await start(ip);
  expect(res.status).toBe(200);
  const { result } = (await res.json()) as { result: { data: { visitorToken: string } } };
  return createVisitorClient(server.url, result.data.visitorToken);
}

/** Opens a raw socket and collects what the server sends until it closes or `ms` pass. */
function rawSocket(headers: Record<string, string> = {}) {
  const ws = new WebSocket(wsUrl(), { headers });
  const messages: unknown[] = [];
  let closeCode: number | undefined;
  ws.on('message', (d) => {
    try {
      messages.push(JSON.parse(String(d)));
    } catch {
      messages.push(String(d));
    }
  });
  ws.on('error', () => {});
  const closed = new Promise<void>((r) =>
    ws.on('close', (code) => {
      closeCode = code;
      r();
    }),
  );
  const opened = new Promise<void>((r, j) => {
    ws.once('open', () => r());
    ws.once('error', j);
  });
  return {
    ws,
    messages,
    opened,
    closed,
    closeCode: () => closeCode,
    async waitFor(pred: (m: unknown[]) => boolean, ms = 3000) {
      const until = Date.now() + ms;
      while (!pred(messages) && Date.now() < until && ws.readyState !== WebSocket.CLOSED)
        await new Promise((r) => setTimeout(r, 10));
      return messages;
    },
  };
}

describe('visitor flood', () => {
  it(`throttles new visitors from one address after ${NEW_VISITORS_PER_IP} a minute; other addresses are unaffected`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < NEW_VISITORS_PER_IP + 10; i++) statuses.push((await start('203.0.113.9')).status);
    expect(statuses.slice(0, NEW_VISITORS_PER_IP).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(NEW_VISITORS_PER_IP).every((s) => s === 429)).toBe(true);
    const limited = await start('203.0.113.9');
    const body = (await limited.json()) as { error: { data: { appCode: string } } };
    expect(body.error.data.appCode).toBe('widget.rate_limited');
    // Someone else is served, and the same flooder's existing visitors still work.
    expect((await start('198.51.100.20')).status).toBe(200);
    await healthy();
  });

  it('throttles a visitor sending more than 10 messages per 10 s; another visitor still chats', async () => {
    const flooder = await visitor('203.0.113.50');
    const results = await Promise.allSettled(
      Array.from({ length: 25 }, (_, i) =>
        flooder.client.widget.send.mutate({ clientId: randomUUID(), body: `spam ${i}` }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const limited = results.filter(
      (r) =>
        r.status === 'rejected' &&
        (r.reason as TRPCClientError<AppRouter>).data?.appCode === 'widget.rate_limited',
    ).length;
    expect(ok).toBe(10);
    expect(limited).toBe(15);
    const other = await visitor('198.51.100.21');
    const t0 = performance.now();
    const sent = await other.client.widget.send.mutate({
      clientId: randomUUID(),
      body: 'hello, a real question',
    });
    expect(sent.body).toBe('hello, a real question');
    expect(performance.now() - t0).toBeLessThan(2000);
    flooder.wsClient.close();
    other.wsClient.close();
    await healthy();
  });
});

describe('oversized frames and bodies', () => {
  it('refuses an HTTP body over 1 MB with 413 and stays up', async () => {
    const res = await fetch(`${server.url}/trpc/widget.start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        channelKey,
        page: { url: 'x'.repeat(1024 * 1024 + 10), title: '', referrer: '' },
      }),
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { data: { code: string } } };
    expect(body.error.data.code).toBe('PAYLOAD_TOO_LARGE');
    await healthy();
  });

  it('closes a WebSocket that sends a frame over 1 MB (1009) and keeps serving others', async () => {
    const bystander = await visitor('198.51.100.22');
    const s = rawSocket();
    await s.opened;
    s.ws.send(
      JSON.stringify({ id: 1, method: 'query', params: { path: 'x', input: 'y'.repeat(1024 * 1024 + 10) } }),
    );
    await s.closed;
    expect(s.closeCode()).toBe(1009);
    expect(
      (await bystander.client.widget.send.mutate({ clientId: randomUUID(), body: 'still here' })).body,
    ).toBe('still here');
    bystander.wsClient.close();
    await healthy();
  });

  it('rejects a message body over 5,000 characters with a field error', async () => {
    const v = await visitor('198.51.100.23');
    const err = await v.client.widget.send
      .mutate({ clientId: randomUUID(), body: 'x'.repeat(5001) })
      .catch((e: TRPCClientError<AppRouter>) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    expect((err as TRPCClientError<AppRouter>).data).toMatchObject({
      code: 'BAD_REQUEST',
      appCode: 'validation',
    });
    v.wsClient.close();
  });
});

describe('malformed input', () => {
  it('answers malformed JSON over HTTP with 400 PARSE_ERROR', async () => {
    for (const body of ['{nope', '', '\u0000\u0001', '[1,2', '{"channelKey":']) {
      const res = await fetch(`${server.url}/trpc/widget.start`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(body)).toBeLessThan(500);
    }
    await healthy();
  });

  it('answers malformed JSON and bad messages over WebSocket with errors, without crashing', async () => {
    const s = rawSocket();
    await s.opened;
    s.ws.send('{nope');
    s.ws.send('null');
    s.ws.send('[]');
    s.ws.send(JSON.stringify({ id: 1, method: 'nonsense', params: {} }));
    s.ws.send(JSON.stringify({ id: 2, method: 'query' }));
    await s.waitFor((m) => m.length >= 1, 1500);
    const errors = s.messages.filter((m) => typeof m === 'object' && m !== null && 'error' in m);
    expect(errors.length).toBeGreaterThan(0);
    s.ws.close();
    await healthy();
  });

  it('answers unknown procedures with 404 over HTTP and NOT_FOUND over WebSocket', async () => {
    const get = await fetch(`${server.url}/trpc/nope.nothing`);
    expect(get.status).toBe(404);
    const post = await fetch(`${server.url}/trpc/widget.start.__proto__`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(post.status).toBe(404);
    const proto = await fetch(`${server.url}/trpc/__proto__`);
    expect(proto.status).toBe(404);
    const s = rawSocket();
    await s.opened;
    s.ws.send(JSON.stringify({ id: 7, method: 'query', params: { path: 'nope.nothing', input: null } }));
    s.ws.send(
      JSON.stringify({ id: 8, method: 'subscription', params: { path: 'constructor', input: null } }),
    );
    const msgs = (await s.waitFor((m) => m.length >= 2)) as {
      id: number;
      error?: { data?: { code?: string } };
    }[];
    expect(msgs.find((m) => m.id === 7)?.error?.data?.code).toBe('NOT_FOUND');
    expect(msgs.find((m) => m.id === 8)?.error?.data?.code).toBe('NOT_FOUND');
    s.ws.close();
    await healthy();
  });

  it('survives deeply nested objects over HTTP and WebSocket', async () => {
    const depth = 100_000;
    const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const deepObject = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    for (const nested of [deep, deepObject]) {
      const body = `{"channelKey":"${channelKey}","page":${nested}}`;
      const res = await fetch(`${server.url}/trpc/widget.start`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      await healthy();
    }
    const s = rawSocket();
    await s.opened;
    s.ws.send(`{"id":1,"method":"query","params":{"path":"widget.history","input":${deepObject}}}`);
    s.ws.send(
      `{"id":2,"method":"mutation","params":{"path":"widget.start","input":{"channelKey":"${channelKey}","page":${deep}}}}`,
    );
    const msgs = (await s.waitFor((m) => m.length >= 2)) as {
      id: number;
      error?: { data?: { httpStatus?: number } };
    }[];
    for (const m of msgs) expect(m.error?.data?.httpStatus ?? 400).toBeLessThan(500);
    s.ws.close();
    await healthy();
  });

  it('refuses a visitor socket with a forged token, and keeps serving', async () => {
    const ws = createWSClient({
      url: wsUrl(),
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      connectionParams: { visitorToken: 'vt_forged.token' },
      retryDelayMs: () => 100,
    });
    const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
    const err = await client.widget.send
      .mutate({ clientId: randomUUID(), body: 'hi' })
      .catch((e: TRPCClientError<AppRouter>) => e);
    expect((err as TRPCClientError<AppRouter>).data?.code).toBe('UNAUTHORIZED');
    ws.close();
    const http = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/trpc` })] });
    const started = await http.widget.start.mutate({
      channelKey,
      page: { url: 'https://shop.test/', title: '', referrer: '' },
    });
    expect(started.visitorToken).toBeTruthy();
    await healthy();
  });
});
