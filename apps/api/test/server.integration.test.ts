import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server';
import { collect, createTestClient } from './client';
import { createTestDeps, PASSWORD, seedAccount, streamTopics, type TestDeps } from './harness';

let deps: TestDeps;
let server: RunningServer;
let seeded: Awaited<ReturnType<typeof seedAccount>>;
beforeAll(async () => {
  deps = await createTestDeps();
  server = await startServer(deps);
  seeded = await seedAccount(deps);
});
afterAll(async () => {
  await server.close();
  await deps.cleanup();
});

describe('HTTP server', () => {
  it('answers health and readiness', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: true, bus: true } });
  });

  it('logs in over HTTP with a cookie and batches queries', async () => {
    const c = createTestClient(server.url);
    expect(await c.http.auth.me.query()).toBeNull();
    await c.http.auth.login.mutate({ email: seeded.agent.email.toUpperCase(), password: PASSWORD });
    expect(c.cookie()).toMatch(/^parley_session=/);
    const [me, team] = await Promise.all([c.http.auth.me.query(), c.http.team.list.query()]);
    expect(me?.id).toBe(seeded.agent.id);
    expect(team.map((u) => u.id).sort()).toEqual([seeded.owner.id, seeded.admin.id, seeded.agent.id].sort());
  });

  it('returns field-level validation errors with stable ids and no stack traces', async () => {
    const res = await fetch(`${server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'not-an-email', password: '' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; data: Record<string, unknown> } };
    expect(body.error.data).toMatchObject({
      code: 'BAD_REQUEST',
      appCode: 'validation',
      fieldErrors: { email: 'validation.email', password: 'validation.required' },
    });
    expect(JSON.stringify(body)).not.toMatch(/stack|at .*\.ts:\d+/);
  });

  it('survives malformed JSON and unknown procedures with clear errors', async () => {
    const bad = await fetch(`${server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(bad.status).toBe(400);
    // A procedure without input ignores whatever comes in the query string.
    expect((await fetch(`${server.url}/trpc/setup.status?input=undefined`)).status).toBe(200);
    const unknown = await fetch(`${server.url}/trpc/nothing.here`);
    expect(unknown.status).toBe(404);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('uploads, resizes and serves an avatar; rejects other files', async () => {
    const c = createTestClient(server.url);
    await c.http.auth.login.mutate({ email: seeded.owner.email, password: PASSWORD });
    const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#3366ff' } })
      .png()
      .toBuffer();
    const up = await c.fetch(`${server.url}/uploads/avatar`, {
      method: 'POST',
      body: png,
      headers: { 'content-type': 'image/png' },
    });
    expect(up.status).toBe(200);
    const { avatarUrl } = (await up.json()) as { avatarUrl: string };
    expect((await c.http.auth.me.query())?.avatarUrl).toBe(avatarUrl);
    const img = await fetch(`${server.url}${avatarUrl}`);
    expect(img.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await img.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([256, 256]);

    const text = await c.fetch(`${server.url}/uploads/avatar`, {
      method: 'POST',
      body: 'hello',
      headers: { 'content-type': 'image/png' },
    });
    expect(text.status).toBe(400);
    expect(await text.json()).toMatchObject({ error: { appCode: 'avatar.bad_type' } });
    const huge = await c.fetch(`${server.url}/uploads/avatar`, {
      method: 'POST',
      body: Buffer.alloc(6 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
    expect((await c.http.auth.me.query())?.avatarUrl).toBe(avatarUrl);
    const anon = await fetch(`${server.url}/uploads/avatar`, { method: 'POST', body: png });
    expect(anon.status).toBe(401);
  });
});

describe('live subscriptions over WebSocket', () => {
  it('delivers presence changes live, resumes with lastEventId, and never crosses accounts', async () => {
    const watcher = createTestClient(server.url);
    await watcher.http.auth.login.mutate({ email: seeded.agent.email, password: PASSWORD });
    const actor = createTestClient(server.url);
    await actor.http.auth.login.mutate({ email: seeded.admin.email, password: PASSWORD });
    const other = await seedAccount(deps, 'Other');
    const stranger = createTestClient(server.url);
    await stranger.http.auth.login.mutate({ email: other.admin.email, password: PASSWORD });

    const ws = watcher.openWs();
    type Ev = { id: string; data: { userId: string; presence: string } };
    const listening = deps.subscriptions.next(seeded.account.id, streamTopics.presence(seeded.agent.id));
    const live = collect<Ev>((onData) =>
      ws.client.team.onPresence.subscribe({}, { onData: (d) => onData(d as unknown as Ev) }),
    );
    await listening;
    await actor.http.presence.set.mutate({ presence: 'away' });
    await stranger.http.presence.set.mutate({ presence: 'away' });
    const [first] = await live.until(1);
    expect(first?.data).toEqual({ userId: seeded.admin.id, presence: 'away' });
    live.stop();
    ws.wsClient.close();

    // While disconnected, two changes happen; resuming from the last id delivers exactly those.
    await actor.http.presence.set.mutate({ presence: 'online' });
    await actor.http.presence.set.mutate({ presence: 'away' });
    const ws2 = watcher.openWs();
    const resumed = collect<Ev>((onData) =>
      ws2.client.team.onPresence.subscribe(
        { lastEventId: first!.id },
        { onData: (d) => onData(d as unknown as Ev) },
      ),
    );
    const items = await resumed.until(2);
    expect(items.map((e) => e.data.presence)).toEqual(['online', 'away']);
    expect(items.every((e) => e.data.userId === seeded.admin.id)).toBe(true);
    // No copy of the missed ones follows: the next live change comes right after them (in order).
    await actor.http.presence.set.mutate({ presence: 'online' });
    await resumed.until(3);
    expect(resumed.items.map((e) => e.data.presence)).toEqual(['online', 'away', 'online']);
    resumed.stop();
    ws2.wsClient.close();
  });

  it('refuses WebSocket handshakes from other sites', async () => {
    const { default: WebSocket } = await import('ws');
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/trpc`, {
        headers: { origin: 'https://evil.test' },
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => {});
    });
    expect(status).toBe(403);
  });

  it('refuses a subscription without a session', async () => {
    const anon = createTestClient(server.url).openWs();
    const error = await new Promise<{ data?: { code?: string } }>((resolve) => {
      anon.client.team.onPresence.subscribe({}, { onError: (e) => resolve(e as never) });
    });
    expect(error.data?.code).toBe('UNAUTHORIZED');
    anon.wsClient.close();
  });
});
