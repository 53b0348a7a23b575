import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanMultilineTagNames } from '../src/domain/chat-tools/clean-tag-names';
import { fireDueReminders } from '../src/domain/chat-tools/reminders';
import { visitorTopic } from '../src/domain/live-chat/constants';
import {
  callerFor,
  createTestDeps,
  errorOf,
  recordBus,
  seedAccount,
  type TestDeps,
  visitorCaller,
  waitFor,
} from './harness';

let deps: TestDeps;
let acme: Awaited<ReturnType<typeof seedAccount>>;
let channelKey: string;

async function chatWith(ip: string, agentToken: string) {
  const started = await callerFor(deps, undefined, ip).widget.start({
    channelKey,
    page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
  });
  const api = visitorCaller(deps, started.visitorToken, ip);
  const m = await api.widget.send({ clientId: randomUUID(), body: 'Hello' });
  await callerFor(deps, agentToken).chats.accept({ conversationId: m.conversationId });
  return { ...started, api, conversationId: m.conversationId };
}

const recordConsole = () => recordBus(deps, acme.account.id, 'console');

beforeAll(async () => {
  deps = await createTestDeps();
  acme = await seedAccount(deps, 'Acme');
  channelKey = (await callerFor(deps, acme.admin.token).channels.create({ kind: 'website', name: 'Shop' }))
    .publicKey;
});
afterAll(() => deps.cleanup());

describe('transfer, invite and notes (C2, C3, C13)', () => {
  it('transfers with a comment only agents see, and the visitor gets a polite note', async () => {
    const v = await chatWith('198.51.100.1', acme.owner.token);
    const events = await recordConsole();
    await callerFor(deps, acme.owner.token).tools.transfer({
      conversationId: v.conversationId,
      toUserId: acme.agent.id,
      comment: 'VIP, be nice',
    });
    await waitFor(() => events.ofType('chat.transferred').length > 0);
    const transferred = events.ofType('chat.transferred')[0]!;
    expect(transferred.audience).toEqual([acme.agent.id]);
    expect((transferred.payload as { comment: string }).comment).toBe('VIP, be nice');
    events.stop();
    expect((await callerFor(deps, acme.owner.token).chats.mine()).map((c) => c.id)).not.toContain(
      v.conversationId,
    );
    expect((await callerFor(deps, acme.agent.token).chats.mine()).map((c) => c.id)).toContain(
      v.conversationId,
    );
    const visitorSees = (await v.api.widget.history({})).messages;
    expect(visitorSees.map((m) => m.body)).not.toContain('VIP, be nice');
    expect(visitorSees.at(-1)?.system?.event).toBe('transferred');
    const agentSees = (
      await callerFor(deps, acme.agent.token).chats.get({ conversationId: v.conversationId })
    ).messages;
    expect(agentSees.find((m) => m.body === 'VIP, be nice')?.kind).toBe('note');
  });

  it('invites a teammate; both see everything and one leaving keeps the other in', async () => {
    const v = await chatWith('198.51.100.2', acme.owner.token);
    await callerFor(deps, acme.owner.token).tools.invite({
      conversationId: v.conversationId,
      userId: acme.admin.id,
    });
    const summary = (await callerFor(deps, acme.admin.token).chats.mine()).find(
      (c) => c.id === v.conversationId,
    );
    expect(summary?.agentIds.sort()).toEqual([acme.owner.id, acme.admin.id].sort());
    await callerFor(deps, acme.owner.token).chats.leave({ conversationId: v.conversationId });
    const after = await callerFor(deps, acme.admin.token).chats.get({ conversationId: v.conversationId });
    expect(after.conversation.status).toBe('open');
    expect(after.conversation.assignee?.id).toBe(acme.admin.id);
  });

  it('keeps notes from the visitor and notifies @mentioned teammates', async () => {
    const v = await chatWith('198.51.100.3', acme.owner.token);
    const events = await recordConsole();
    await callerFor(deps, acme.owner.token).tools.note({
      conversationId: v.conversationId,
      body: `@${'Acme agent'} can you check the <b>order</b>?`,
    });
    await waitFor(() => events.ofType('mention').length > 0);
    expect(events.ofType('mention')[0]?.audience).toEqual([acme.agent.id]);
    events.stop();
    expect((await v.api.widget.history({})).messages.map((m) => m.body).join()).not.toContain('order');
  });
});

describe('bans (C4)', () => {
  it('bans by IP range with expiry, refuses messages, and unbans with an audit trail', async () => {
    const v = await chatWith('203.0.113.45', acme.owner.token);
    const agent = callerFor(deps, acme.agent.token);
    expect((await errorOf(agent.tools.ban({ ip: 'not-an-ip', reason: 'x' }))).appCode).toBe('ban.bad_ip');
    expect(
      (
        await errorOf(
          agent.tools.ban({ ip: '203.0.113.0/24', reason: 'x', expiresAt: '2000-01-01T00:00:00Z' }),
        )
      ).appCode,
    ).toBe('ban.expired');
    const { id } = await agent.tools.ban({ ip: '203.0.113.0/24', reason: 'spam' });
    expect((await errorOf(v.api.widget.send({ clientId: randomUUID(), body: 'more spam' }))).appCode).toBe(
      'widget.banned',
    );
    const fresh = await callerFor(deps, undefined, '203.0.113.99').widget.start({
      channelKey,
      page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
    });
    expect(fresh.banned).toBe(true);
    await agent.tools.unban({ banId: id });
    await expect(v.api.widget.send({ clientId: randomUUID(), body: 'sorry' })).resolves.toBeTruthy();
    expect(await deps.db.auditEvent.count({ where: { action: { in: ['ban.created', 'ban.lifted'] } } })).toBe(
      2,
    );
  });

  it('tells an open widget at once when its visitor is banned', async () => {
    const v = await chatWith('198.51.100.9', acme.owner.token);
    const widgetEvents = await recordBus(deps, acme.account.id, visitorTopic(v.visitor.id));
    await callerFor(deps, acme.agent.token).tools.ban({ visitorId: v.visitor.id, reason: 'abuse' });
    await waitFor(() => widgetEvents.ofType('banned').length === 1);
    widgetEvents.stop();
    expect((await errorOf(v.api.widget.send({ clientId: randomUUID(), body: 'hey' }))).appCode).toBe(
      'widget.banned',
    );
  });
});

describe('the chat view shows a ban (C4)', () => {
  it('reports the active ban in the visitor record, live to the console, and forgets it after Unban', async () => {
    const v = await chatWith('198.51.100.10', acme.owner.token);
    const owner = callerFor(deps, acme.owner.token);
    expect((await owner.visitors.get({ visitorId: v.visitor.id })).ban).toBeNull();
    const events = await recordConsole();
    const { id } = await owner.tools.ban({ visitorId: v.visitor.id, reason: 'abuse' });
    const record = await owner.visitors.get({ visitorId: v.visitor.id });
    expect(record.ban).toMatchObject({ id, reason: 'abuse', createdBy: 'Acme owner', expiresAt: null });
    expect((await owner.chats.get({ conversationId: v.conversationId })).visitor.ban?.id).toBe(id);
    await owner.tools.unban({ banId: id });
    await waitFor(() => events.ofType('visitor.changed').length >= 2);
    events.stop();
    expect(
      events.ofType('visitor.changed').map((e) => (e.payload as { visitorId: string }).visitorId),
    ).toEqual([v.visitor.id, v.visitor.id]);
    expect((await owner.visitors.get({ visitorId: v.visitor.id })).ban).toBeNull();
  });
});

describe('tags (C5)', () => {
  it('creates tags on the fly and filters the archive by them', async () => {
    const v = await chatWith('198.51.100.5', acme.owner.token);
    const owner = callerFor(deps, acme.owner.token);
    const tag = await owner.tools.tagConversation({
      conversationId: v.conversationId,
      name: 'refund',
      color: '#ef4444',
    });
    await owner.tools.tagConversation({ conversationId: v.conversationId, name: 'refund' });
    expect((await owner.tools.tags()).filter((t) => t.name === 'refund')).toHaveLength(1);
    expect((await owner.chats.archive({ tagId: tag.id })).items.map((c) => c.id)).toEqual([v.conversationId]);
    await owner.tools.tagConversation({ conversationId: v.conversationId, name: 'refund', remove: true });
    expect((await owner.chats.archive({ tagId: tag.id })).items).toEqual([]);
    await owner.tools.tagVisitor({ visitorId: v.visitor.id, name: 'vip' });
    const vip = (await owner.tools.tags()).find((t) => t.name === 'vip')!;
    expect((await owner.crm.visitors({ tagId: vip.id })).items.map((r) => r.id)).toEqual([v.visitor.id]);
  });
});

describe('tag names are one line (C5)', () => {
  it('refuses a newline when tagging or renaming, and changes nothing', async () => {
    const v = await chatWith('198.51.100.6', acme.owner.token);
    const owner = callerFor(deps, acme.owner.token);
    const before = await owner.tools.tags();
    for (const attempt of [
      owner.tools.tagConversation({ conversationId: v.conversationId, name: 'two\nlines' }),
      owner.tools.tagVisitor({ visitorId: v.visitor.id, name: 'two\nlines' }),
    ]) {
      expect((await errorOf(attempt)).code).toBe('BAD_REQUEST');
    }
    const tag = await owner.tools.tagConversation({ conversationId: v.conversationId, name: 'one line' });
    expect((await errorOf(owner.tools.updateTag({ id: tag.id, name: 'one\nline' }))).code).toBe(
      'BAD_REQUEST',
    );
    const after = await owner.tools.tags();
    expect(after.map((t) => t.name).sort()).toEqual([...before.map((t) => t.name), 'one line'].sort());
  });

  it('cleans the names older versions stored with a newline at start, merging into a same-named tag', async () => {
    const a = await chatWith('198.51.100.8', acme.owner.token);
    const b = await chatWith('198.51.100.9', acme.owner.token);
    const owner = callerFor(deps, acme.owner.token);
    const accountId = acme.owner.accountId;
    const kept = await owner.tools.tagConversation({ conversationId: a.conversationId, name: 'gift wrap' });
    // As an older version stored them, before names had to be one line.
    const twin = await deps.db.tag.create({ data: { accountId, name: 'gift\nwrap' } });
    const solo = await deps.db.tag.create({ data: { accountId, name: 'late \n  delivery' } });
    await deps.db.conversationTag.createMany({
      data: [
        { accountId, conversationId: a.conversationId, tagId: twin.id },
        { accountId, conversationId: b.conversationId, tagId: twin.id },
        { accountId, conversationId: b.conversationId, tagId: solo.id },
      ],
    });
    await deps.db.visitorTag.create({ data: { accountId, visitorId: b.visitor.id, tagId: twin.id } });

    expect(await cleanMultilineTagNames(deps.db)).toBe(2);
    expect(await cleanMultilineTagNames(deps.db)).toBe(0);
    const names = (await owner.tools.tags()).map((t) => t.name);
    expect(names.filter((n) => n.includes('\n'))).toEqual([]);
    expect(names.filter((n) => n === 'gift wrap')).toHaveLength(1);
    expect(names).toContain('late delivery');
    expect(await deps.db.tag.findUnique({ where: { id: twin.id } })).toBeNull();
    const archived = await deps.db.conversationTag.findMany({ where: { tagId: kept.id } });
    expect(archived.map((r) => r.conversationId).sort()).toEqual([a.conversationId, b.conversationId].sort());
    expect((await owner.crm.visitors({ tagId: kept.id })).items.map((r) => r.id)).toEqual([b.visitor.id]);
    expect((await deps.db.tag.findUniqueOrThrow({ where: { id: solo.id } })).name).toBe('late delivery');
  });
});

describe('reminders (C1, D2)', () => {
  it('fires once when due, to the assignee only, even with several processes racing', async () => {
    const owner = callerFor(deps, acme.owner.token);
    expect((await errorOf(owner.tools.remind({ text: 'past', dueAt: '2000-01-01T00:00:00Z' }))).appCode).toBe(
      'reminder.past',
    );
    const r = await owner.tools.remind({
      text: 'Call back Deniz',
      dueAt: new Date(Date.now() + 60_000).toISOString(),
      assigneeId: acme.agent.id,
    });
    expect(
      (await callerFor(deps, acme.agent.token).tools.reminders({ scope: 'mine' })).map((x) => x.id),
    ).toEqual([r.id]);
    await deps.db.reminder.update({ where: { id: r.id }, data: { dueAt: new Date(Date.now() - 1000) } });
    const events = await recordConsole();
    const fired = await Promise.all([fireDueReminders(deps), fireDueReminders(deps), fireDueReminders(deps)]);
    expect(fired.reduce((a, b) => a + b, 0)).toBe(1);
    await waitFor(() => events.ofType('reminder').length > 0);
    expect(events.ofType('reminder')).toHaveLength(1);
    expect(events.ofType('reminder')[0]?.audience).toEqual([acme.agent.id]);
    events.stop();
    expect((await callerFor(deps, acme.agent.token).tools.reminders({ scope: 'mine' }))[0]?.state).toBe(
      'overdue',
    );
    await callerFor(deps, acme.agent.token).tools.completeReminder({ id: r.id });
    expect(
      (await callerFor(deps, acme.agent.token).tools.reminders({ scope: 'team' })).find((x) => x.id === r.id)
        ?.state,
    ).toBe('done');
  });
});

describe('canned responses (C9)', () => {
  it('keeps shared ones for admins to manage and personal ones private', async () => {
    const admin = callerFor(deps, acme.admin.token);
    const agent = callerFor(deps, acme.agent.token);
    await admin.tools.createCanned({ shortcut: 'bye', text: 'Thanks {name}, have a nice day!' });
    expect((await errorOf(agent.tools.createCanned({ shortcut: 'hello', text: 'Hi' }))).code).toBe(
      'FORBIDDEN',
    );
    await agent.tools.createCanned({ shortcut: 'mine', text: 'My own', personal: true });
    expect(
      (await errorOf(agent.tools.createCanned({ shortcut: 'bye', text: 'dup', personal: true }))).appCode,
    ).toBe('canned.shortcut_taken');
    expect((await agent.tools.canned()).map((c) => c.shortcut)).toEqual(['bye', 'mine']);
    expect((await admin.tools.canned()).map((c) => c.shortcut)).toEqual(['bye']);
  });
});
