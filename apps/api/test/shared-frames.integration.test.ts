import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sharedFrames } from '../src/live/frames';
import { type RunningServer, startServer } from '../src/server';
import { collect, createTestClient, createVisitorClient } from './client';
import { createTestDeps, PASSWORD, seedAccount, streamTopics, type TestDeps } from './harness';

// An event heard by several sockets is serialised once for all of them (src/live/frames.ts): each
// still gets it whole, with its own resume id, and resuming after a drop still delivers what was missed.

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

type Ev = { type: string; message?: { body: string }; id?: string };
const unwrap = (d: unknown): Ev => {
  const o = d as { id?: string; data?: Ev };
  return o.data && o.id ? { ...o.data, id: o.id } : (d as Ev);
};

it('three consoles hear one shared event each, whole, and a dropped one resumes from its last id', async () => {
  const agent = createTestClient(server.url);
  await agent.http.auth.login.mutate({ email: seeded.admin.email, password: PASSWORD });
  const channel = await agent.http.channels.create.mutate({ kind: 'website', name: 'Shop' });
  // Three tabs of the same agent: three subscribers of the same topics, so every event is shared.
  const sockets = [agent.openWs(), agent.openWs(), agent.openWs()];
  const listening = sockets.map(() =>
    deps.subscriptions.next(seeded.account.id, streamTopics.console(seeded.admin.id)),
  );
  const consoles = sockets.map((ws) =>
    collect<Ev>((onData) => ws.client.live.console.subscribe({}, { onData: (d) => onData(unwrap(d)) })),
  );
  await Promise.all(listening);

  const sharedBefore = sharedFrames.written;
  const start = await agent.http.widget.start.mutate({
    channelKey: channel.publicKey,
    page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
  });
  const visitor = createVisitorClient(server.url, start.visitorToken);
  const sent = await visitor.client.widget.send.mutate({
    clientId: randomUUID(),
    body: 'Is the blue one in stock?',
  });
  await visitor.client.widget.typing.mutate({ text: 'And the red' });

  const heard = await Promise.all(
    consoles.map((c) =>
      c.untilSome((e) => e.type === 'typing').then(() => c.untilSome((e) => e.type === 'chat.request')),
    ),
  );
  const messages = heard.map((items) => items.filter((e) => e.type === 'message'));
  for (const m of messages) {
    expect(m.map((e) => e.message?.body)).toEqual(['Is the blue one in stock?']);
    expect(m[0]?.id).toMatch(/^\d+$/);
  }
  // The same event, the same resume id and the same data on every socket, from the shared frames.
  expect(new Set(messages.map((m) => JSON.stringify(m)))).toHaveProperty('size', 1);
  expect(sharedFrames.written - sharedBefore).toBeGreaterThanOrEqual(3 * 3);

  // One tab drops; the visitor writes twice; it resumes from the last id it had and gets exactly those.
  const lastId = heard[2]?.filter((e) => e.id).at(-1)?.id;
  consoles[2]?.stop();
  sockets[2]?.wsClient.close();
  for (const body of ['Size 42', 'Thanks!'])
    await visitor.client.widget.send.mutate({ clientId: randomUUID(), body });
  await consoles[0]?.untilSome((e) => e.message?.body === 'Thanks!');
  const again = agent.openWs();
  const resumed = collect<Ev>((onData) =>
    again.client.live.console.subscribe({ lastEventId: lastId }, { onData: (d) => onData(unwrap(d)) }),
  );
  const missed = await resumed.untilSome((e) => e.message?.body === 'Thanks!');
  expect(missed.filter((e) => e.type === 'message').map((e) => e.message?.body)).toEqual([
    'Size 42',
    'Thanks!',
  ]);
  expect(sent.conversationId).toBeTruthy();

  resumed.stop();
  again.wsClient.close();
  for (const c of consoles.slice(0, 2)) c.stop();
  for (const ws of sockets.slice(0, 2)) ws.wsClient.close();
  visitor.wsClient.close();
});
