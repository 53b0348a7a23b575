import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/auth/tokens';
import { appRouter } from '../src/routers';
import type { Access } from '../src/trpc';
import { callerFor, createTestDeps, seedAccount, type TestDeps, visitorCaller } from './harness';

/**
 * A4: walks every procedure of the router with each role, anonymously, and as a user of another
 * account, asserting the refusals. A new procedure is covered automatically.
 */
type AnyProcedure = { _def: { meta?: { access?: Access }; type: string } };
const procedures = Object.entries(
  (appRouter._def as unknown as { procedures: Record<string, AnyProcedure> }).procedures,
);
const RANK = { agent: 1, admin: 2, owner: 3 } as const;

async function call(
  caller: unknown,
  path: string,
  input: unknown,
): Promise<{ ok: true; value: unknown } | { ok: false; code: string }> {
  const fn = path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    i: unknown,
  ) => Promise<unknown>;
  try {
    const value = await fn(input);
    // Subscriptions hand back an iterator; stop it at once.
    if (value && typeof value === 'object' && Symbol.asyncIterator in value) {
      await (value as AsyncIterable<unknown>)[Symbol.asyncIterator]().return?.();
    }
    return { ok: true, value };
  } catch (err) {
    return { ok: false, code: (err as { code?: string }).code ?? 'UNKNOWN' };
  }
}

let deps: TestDeps;
let a: Awaited<ReturnType<typeof seedAccount>>;
let b: Awaited<ReturnType<typeof seedAccount>>;
beforeAll(async () => {
  deps = await createTestDeps();
  a = await seedAccount(deps, 'Alpha');
  b = await seedAccount(deps, 'Beta');
});
afterAll(() => deps.cleanup());

describe('access control (A4)', () => {
  it('every procedure declares who may call it', () => {
    expect(procedures.length).toBeGreaterThan(15);
    for (const [path, proc] of procedures) expect(proc._def.meta?.access, path).toBeDefined();
  });

  it.each(procedures.filter(([, p]) => p._def.meta?.access === 'visitor'))(
    '%s refuses callers without a valid visitor token, agents included',
    async (path) => {
      expect(await call(callerFor(deps), path, undefined)).toEqual({ ok: false, code: 'UNAUTHORIZED' });
      expect(await call(callerFor(deps, b.owner.token), path, undefined)).toEqual({
        ok: false,
        code: 'UNAUTHORIZED',
      });
    },
  );

  it.each(procedures.filter(([, p]) => !['public', 'visitor'].includes(p._def.meta?.access ?? '')))(
    '%s refuses anonymous callers and lower roles',
    async (path, proc) => {
      const access = proc._def.meta!.access as Exclude<Access, 'public' | 'visitor'>;
      expect(await call(callerFor(deps), path, undefined)).toEqual({ ok: false, code: 'UNAUTHORIZED' });
      expect(await call(callerFor(deps, 'not-a-real-token'), path, undefined)).toEqual({
        ok: false,
        code: 'UNAUTHORIZED',
      });
      // Roles are walked from the highest so a procedure with side effects runs last for the agent.
      for (const role of ['owner', 'admin', 'agent'] as const) {
        const result = await call(callerFor(deps, b[role].token), path, {});
        if (RANK[role] < RANK[access])
          expect(result, `${path} as ${role}`).toEqual({ ok: false, code: 'FORBIDDEN' });
        else if (!result.ok)
          expect(['UNAUTHORIZED', 'FORBIDDEN'], `${path} as ${role}`).not.toContain(result.code);
      }
    },
  );

  it('a user of another account can neither see nor change this account’s data', async () => {
    const channel = await callerFor(deps, a.admin.token).channels.create({
      kind: 'website',
      name: 'Alpha site',
    });
    const started = await callerFor(deps).widget.start({
      channelKey: channel.publicKey,
      page: { url: 'https://alpha.test/', title: 'Alpha', referrer: '' },
    });
    const visitorMessage = await visitorCaller(deps, started.visitorToken).widget.send({
      clientId: 'alpha-msg-1',
      body: 'alpha secret words',
    });
    const conversationId = visitorMessage.conversationId;
    const invitation = await callerFor(deps, a.admin.token).invitations.create({
      email: 'alpha-invite@example.com',
      role: 'agent',
    });
    const snapshot = async () => ({
      users: await deps.db.user.findMany({ where: { accountId: a.account.id }, orderBy: { id: 'asc' } }),
      channels: await deps.db.channel.findMany({ where: { accountId: a.account.id } }),
      conversations: await deps.db.conversation.findMany({ where: { accountId: a.account.id } }),
      participants: await deps.db.participant.findMany({ where: { accountId: a.account.id } }),
      messages: await deps.db.message.findMany({
        where: { accountId: a.account.id },
        orderBy: { id: 'asc' },
      }),
      sessions: await deps.db.session.findMany({
        where: { accountId: a.account.id },
        orderBy: { id: 'asc' },
      }),
      invitations: await deps.db.invitation.findMany({
        where: { accountId: a.account.id },
        orderBy: { id: 'asc' },
      }),
      displayNames: await deps.db.channelDisplayName.findMany({ where: { accountId: a.account.id } }),
    });
    const before = await snapshot();

    // Inputs aimed at account A's rows; every other procedure gets its plain call.
    const foreignInputs: Record<string, unknown> = {
      'sessions.revoke': { id: hashToken(a.owner.token) },
      'invitations.revoke': { id: invitation.id },
      'invitations.resend': { id: invitation.id },
      'account.setDisplayName': { channelId: channel.id, displayName: 'hijack' },
      'channels.get': { id: channel.id },
      'channels.update': { id: channel.id, name: 'hijack' },
      'channels.rotateSecret': { id: channel.id },
      'chats.get': { conversationId },
      'chats.history': { conversationId, before: visitorMessage.id },
      'chats.accept': { conversationId },
      'chats.quickReply': { conversationId, clientId: 'hijack-quick', body: 'hijack' },
      'chats.send': { conversationId, clientId: 'hijack-send', body: 'hijack' },
      'chats.typing': { conversationId, typing: true },
      'chats.read': { conversationId },
      'chats.leave': { conversationId },
      'chats.startWithVisitor': { visitorId: started.visitor.id, clientId: 'hijack-start', body: 'hijack' },
      'chats.archive': { q: 'secret' },
      'visitors.get': { visitorId: started.visitor.id },
      'crm.visitor': { visitorId: started.visitor.id },
      'crm.updateContact': { visitorId: started.visitor.id, name: 'hijack' },
      'crm.addNote': { visitorId: started.visitor.id, body: 'hijack' },
      'crm.setStatus': { visitorId: started.visitor.id, statusId: null },
      'crm.erase': { visitorId: started.visitor.id },
      'tools.transfer': { conversationId, toUserId: b.agent.id },
      'tools.invite': { conversationId, userId: b.agent.id },
      'tools.note': { conversationId, body: 'hijack' },
      'tools.ban': { visitorId: started.visitor.id, reason: 'hijack' },
      'tools.tagConversation': { conversationId, name: 'hijack' },
      'tools.tagVisitor': { visitorId: started.visitor.id, name: 'hijack' },
      'tools.remind': { text: 'hijack', dueAt: new Date(Date.now() + 60_000).toISOString(), conversationId },
      'team.openDirect': { userId: a.agent.id },
      'agents.get': { userId: a.agent.id },
      'agents.update': { userId: a.agent.id, disabled: true },
      'agents.stats': { userId: a.agent.id },
    };
    const secrets = [
      a.account.id,
      a.owner.id,
      a.admin.id,
      a.agent.id,
      a.owner.email,
      invitation.id,
      channel.id,
      hashToken(a.owner.token),
    ];
    for (const [path, proc] of procedures) {
      if (
        proc._def.meta?.access === 'public' ||
        path === 'sessions.revokeOthers' ||
        path.startsWith('account.change')
      )
        continue;
      const result = await call(callerFor(deps, b.owner.token), path, foreignInputs[path] ?? {});
      if (result.ok) {
        const text = JSON.stringify(result.value ?? null);
        for (const s of secrets) expect(text, `${path} leaked ${s}`).not.toContain(s);
      } else if (foreignInputs[path]) {
        expect(result.code, path).toBe('NOT_FOUND');
      }
    }
    // A visitor of account A reaches only their own conversation, never B's data.
    const bStarted = await callerFor(deps).widget.start({
      channelKey: (
        await callerFor(deps, b.admin.token).channels.create({ kind: 'website', name: 'Beta site' })
      ).publicKey,
      page: { url: 'https://beta.test/', title: 'Beta', referrer: '' },
    });
    const bHistory = await visitorCaller(deps, bStarted.visitorToken).widget.history({
      before: visitorMessage.id,
    });
    expect(bHistory.messages).toEqual([]);
    for (const [path, proc] of procedures) {
      if (proc._def.meta?.access !== 'visitor' || proc._def.type === 'subscription') continue;
      const result = await call(visitorCaller(deps, bStarted.visitorToken), path, {});
      if (result.ok) expect(JSON.stringify(result.value ?? null), path).not.toContain('alpha secret words');
    }
    expect(await snapshot()).toEqual(before);
  });
});
