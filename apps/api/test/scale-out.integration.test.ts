import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '@parley/db';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisChannel } from '../src/bus/redis-bus';
import { collect, createTestClient, createVisitorClient } from './client';
import { PASSWORD, seedAccount, streamTopics } from './harness';

/**
 * Scale-out: two API processes on one PostgreSQL and one Redis. An event published through one
 * process reaches a subscriber connected to the other.
 */
const { DATABASE_URL, REDIS_URL } = process.env;
const enabled = Boolean(DATABASE_URL && REDIS_URL);
if (!enabled) console.info('scale-out test skipped: set DATABASE_URL (PostgreSQL) and REDIS_URL to run it');

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function waitReady(url: string, child: ChildProcess, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`API process exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready in time`);
}

describe.runIf(enabled)('two API processes on PostgreSQL + Redis', () => {
  const children: ChildProcess[] = [];
  const urls: string[] = [];
  let dbName = '';
  let dataDir = '';
  let admin: pg.Client;
  let redis: Redis;
  let seeded: Awaited<ReturnType<typeof seedAccount>>;

  /**
   * Waits until some API process listens on every topic's Redis channel: the bus subscribes a channel
   * when a stream of that process asks for it, so from then on the stream hears what either process
   * publishes. (Each topic here is one no other stream of the test listens on.)
   */
  async function listening(topics: string[], timeoutMs = 10_000) {
    const channels = topics.map((topic) => redisChannel(seeded.account.id, topic));
    const until = Date.now() + timeoutMs;
    for (;;) {
      const reply = (await redis.pubsub('NUMSUB', ...channels)) as (string | number)[];
      if (channels.every((_, i) => Number(reply[i * 2 + 1]) > 0)) return;
      if (Date.now() > until) throw new Error(`nobody listens on ${channels.join(', ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  beforeAll(async () => {
    dbName = `parley_scale_${randomBytes(4).toString('hex')}`;
    admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    const dbUrl = new URL(DATABASE_URL!);
    dbUrl.pathname = `/${dbName}`;
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-scale-'));
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: path.resolve(import.meta.dirname, '..'),
        env: {
          ...process.env,
          DATABASE_URL: dbUrl.toString(),
          REDIS_URL,
          PORT: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      children.push(child);
      urls.push(url);
      // Start one after the other: both run migrations at start, the second finds nothing to do.
      await waitReady(url, child);
    }
    const database = await openDatabase({ databaseUrl: dbUrl.toString(), dataDir });
    try {
      seeded = await seedAccount({ db: database.db } as never, 'Scale');
    } finally {
      await database.close();
    }
    redis = new Redis(REDIS_URL!);
  }, 120_000);

  afterAll(async () => {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))),
    );
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    await rm(dataDir, { recursive: true, force: true });
    redis?.disconnect();
  });

  it('an event published on one process reaches a subscriber on the other', async () => {
    const watcher = createTestClient(urls[0]!);
    await watcher.http.auth.login.mutate({ email: 'agent@scale.test', password: PASSWORD });
    const actor = createTestClient(urls[1]!);
    await actor.http.auth.login.mutate({ email: 'admin@scale.test', password: PASSWORD });

    const ws = watcher.openWs();
    const events = collect<{ data: { presence: string } }>((onData) =>
      ws.client.team.onPresence.subscribe({}, { onData: (d) => onData(d as never) }),
    );
    await listening(streamTopics.presence(seeded.agent.id));
    await actor.http.presence.set.mutate({ presence: 'away' });
    const [event] = await events.until(1, 10_000);
    expect(event?.data.presence).toBe('away');
    events.stop();
    ws.wsClient.close();
  });

  it('a visitor on one process and an agent on the other chat live', async () => {
    type Ev = { type: string; message?: { body: string } };
    const unwrap = (d: unknown): Ev => (d as { data?: Ev }).data ?? (d as Ev);
    const agent = createTestClient(urls[1]!);
    await agent.http.auth.login.mutate({ email: 'admin@scale.test', password: PASSWORD });
    const channel = await agent.http.channels.create.mutate({ kind: 'website', name: 'Shop' });
    const agentWs = agent.openWs();
    const consoleEvents = collect<Ev>((onData) =>
      agentWs.client.live.console.subscribe({}, { onData: (d) => onData(unwrap(d)) }),
    );

    const start = await createTestClient(urls[0]!).http.widget.start.mutate({
      channelKey: channel.publicKey,
      page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
    });
    const visitor = createVisitorClient(urls[0]!, start.visitorToken);
    const widgetEvents = collect<Ev>((onData) =>
      visitor.client.widget.events.subscribe({}, { onData: (d) => onData(unwrap(d)) }),
    );
    await listening([
      ...streamTopics.console(seeded.admin.id),
      ...streamTopics.widget(start.visitor.id, channel.id),
    ]);

    const sent = await visitor.client.widget.send.mutate({
      clientId: randomUUID(),
      body: 'Hello from process one',
    });
    await consoleEvents.untilSome((e) => e.message?.body === 'Hello from process one', 10_000);
    expect(consoleEvents.items.some((e) => e.message?.body === 'Hello from process one')).toBe(true);
    await agent.http.chats.quickReply.mutate({
      conversationId: sent.conversationId,
      clientId: randomUUID(),
      body: 'Hello from process two',
    });
    await widgetEvents.untilSome((e) => e.message?.body === 'Hello from process two', 10_000);
    expect(widgetEvents.items.some((e) => e.message?.body === 'Hello from process two')).toBe(true);
    consoleEvents.stop();
    widgetEvents.stop();
    visitor.wsClient.close();
    agentWs.wsClient.close();
  });

  it('a ban made on one process holds on the other (C4)', async () => {
    const agent = createTestClient(urls[1]!);
    await agent.http.auth.login.mutate({ email: 'admin@scale.test', password: PASSWORD });
    const channel = await agent.http.channels.create.mutate({ kind: 'website', name: 'Bans' });
    const start = await createTestClient(urls[0]!).http.widget.start.mutate({
      channelKey: channel.publicKey,
      page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
    });
    const visitor = createVisitorClient(urls[0]!, start.visitorToken);
    await visitor.client.widget.send.mutate({ clientId: randomUUID(), body: 'Before the ban' });
    await agent.http.tools.ban.mutate({ visitorId: start.visitor.id, reason: 'Spam' });
    const refused = await visitor.client.widget.send
      .mutate({ clientId: randomUUID(), body: 'After the ban' })
      .then(
        () => null,
        (err: { data?: { appCode?: string } }) => err.data?.appCode,
      );
    expect(refused).toBe('widget.banned');
    visitor.wsClient.close();
  });
  it('a call: visitor on one process, agent on the other; ringing, signals and hang-up cross (H1)', async () => {
    type Ev = { type: string; call?: { id: string; status: string }; signal?: { kind: string } };
    const unwrap = (d: unknown): Ev => (d as { data?: Ev }).data ?? (d as Ev);
    const agent = createTestClient(urls[1]!);
    await agent.http.auth.login.mutate({ email: 'admin@scale.test', password: PASSWORD });
    await agent.http.presence.set.mutate({ presence: 'online' });
    const channel = await agent.http.channels.create.mutate({
      kind: 'website',
      name: 'Calls',
      config: { calls: { enabled: true, ringSeconds: 60 } },
    });
    const agentWs = agent.openWs();
    const consoleEvents = collect<Ev>((onData) =>
      agentWs.client.live.console.subscribe({}, { onData: (d) => onData(unwrap(d)) }),
    );
    const start = await createTestClient(urls[0]!).http.widget.start.mutate({
      channelKey: channel.publicKey,
      page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
    });
    const visitor = createVisitorClient(urls[0]!, start.visitorToken);
    const widgetEvents = collect<Ev>((onData) =>
      visitor.client.widget.events.subscribe({}, { onData: (d) => onData(unwrap(d)) }),
    );
    await listening([
      ...streamTopics.console(seeded.admin.id),
      ...streamTopics.widget(start.visitor.id, channel.id),
    ]);

    const { call } = await visitor.client.calls.start.mutate();
    await consoleEvents.untilSome((e) => e.type === 'call.ringing' && e.call?.id === call.id, 10_000);
    await agent.http.calls.accept.mutate({ callId: call.id });
    await widgetEvents.untilSome((e) => e.type === 'call.updated' && e.call?.status === 'active', 10_000);
    await visitor.client.calls.visitorSignal.mutate({
      callId: call.id,
      signal: { kind: 'offer', sdp: 'v=0' },
    });
    await consoleEvents.untilSome((e) => e.type === 'call.signal' && e.signal?.kind === 'offer', 10_000);
    await agent.http.calls.signal.mutate({ callId: call.id, signal: { kind: 'answer', sdp: 'v=0' } });
    await widgetEvents.untilSome((e) => e.type === 'call.signal' && e.signal?.kind === 'answer', 10_000);
    await agent.http.calls.hangup.mutate({ callId: call.id });
    await widgetEvents.untilSome((e) => e.type === 'call.updated' && e.call?.status === 'ended', 10_000);
    consoleEvents.stop();
    widgetEvents.stop();
    visitor.wsClient.close();
    agentWs.wsClient.close();
  });
});
