import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/auth/tokens';
import { appRouter } from '../src/routers';
import type { Access } from '../src/trpc';
import { callerFor, createTestDeps, seedAccount, type TestDeps, visitorCaller } from './harness';

/**
 * A4: walks every procedure of the router with each role, anonymously, and as a user of another
 * account, asserting the refusals. A new procedure is covered automatically; one that takes an id
 * must also get a cross-account case in `FOREIGN` (the first test fails until it has one).
 */
type AnyProcedure = { _def: { meta?: { access?: Access }; type: string; inputs: unknown[] } };
const procedures = Object.entries(
  (appRouter._def as unknown as { procedures: Record<string, AnyProcedure> }).procedures,
);

/** Fields named like ids that name no record another account could own (by key, or by path). */
const NOT_RECORD_IDS = new Set([
  'clientId', // the caller's own key that makes a send idempotent
  'lastEventId', // a position in the caller's own event stream
  'requestId', // a random id the agent's snapshot request carries back
  'identity.userId', // widget.start: the customer site's own user id, signed by the site
  'config.invitations.id', // a website channel's invitation rule, keyed inside the channel's config
  'challengeId', // a WebAuthn challenge the caller was handed one step before (single use, bound to them)
  'planId', // J6: a plan is the operator's, offered to every account alike (billing.checkout/changePlan)
]);

/** The paths of input fields named `id`, `*Id` or `*Ids`, at any depth of a (zod 4) input schema. */
function idFields(schema: unknown, prefix = '', found = new Set<string>()): Set<string> {
  const def = (schema as { _zod?: { def?: Record<string, unknown> } } | undefined)?._zod?.def;
  if (!def) return found;
  if (def.type === 'object') {
    for (const [key, field] of Object.entries(def.shape as Record<string, unknown>)) {
      const path = prefix + key;
      if (/^(id|ids)$|[a-z](Id|Ids)$/.test(key) && !NOT_RECORD_IDS.has(key) && !NOT_RECORD_IDS.has(path))
        found.add(path);
      idFields(field, `${path}.`, found);
    }
  }
  for (const inner of [def.innerType, def.in, def.out, def.element, def.left, def.right])
    idFields(inner, prefix, found);
  for (const option of (def.options as unknown[] | undefined) ?? []) idFields(option, prefix, found);
  return found;
}
// Operator procedures name other accounts by design; they are refused to everyone but the instance
// operator (walked below), so they need no cross-account case.
const takingIds = procedures
  .filter(([, p]) => p._def.meta?.access !== 'operator')
  .filter(([, p]) => p._def.inputs.some((input) => idFields(input).size > 0))
  .map(([path]) => path);

/** Account A's records, which account B's calls aim at. */
interface Fixtures {
  channelId: string;
  conversationId: string;
  messageId: string;
  visitorId: string;
  otherVisitorId: string;
  invitationId: string;
  groupId: string;
  noteId: string;
  statusId: string;
  tagId: string;
  banId: string;
  reminderId: string;
  cannedId: string;
  installId: string;
  callId: string;
  passkeyId: string;
  apiTokenId: string;
  webhookId: string;
  webhookDeliveryId: string;
  clientLogId: string;
}

/**
 * Inputs aimed at account A's rows, called as B's owner (B's visitor for widget procedures): each
 * must fail with NOT_FOUND or succeed without showing or changing anything of A's.
 */
const FOREIGN: Record<string, (f: Fixtures) => unknown> = {
  'sessions.revoke': () => ({ id: hashToken(a.owner.token) }),
  'invitations.revoke': (f) => ({ id: f.invitationId }),
  'invitations.resend': (f) => ({ id: f.invitationId }),
  'account.setDisplayName': (f) => ({ channelId: f.channelId, displayName: 'hijack' }),
  'team.openDirect': () => ({ userId: a.agent.id }),
  'team.createGroup': () => ({ title: 'hijack', memberIds: [a.agent.id] }),
  'team.renameGroup': (f) => ({ conversationId: f.groupId, title: 'hijack' }),
  'team.addMembers': (f) => ({ conversationId: f.groupId, userIds: [b.agent.id] }),
  'team.removeMember': (f) => ({ conversationId: f.groupId, userId: a.admin.id }),
  'team.messages': (f) => ({ conversationId: f.groupId }),
  'team.send': (f) => ({ conversationId: f.groupId, clientId: 'hijack-team', body: 'hijack' }),
  'team.read': (f) => ({ conversationId: f.groupId }),
  'channels.get': (f) => ({ id: f.channelId }),
  'channels.update': (f) => ({ id: f.channelId, name: 'hijack' }),
  'channels.rotateSecret': (f) => ({ id: f.channelId }),
  'chats.archive': (f) => ({ q: 'secret', channelId: f.channelId, agentId: a.agent.id, tagId: f.tagId }),
  'chats.get': (f) => ({ conversationId: f.conversationId }),
  'chats.history': (f) => ({ conversationId: f.conversationId, before: f.messageId }),
  'chats.accept': (f) => ({ conversationId: f.conversationId }),
  'chats.quickReply': (f) => ({ conversationId: f.conversationId, clientId: 'hijack-quick', body: 'hijack' }),
  'chats.send': (f) => ({ conversationId: f.conversationId, clientId: 'hijack-send', body: 'hijack' }),
  'chats.resend': (f) => ({ messageId: f.messageId }),
  'chats.typing': (f) => ({ conversationId: f.conversationId, typing: true }),
  'chats.read': (f) => ({ conversationId: f.conversationId }),
  'chats.leave': (f) => ({ conversationId: f.conversationId }),
  'chats.startWithVisitor': (f) => ({ visitorId: f.visitorId, clientId: 'hijack-start', body: 'hijack' }),
  'visitors.get': (f) => ({ visitorId: f.visitorId }),
  'chats.rating': (f) => ({ conversationId: f.conversationId }),
  'widget.rate': (f) => ({ conversationId: f.conversationId, score: 1, comment: 'hijack' }),
  'widget.rating': (f) => ({ conversationId: f.conversationId }),
  'widget.transcript': (f) => ({ conversationId: f.conversationId, email: 'hijack@evil.test' }),
  'widget.end': (f) => ({ conversationId: f.conversationId }),
  'widget.pageSnapshot': () => ({
    requestId: '0190f0e4-7a5b-7cc2-9a43-3f1c2d4e5f60',
    agentId: a.agent.id,
    url: 'https://alpha.test/',
    html: '<p>hijack</p>',
  }),
  'crm.visitors': (f) => ({ tagId: f.tagId, statusId: f.statusId, channelId: f.channelId }),
  'crm.visitor': (f) => ({ visitorId: f.visitorId }),
  'crm.updateContact': (f) => ({ visitorId: f.visitorId, name: 'hijack' }),
  'crm.addNote': (f) => ({ visitorId: f.visitorId, body: 'hijack' }),
  'crm.deleteNote': (f) => ({ noteId: f.noteId }),
  'crm.setStatus': (f) => ({ visitorId: f.visitorId, statusId: f.statusId }),
  'crm.merge': (f) => ({ targetId: f.visitorId, sourceId: f.otherVisitorId }),
  'crm.erase': (f) => ({ visitorId: f.visitorId }),
  'processes.update': (f) => ({ id: f.statusId, name: 'hijack' }),
  'processes.delete': (f) => ({ id: f.statusId }),
  'processes.reorder': (f) => ({ ids: [f.statusId] }),
  'agents.get': () => ({ userId: a.agent.id }),
  'agents.update': (f) => ({ userId: a.agent.id, disabled: true, channelIds: [f.channelId] }),
  'agents.stats': () => ({ userId: a.agent.id }),
  'security.issuePasswordReset': () => ({ userId: a.agent.id }),
  'security.resetTwoFactor': () => ({ userId: a.agent.id }),
  'security.deletePasskey': (f) => ({ id: f.passkeyId }),
  'integrations.configure': (f) => ({ id: f.installId, config: {} }),
  'integrations.setEnabled': (f) => ({ id: f.installId, enabled: false }),
  'integrations.approvePermissions': (f) => ({ id: f.installId, version: '1.0.0' }),
  'integrations.sendTest': (f) => ({ id: f.installId }),
  'integrations.removeChannel': (f) => ({ channelId: f.channelId }),
  'integrations.channelLimits': (f) => ({ conversationId: f.conversationId }),
  'integrations.replyWindow': (f) => ({ conversationId: f.conversationId }),
  'tools.transfer': (f) => ({ conversationId: f.conversationId, toUserId: b.agent.id }),
  'tools.invite': (f) => ({ conversationId: f.conversationId, userId: b.agent.id }),
  'tools.note': (f) => ({ conversationId: f.conversationId, body: 'hijack' }),
  'tools.ban': (f) => ({ visitorId: f.visitorId, reason: 'hijack' }),
  'tools.unban': (f) => ({ banId: f.banId }),
  'tools.tagConversation': (f) => ({ conversationId: f.conversationId, name: 'hijack' }),
  'tools.tagVisitor': (f) => ({ visitorId: f.visitorId, name: 'hijack' }),
  'tools.updateTag': (f) => ({ id: f.tagId, name: 'hijack' }),
  'tools.deleteTag': (f) => ({ id: f.tagId }),
  'tools.remind': (f) => ({
    text: 'hijack',
    dueAt: new Date(Date.now() + 60_000).toISOString(),
    conversationId: f.conversationId,
    visitorId: f.visitorId,
    assigneeId: a.agent.id,
  }),
  'tools.completeReminder': (f) => ({ id: f.reminderId }),
  'calls.accept': (f) => ({ callId: f.callId }),
  'calls.decline': (f) => ({ callId: f.callId }),
  'calls.signal': (f) => ({ callId: f.callId, signal: { kind: 'answer', sdp: 'v=0 hijack' } }),
  'calls.hangup': (f) => ({ callId: f.callId }),
  'calls.visitorSignal': (f) => ({ callId: f.callId, signal: { kind: 'offer', sdp: 'v=0 hijack' } }),
  'calls.visitorHangup': (f) => ({ callId: f.callId }),
  'calls.dial': (f) => ({ to: '+905321234567', visitorId: f.visitorId, channelId: f.channelId }),
  'calls.softphoneCredentials': (f) => ({ channelId: f.channelId }),
  'calls.softphoneEvent': (f) => ({
    event: 'outgoing',
    channelId: f.channelId,
    sipCallId: 'hijack-call-id@x',
    to: '+905321234567',
    visitorId: f.visitorId,
  }),
  'tools.deleteReminder': (f) => ({ id: f.reminderId }),
  'tools.updateCanned': (f) => ({ id: f.cannedId, text: 'hijack' }),
  'tools.deleteCanned': (f) => ({ id: f.cannedId }),
  'apiTokens.revoke': (f) => ({ id: f.apiTokenId }),
  'translation.set': (f) => ({ conversationId: f.conversationId, enabled: true }),
  'pointer.send': (f) => ({ conversationId: f.conversationId, selector: '#hijack' }),
  'pointer.requestSnapshot': (f) => ({ conversationId: f.conversationId }),
  'stats.report': (f) => ({
    preset: 'last7',
    channelId: f.channelId,
    agentId: a.agent.id,
    tagId: f.tagId,
    statusId: f.statusId,
  }),
  'stats.agentReport': () => ({ preset: 'last7', agentId: a.agent.id }),
  'webhooks.update': (f) => ({ id: f.webhookId, url: 'https://hijack.example/', enabled: false }),
  'webhooks.remove': (f) => ({ id: f.webhookId }),
  'webhooks.revealSecret': (f) => ({ id: f.webhookId }),
  'webhooks.rotateSecret': (f) => ({ id: f.webhookId }),
  'webhooks.sendTest': (f) => ({ id: f.webhookId }),
  'webhooks.deliveries': (f) => ({ endpointId: f.webhookId }),
  'webhooks.replay': (f) => ({ id: f.webhookDeliveryId }),
  'clientLogs.list': () => ({ userId: a.agent.id }),
  'clientLogs.get': (f) => ({ id: f.clientLogId }),
  'media.sendGif': (f) => ({
    conversationId: f.conversationId,
    clientId: 'hijack-gif',
    gif: {
      url: 'https://gifs.test/a.gif',
      previewUrl: 'https://gifs.test/a.webp',
      width: 10,
      height: 10,
      provider: 'giphy',
    },
  }),
  'chats.sendAsBot': (f) => ({
    conversationId: f.conversationId,
    clientId: 'hijack-bot',
    body: 'hijack',
    name: 'Hijack bot',
  }),
  // Switching to another account's user needs a sign-in that proved it: B's owner never reaches A.
  'auth.switchAccount': () => ({ accountId: a.account.id }),
  // Public: the ticket is the proof (one the caller does not hold here).
  'auth.chooseAccount': () => ({ ticket: 'not-a-ticket-of-the-caller', accountId: a.account.id }),
};

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
  it('every procedure that takes an id has a cross-account case, and every case a procedure', () => {
    expect(takingIds.length).toBeGreaterThan(50);
    expect(takingIds.filter((path) => !FOREIGN[path])).toEqual([]);
    const paths = new Set(procedures.map(([path]) => path));
    expect(Object.keys(FOREIGN).filter((path) => !paths.has(path))).toEqual([]);
  });

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

  it.each(
    procedures.filter(([, p]) => !['public', 'visitor', 'operator'].includes(p._def.meta?.access ?? '')),
  )('%s refuses anonymous callers and lower roles', async (path, proc) => {
    const access = proc._def.meta!.access as Exclude<Access, 'public' | 'visitor' | 'operator'>;
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
  });

  it('there are operator procedures (many accounts on one server)', () => {
    expect(procedures.filter(([, p]) => p._def.meta?.access === 'operator').length).toBeGreaterThanOrEqual(5);
  });

  it.each(procedures.filter(([, p]) => p._def.meta?.access === 'operator'))(
    '%s is refused to anonymous callers and to every role of every account that is not an operator',
    async (path) => {
      expect(await call(callerFor(deps), path, undefined)).toEqual({ ok: false, code: 'UNAUTHORIZED' });
      expect(await call(callerFor(deps, 'not-a-real-token'), path, undefined)).toEqual({
        ok: false,
        code: 'UNAUTHORIZED',
      });
      // Owners included: owning an account is not operating the server. Inputs aim at the other account.
      for (const [mine, theirs] of [
        [a, b],
        [b, a],
      ] as const) {
        for (const role of ['owner', 'admin', 'agent'] as const) {
          const input = { accountId: theirs.account.id, reason: 'x', confirmName: theirs.account.name };
          expect(await call(callerFor(deps, mine[role].token), path, input), `${path} as ${role}`).toEqual({
            ok: false,
            code: 'FORBIDDEN',
          });
        }
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
    const other = await callerFor(deps).widget.start({
      channelKey: channel.publicKey,
      page: { url: 'https://alpha.test/other', title: 'Alpha', referrer: '' },
    });
    const aAgent = callerFor(deps, a.agent.token);
    const aAdmin = callerFor(deps, a.admin.token);
    const group = await aAgent.team.createGroup({ title: 'Alpha group', memberIds: [a.admin.id] });
    await aAgent.crm.addNote({ visitorId: started.visitor.id, body: 'alpha note' });
    await aAdmin.processes.create({ name: 'Alpha status', color: '#112233' });
    await aAgent.tools.tagConversation({ conversationId, name: 'alpha-tag' });
    await aAgent.tools.ban({ ip: '203.0.113.77', reason: 'alpha ban' });
    await aAgent.tools.remind({
      text: 'alpha reminder',
      dueAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await aAdmin.tools.createCanned({ shortcut: 'alpha', text: 'alpha canned' });
    const install = await deps.db.pluginInstall.create({
      data: { accountId: a.account.id, name: 'gif-giphy', version: '1.0.0', config: '{}' },
    });
    const webhook = await deps.db.webhookEndpoint.create({
      data: {
        accountId: a.account.id,
        url: 'https://alpha.example/hooks',
        events: [],
        secret: 'enc:v1:alpha',
      },
    });
    const ofA = { where: { accountId: a.account.id } };
    const fixtures: Fixtures = {
      channelId: channel.id,
      conversationId,
      messageId: visitorMessage.id,
      visitorId: started.visitor.id,
      otherVisitorId: other.visitor.id,
      invitationId: invitation.id,
      groupId: group.id,
      noteId: (await deps.db.note.findFirstOrThrow(ofA)).id,
      statusId: (await deps.db.processStatus.findFirstOrThrow(ofA)).id,
      tagId: (await deps.db.tag.findFirstOrThrow(ofA)).id,
      banId: (await deps.db.ban.findFirstOrThrow(ofA)).id,
      reminderId: (await deps.db.reminder.findFirstOrThrow(ofA)).id,
      cannedId: (await deps.db.cannedResponse.findFirstOrThrow(ofA)).id,
      installId: install.id,
      callId: (
        await deps.db.call.create({
          data: {
            accountId: a.account.id,
            conversationId,
            visitorId: started.visitor.id,
            channelId: channel.id,
            direction: 'inbound',
            via: 'webrtc',
            ringUntil: new Date(Date.now() + 3_600_000),
            rungUserIds: [a.owner.id, a.agent.id],
          },
        })
      ).id,
      passkeyId: (
        await deps.db.passkey.create({
          data: {
            id: 'a-owner-passkey',
            accountId: a.account.id,
            userId: a.owner.id,
            publicKey: 'pk',
            name: 'A key',
          },
        })
      ).id,
      apiTokenId: (
        await deps.db.apiToken.create({
          data: {
            accountId: a.account.id,
            name: 'A token',
            tokenHash: 'a-token-hash',
            createdById: a.owner.id,
          },
        })
      ).id,
      webhookId: webhook.id,
      webhookDeliveryId: (
        await deps.db.webhookDelivery.create({
          data: {
            id: 'msg_alpha',
            accountId: a.account.id,
            endpointId: webhook.id,
            eventId: 0,
            dedupeKey: 'alpha',
            type: 'webhook.test',
            orderKey: 'alpha',
            payload: {},
            status: 'succeeded',
          },
        })
      ).id,
      clientLogId: (
        await deps.db.clientLog.create({
          data: { accountId: a.account.id, userId: a.agent.id, body: '{"entries":[]}' },
        })
      ).id,
    };
    const all = { ...ofA, orderBy: { id: 'asc' as const } };
    const snapshot = async () => ({
      users: await deps.db.user.findMany(all),
      channels: await deps.db.channel.findMany(all),
      conversations: await deps.db.conversation.findMany(all),
      participants: await deps.db.participant.findMany(ofA),
      messages: await deps.db.message.findMany(all),
      sessions: await deps.db.session.findMany(all),
      invitations: await deps.db.invitation.findMany(all),
      displayNames: await deps.db.channelDisplayName.findMany(ofA),
      visitors: await deps.db.visitor.findMany(all),
      webhookEndpoints: await deps.db.webhookEndpoint.findMany(all),
      webhookDeliveries: await deps.db.webhookDelivery.findMany(all),
      notes: await deps.db.note.findMany(all),
      statuses: await deps.db.processStatus.findMany(all),
      tags: await deps.db.tag.findMany(all),
      bans: await deps.db.ban.findMany(all),
      reminders: await deps.db.reminder.findMany(all),
      canned: await deps.db.cannedResponse.findMany(all),
      installs: await deps.db.pluginInstall.findMany(all),
      calls: await deps.db.call.findMany(all),
      passkeys: await deps.db.passkey.findMany(all),
      apiTokens: await deps.db.apiToken.findMany(all),
    });
    const before = await snapshot();

    const secrets = [
      a.account.id,
      a.owner.id,
      a.admin.id,
      a.agent.id,
      a.owner.email,
      hashToken(a.owner.token),
      ...Object.values(fixtures),
    ];
    const foreignInput = (path: string) => FOREIGN[path]?.(fixtures);
    for (const [path, proc] of procedures) {
      if (
        proc._def.meta?.access === 'public' ||
        path === 'sessions.revokeOthers' ||
        path.startsWith('account.change')
      )
        continue;
      if (proc._def.meta?.access === 'visitor') continue;
      const result = await call(callerFor(deps, b.owner.token), path, foreignInput(path) ?? {});
      if (result.ok) {
        const text = JSON.stringify(result.value ?? null);
        for (const s of secrets) expect(text, `${path} leaked ${s}`).not.toContain(s);
      } else if (FOREIGN[path]) {
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
      const result = await call(visitorCaller(deps, bStarted.visitorToken), path, foreignInput(path) ?? {});
      if (result.ok) {
        const text = JSON.stringify(result.value ?? null);
        expect(text, path).not.toContain('alpha secret words');
        for (const s of secrets) expect(text, `${path} leaked ${s}`).not.toContain(s);
      } else if (FOREIGN[path]) {
        // A visitor naming another account's agent is refused like one naming an agent not in their chat.
        expect(['NOT_FOUND', 'FORBIDDEN'], path).toContain(result.code);
      }
    }
    expect(await snapshot()).toEqual(before);
  });
});
