import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server';
import { collect, createTestClient, createVisitorClient } from './client';
import { createTestDeps, PASSWORD, seedAccount, type TestDeps } from './harness';

// A5: the name an agent chose for a channel (Settings → My account) is the one that channel's visitors
// see: in widget.start, widget.history, live events (joined, message, typing) and the system lines;
// other channels and the console keep the account name.

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

type Agent = { id: string; name: string };
type Ev = {
  type: string;
  agent?: Agent;
  message?: { body: string; agent: Agent | null; system?: { name?: string } };
};
const unwrap = (d: unknown): Ev => {
  const o = d as { id?: string; data?: Ev };
  return o.data && o.id ? o.data : (d as Ev);
};
const page = { url: 'https://shop.test/', title: 'Shop', referrer: '' };

it("shows visitors the agent's name for their channel, and the account name elsewhere", async () => {
  const agent = createTestClient(server.url);
  await agent.http.auth.login.mutate({ email: seeded.admin.email, password: PASSWORD });
  const shop = await agent.http.channels.create.mutate({ kind: 'website', name: 'Shop' });
  const blog = await agent.http.channels.create.mutate({ kind: 'website', name: 'Blog' });
  await agent.http.account.setDisplayName.mutate({ channelId: shop.id, displayName: 'Liv from Shop' });
  const accountName = 'Acme admin';

  const start = await agent.http.widget.start.mutate({ channelKey: shop.publicKey, page });
  const visitor = createVisitorClient(server.url, start.visitorToken);
  const events = collect<Ev>((onData) =>
    visitor.client.widget.events.subscribe({}, { onData: (d) => onData(unwrap(d)) }),
  );
  await new Promise((r) => setTimeout(r, 200));
  const sent = await visitor.client.widget.send.mutate({ clientId: randomUUID(), body: 'Hi' });
  await agent.http.chats.accept.mutate({ conversationId: sent.conversationId });
  await agent.http.chats.send.mutate({
    conversationId: sent.conversationId,
    clientId: randomUUID(),
    body: 'Hello!',
  });

  const live = await events.untilSome((e) => e.message?.body === 'Hello!');
  expect(live.find((e) => e.type === 'agent.joined')?.agent?.name).toBe('Liv from Shop');
  expect(live.find((e) => e.message?.body === 'Hello!')?.message?.agent?.name).toBe('Liv from Shop');
  expect(live.find((e) => e.message?.system)?.message?.system?.name).toBe('Liv from Shop');
  expect(JSON.stringify(live)).not.toContain(accountName);

  const again = await agent.http.widget.start.mutate({
    channelKey: shop.publicKey,
    visitorToken: start.visitorToken,
    page,
  });
  expect(again.conversation?.agents.map((a) => a.name)).toEqual(['Liv from Shop']);
  expect(JSON.stringify(again.conversation)).not.toContain(accountName);
  expect(JSON.stringify(await visitor.client.widget.history.query({}))).not.toContain(accountName);

  // The console still knows the agent by the account name.
  const inConsole = await agent.http.chats.get.query({ conversationId: sent.conversationId });
  expect(inConsole.messages.find((m) => m.body === 'Hello!')?.agent?.name).toBe(accountName);

  // Another channel, where no display name is set: the account name.
  const other = await agent.http.widget.start.mutate({ channelKey: blog.publicKey, page });
  const blogVisitor = createVisitorClient(server.url, other.visitorToken);
  const blogSent = await blogVisitor.client.widget.send.mutate({ clientId: randomUUID(), body: 'Hey' });
  await agent.http.chats.accept.mutate({ conversationId: blogSent.conversationId });
  const blogStart = await agent.http.widget.start.mutate({
    channelKey: blog.publicKey,
    visitorToken: other.visitorToken,
    page,
  });
  expect(blogStart.conversation?.agents.map((a) => a.name)).toEqual([accountName]);
  events.stop();
  visitor.wsClient.close();
  blogVisitor.wsClient.close();
});
