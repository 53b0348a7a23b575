import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server';
import { collect, createTestClient } from './client';
import {
  callerFor,
  createTestDeps,
  errorOf,
  PASSWORD,
  seedAccount,
  streamTopics,
  type TestDeps,
  visitorCaller,
  waitFor,
} from './harness';

let deps: TestDeps;
let acme: Awaited<ReturnType<typeof seedAccount>>;
let channelKey: string;

async function visitorWithChat(ip: string, body = 'Hello') {
  const started = await callerFor(deps, undefined, ip).widget.start({
    channelKey,
    page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
  });
  const api = visitorCaller(deps, started.visitorToken, ip);
  const message = await api.widget.send({ clientId: randomUUID(), body });
  return { ...started, api, conversationId: message.conversationId };
}

beforeAll(async () => {
  deps = await createTestDeps();
  acme = await seedAccount(deps, 'Acme');
  channelKey = (await callerFor(deps, acme.admin.token).channels.create({ kind: 'website', name: 'Shop' }))
    .publicKey;
});
afterAll(() => deps.cleanup());

describe('CRM visitors (D1) and customer processes (D3)', () => {
  it('filters by status, email and text, keeps status history, and edits contact data', async () => {
    const admin = callerFor(deps, acme.admin.token);
    const lead = await admin.processes.create({ name: 'New lead', color: '#22c55e' });
    const won = await admin.processes.create({ name: 'Won', color: '#2563eb' });
    expect((await admin.processes.list()).map((s) => s.name)).toEqual(['New lead', 'Won']);
    await admin.processes.reorder({ ids: [won.id, lead.id] });
    expect((await admin.processes.list()).map((s) => s.name)).toEqual(['Won', 'New lead']);

    const v = await visitorWithChat('198.51.100.1');
    const agent = callerFor(deps, acme.agent.token);
    await agent.crm.updateContact({
      visitorId: v.visitor.id,
      name: 'Deniz Yılmaz',
      email: 'Deniz@Example.com',
    });
    await agent.crm.setStatus({ visitorId: v.visitor.id, statusId: lead.id });
    await agent.crm.setStatus({ visitorId: v.visitor.id, statusId: won.id });
    await agent.crm.addNote({ visitorId: v.visitor.id, body: 'Wants the <b>blue</b> one' });

    expect((await agent.crm.visitors({ statusId: won.id })).items.map((r) => r.id)).toEqual([v.visitor.id]);
    expect((await agent.crm.visitors({ q: 'deniz' })).items.map((r) => r.email)).toEqual([
      'deniz@example.com',
    ]);
    expect((await agent.crm.visitors({ hasEmail: true })).items.map((r) => r.id)).toEqual([v.visitor.id]);
    const record = await agent.crm.visitor({ visitorId: v.visitor.id });
    expect(record.statusHistory.map((h) => h.to?.name)).toEqual(['Won', 'New lead']);
    expect(record.notes[0]?.body).toBe('Wants the <b>blue</b> one');
    expect(record.conversations.map((c) => c.id)).toEqual([v.conversationId]);
  });

  it('merges two records: conversations, notes and identities move; the merge is audited', async () => {
    const a = await visitorWithChat('198.51.100.2', 'from laptop');
    const b = await visitorWithChat('198.51.100.3', 'from phone');
    const agent = callerFor(deps, acme.agent.token);
    await agent.crm.addNote({ visitorId: b.visitor.id, body: 'phone note' });
    expect((await errorOf(agent.crm.merge({ targetId: a.visitor.id, sourceId: b.visitor.id }))).code).toBe(
      'FORBIDDEN',
    );
    await callerFor(deps, acme.admin.token).crm.merge({ targetId: a.visitor.id, sourceId: b.visitor.id });

    expect(await deps.db.visitor.findUnique({ where: { id: b.visitor.id } })).toBeNull();
    expect(await deps.db.conversation.count({ where: { visitorId: a.visitor.id } })).toBe(2);
    expect(await deps.db.note.count({ where: { visitorId: a.visitor.id } })).toBe(1);
    expect(await deps.db.visitorIdentity.count({ where: { visitorId: a.visitor.id } })).toBe(2);
    expect(await deps.db.message.count({ where: { authorVisitorId: b.visitor.id } })).toBe(0);
    expect(
      await deps.db.auditEvent.count({ where: { action: 'visitor.merged', targetId: a.visitor.id } }),
    ).toBe(1);
    // The phone's browser still works and now speaks for the merged record.
    const phone = await b.api.widget.history({});
    expect(phone.messages.map((m) => m.body)).toContain('from phone');
  });

  it('erases a visitor on request and leaves nothing behind but an anonymous audit line', async () => {
    const v = await visitorWithChat('198.51.100.4', 'my secret address is Elm Street 5');
    await callerFor(deps, acme.agent.token).crm.updateContact({
      visitorId: v.visitor.id,
      name: 'Erase Me',
      email: 'erase@example.com',
    });
    await callerFor(deps, acme.agent.token).crm.addNote({ visitorId: v.visitor.id, body: 'note' });
    await callerFor(deps, acme.admin.token).crm.erase({ visitorId: v.visitor.id });

    const where = { visitorId: v.visitor.id };
    expect(await deps.db.visitor.count({ where: { id: v.visitor.id } })).toBe(0);
    expect(await deps.db.conversation.count({ where })).toBe(0);
    expect(await deps.db.message.count({ where: { conversationId: v.conversationId } })).toBe(0);
    expect(await deps.db.visitorIdentity.count({ where })).toBe(0);
    expect(await deps.db.visit.count({ where })).toBe(0);
    expect(await deps.db.note.count({ where })).toBe(0);
    const events = await deps.db.liveEvent.findMany({ where: { accountId: acme.account.id } });
    expect(JSON.stringify(events)).not.toContain(v.visitor.id);
    expect(JSON.stringify(events)).not.toContain('Elm Street');
    const line = await deps.db.auditEvent.findFirstOrThrow({ where: { action: 'visitor.erased' } });
    expect(JSON.stringify(line)).not.toMatch(/Erase Me|erase@example.com|Elm Street/);
    expect((await errorOf(visitorCaller(deps, v.visitorToken).widget.history({}))).code).toBe('UNAUTHORIZED');
  });
});

describe('team chats (E1, E2)', () => {
  it('keeps direct chats and groups readable only by their members', async () => {
    const owner = callerFor(deps, acme.owner.token);
    const agent = callerFor(deps, acme.agent.token);
    const admin = callerFor(deps, acme.admin.token);
    const direct = await owner.team.openDirect({ userId: acme.agent.id });
    expect((await agent.team.openDirect({ userId: acme.owner.id })).id).toBe(direct.id);
    await owner.team.send({
      conversationId: direct.id,
      clientId: randomUUID(),
      body: 'Can you take the Izmir chat?',
    });
    expect((await agent.team.chats()).find((c) => c.id === direct.id)?.unread).toBe(1);
    expect((await agent.team.messages({ conversationId: direct.id })).messages.map((m) => m.body)).toEqual([
      'Can you take the Izmir chat?',
    ]);
    // The admin is not in it: it does not exist for them.
    expect((await errorOf(admin.team.messages({ conversationId: direct.id }))).code).toBe('NOT_FOUND');
    expect(
      (await errorOf(admin.team.send({ conversationId: direct.id, clientId: randomUUID(), body: 'hi' })))
        .code,
    ).toBe('NOT_FOUND');

    const group = await owner.team.createGroup({ title: 'Weekend shift', memberIds: [acme.agent.id] });
    await agent.team.send({ conversationId: group.id, clientId: randomUUID(), body: 'I can do Saturday' });
    expect((await errorOf(admin.team.messages({ conversationId: group.id }))).code).toBe('NOT_FOUND');
    await owner.team.addMembers({ conversationId: group.id, userIds: [acme.admin.id] });
    expect((await admin.team.messages({ conversationId: group.id })).messages).toHaveLength(1);
    await owner.team.renameGroup({ conversationId: group.id, title: 'Weekend' });
    await agent.team.removeMember({ conversationId: group.id, userId: acme.agent.id });
    expect((await errorOf(agent.team.messages({ conversationId: group.id }))).code).toBe('NOT_FOUND');
    expect((await admin.team.chats()).find((c) => c.id === group.id)?.title).toBe('Weekend');
    // Other accounts cannot reach it either.
    const other = await seedAccount(deps, 'Other');
    expect(
      (await errorOf(callerFor(deps, other.owner.token).team.messages({ conversationId: group.id }))).code,
    ).toBe('NOT_FOUND');
  });
});

describe('agent administration (E3)', () => {
  it('routes new chats only to agents serving the channel and below their limit', async () => {
    const owner = callerFor(deps, acme.owner.token);
    const channels = await owner.channels.list();
    await callerFor(deps, acme.agent.token).presence.set({ presence: 'online' });
    await owner.presence.set({ presence: 'online' });
    await callerFor(deps, acme.admin.token).presence.set({ presence: 'online' });
    const seenAudience: string[][] = [];
    const stop = await deps.bus.subscribe(acme.account.id, 'console', (m) => {
      if ((m.payload as { type: string }).type === 'chat.request') seenAudience.push(m.audience ?? []);
    });
    for (const user of [acme.agent, acme.owner, acme.admin])
      await owner.agents.update({ userId: user.id, channelIds: [channels[0]!.id] });
    // A second site served by nobody listed: everyone serves it.
    expect((await owner.agents.get({ userId: acme.agent.id })).channelIds).toEqual([channels[0]!.id]);
    await owner.agents.update({ userId: acme.admin.id, maxConcurrentChats: 1 });
    const first = await visitorWithChat('198.51.100.10');
    await callerFor(deps, acme.admin.token).chats.accept({ conversationId: first.conversationId });
    await visitorWithChat('198.51.100.11');
    await waitFor(() => seenAudience.length >= 2);
    stop();
    // The admin is at their limit of one chat, so the second request skips them.
    expect(seenAudience.at(-1)?.sort()).toEqual([acme.owner.id, acme.agent.id].sort());
    expect(
      (
        await errorOf(
          callerFor(deps, acme.agent.token).agents.update({ userId: acme.admin.id, role: 'agent' }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await errorOf(
          callerFor(deps, acme.admin.token).agents.update({ userId: acme.owner.id, disabled: true }),
        )
      ).code,
    ).toBe('FORBIDDEN');
  });

  it('reports an agent’s statistics', async () => {
    const v = await visitorWithChat('198.51.100.20', 'question');
    await callerFor(deps, acme.owner.token).chats.quickReply({
      conversationId: v.conversationId,
      clientId: randomUUID(),
      body: 'answer',
    });
    const stats = await callerFor(deps, acme.admin.token).agents.stats({ userId: acme.owner.id });
    expect(stats.chatsHandled).toBeGreaterThanOrEqual(1);
    expect(stats.firstResponseSeconds).not.toBeNull();
  });
});

describe('disabling an agent', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(deps);
  });
  afterAll(() => server.close());

  it('ends their sessions and open WebSocket subscriptions at once', async () => {
    const victim = await seedAccount(deps, 'Victim');
    const agentClient = createTestClient(server.url);
    await agentClient.http.auth.login.mutate({ email: victim.agent.email, password: PASSWORD });
    const ws = agentClient.openWs();
    const errors: string[] = [];
    const listening = deps.subscriptions.next(victim.account.id, streamTopics.console(victim.agent.id));
    const live = collect<unknown>((onData) =>
      ws.client.live.console.subscribe(
        {},
        { onData, onError: (e) => errors.push(e.data?.code ?? e.message) },
      ),
    );
    await listening;
    await callerFor(deps, victim.admin.token).agents.update({ userId: victim.agent.id, disabled: true });
    await waitFor(() => errors.length > 0, 3000);
    expect(errors).toEqual(['UNAUTHORIZED']);
    expect(await agentClient.http.auth.me.query()).toBeNull();
    await expect(ws.client.team.list.query()).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    live.stop();
    ws.wsClient.close();
  });
});
