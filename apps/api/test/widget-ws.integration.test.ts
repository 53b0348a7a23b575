import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server';
import { collect, createTestClient, createVisitorClient } from './client';
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

type Ev = { type: string; message?: { body: string; author: string }; text?: string; id?: string };
/** Tracked events arrive as { id, data }, ephemeral ones bare. */
const unwrap = (d: unknown): Ev => {
  const o = d as { id?: string; data?: Ev };
  return o.data && o.id ? { ...o.data, id: o.id } : (d as Ev);
};

it('a visitor and an agent chat live over WebSockets, with typing preview and resume after reconnect', async () => {
  const agent = createTestClient(server.url);
  await agent.http.auth.login.mutate({ email: seeded.admin.email, password: PASSWORD });
  const channel = await agent.http.channels.create.mutate({ kind: 'website', name: 'Shop' });
  const agentWs = agent.openWs();
  const consoleListening = deps.subscriptions.next(seeded.account.id, streamTopics.console(seeded.admin.id));
  const consoleEvents = collect<Ev>((onData) =>
    agentWs.client.live.console.subscribe({}, { onData: (d) => onData(unwrap(d)) }),
  );
  await consoleListening;

  const start = await agent.http.widget.start.mutate({
    channelKey: channel.publicKey,
    page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
  });
  const visitor = createVisitorClient(server.url, start.visitorToken);
  const widgetListening = deps.subscriptions.next(
    seeded.account.id,
    streamTopics.widget(start.visitor.id, channel.id),
  );
  const widgetEvents = collect<Ev & { id?: string }>((onData) =>
    visitor.client.widget.events.subscribe({}, { onData: (d) => onData(unwrap(d)) }),
  );
  await widgetListening;

  const sent = await visitor.client.widget.send.mutate({
    clientId: randomUUID(),
    body: 'Hello, do you ship to Izmir?',
  });
  await visitor.client.widget.typing.mutate({ text: 'And to Ank' });
  // message, chat.request, typing (a plain message carries no separate conversation event)
  await consoleEvents.untilSome((e) => e.type === 'chat.request');
  await consoleEvents.untilSome((e) => e.type === 'typing');
  expect(consoleEvents.items.find((e) => e.type === 'typing')?.text).toBe('And to Ank');
  expect(consoleEvents.items.find((e) => e.type === 'message')?.message?.body).toBe(
    'Hello, do you ship to Izmir?',
  );

  await agent.http.chats.quickReply.mutate({
    conversationId: sent.conversationId,
    clientId: randomUUID(),
    body: 'Yes, in 2 days.',
  });
  const got = await widgetEvents.untilSome((e) => e.message?.body === 'Yes, in 2 days.');
  expect(got.filter((e) => e.type === 'message').map((e) => e.message?.body)).toContain('Yes, in 2 days.');
  expect(got.map((e) => e.type)).toContain('agent.joined');

  // The visitor's socket drops; meanwhile the agent writes; resuming delivers exactly the missed ones.
  const lastId = got.filter((e) => e.id).at(-1)?.id;
  widgetEvents.stop();
  visitor.wsClient.close();
  await agent.http.chats.send.mutate({
    conversationId: sent.conversationId,
    clientId: randomUUID(),
    body: 'Anything else?',
  });
  const again = createVisitorClient(server.url, start.visitorToken);
  const resumed = collect<Ev>((onData) =>
    again.client.widget.events.subscribe({ lastEventId: lastId }, { onData: (d) => onData(unwrap(d)) }),
  );
  const missed = await resumed.until(1);
  expect(missed.map((e) => e.message?.body)).toEqual(['Anything else?']);
  resumed.stop();
  again.wsClient.close();
  consoleEvents.stop();
  agentWs.wsClient.close();
});
