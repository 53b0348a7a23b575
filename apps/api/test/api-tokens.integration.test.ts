import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_SCOPES, type ApiScope } from '../src/domain/api-tokens/tokens';
import { configureWebhookSecrets } from '../src/domain/webhooks/secrets';
import { ENDPOINTS } from '../src/rest/router';
import { type RunningServer, startServer } from '../src/server';
import { callerFor, createTestDeps, errorOf, seedAccount, type TestDeps, visitorCaller } from './harness';

let deps: TestDeps;
let server: RunningServer;
let acme: Awaited<ReturnType<typeof seedAccount>>;
let globex: Awaited<ReturnType<typeof seedAccount>>;
let channelKey: string;

beforeAll(async () => {
  // The server's start (main) seals webhook secrets with its key; the test server needs one too.
  configureWebhookSecrets('test-secret-key-0123456789');
  deps = await createTestDeps();
  server = await startServer(deps);
  acme = await seedAccount(deps, 'Acme');
  globex = await seedAccount(deps, 'Globex');
  channelKey = (await callerFor(deps, acme.admin.token).channels.create({ kind: 'website', name: 'Shop' }))
    .publicKey;
});
afterAll(async () => {
  await server.close();
  await deps.cleanup();
});

async function visitorChat(ip: string, body = 'Hello from the site') {
  const started = await callerFor(deps, undefined, ip).widget.start({
    channelKey,
    page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
  });
  const visitor = visitorCaller(deps, started.visitorToken, ip);
  const m = await visitor.widget.send({ clientId: randomUUID(), body });
  const { visitorId } = await deps.db.conversation.findUniqueOrThrow({ where: { id: m.conversationId } });
  return { conversationId: m.conversationId, visitorId: visitorId ?? '', visitor };
}

async function tokenFor(sessionToken: string, scopes: readonly ApiScope[], expiresAt?: string) {
  const made = await callerFor(deps, sessionToken).apiTokens.create({
    name: `t-${randomUUID().slice(0, 8)}`,
    scopes: [...scopes],
    ...(expiresAt ? { expiresAt } : {}),
  });
  return made;
}

async function call(
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: test assertions on JSON answers.
  const json: any = text ? JSON.parse(text) : null;
  return { status: res.status, json, headers: res.headers };
}

describe('API tokens in Manage → API', () => {
  it('admins create tokens shown once, listed by prefix and last use; agents cannot', async () => {
    const made = await tokenFor(acme.admin.token, ['conversations:read']);
    expect(made.token).toMatch(/^prl_[a-z2-7]{32}$/);
    const row = await deps.db.apiToken.findUniqueOrThrow({ where: { id: made.apiToken.id } });
    expect(row.tokenHash).not.toContain(made.token.slice(4));
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const list = await callerFor(deps, acme.admin.token).apiTokens.list();
    const listed = list.find((t) => t.id === made.apiToken.id);
    expect(listed?.prefix).toBe(made.token.slice(0, 10));
    expect(JSON.stringify(list)).not.toContain(made.token);
    expect(listed?.lastUsedAt).toBeNull();
    expect((await call(made.token, 'GET', '/conversations')).status).toBe(200);
    const after = await callerFor(deps, acme.admin.token).apiTokens.list();
    expect(after.find((t) => t.id === made.apiToken.id)?.lastUsedAt).not.toBeNull();

    expect((await errorOf(callerFor(deps, acme.agent.token).apiTokens.list())).code).toBe('FORBIDDEN');
    expect(
      (
        await errorOf(
          callerFor(deps, acme.agent.token).apiTokens.create({ name: 'x', scopes: ['tags:read'] }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    // Another account's admin can neither see nor revoke it.
    expect((await callerFor(deps, globex.admin.token).apiTokens.list()).map((t) => t.id)).not.toContain(
      made.apiToken.id,
    );
    expect(
      (await errorOf(callerFor(deps, globex.admin.token).apiTokens.revoke({ id: made.apiToken.id }))).appCode,
    ).toBe('not_found');
    const audit = await deps.db.auditEvent.findFirst({
      where: { action: 'api_token.created', targetId: made.apiToken.id },
    });
    expect(audit?.actorUserId).toBe(acme.admin.id);
  });

  it('refuses an expiry in the past', async () => {
    const err = await errorOf(
      callerFor(deps, acme.admin.token).apiTokens.create({
        name: 'old',
        scopes: ['tags:read'],
        expiresAt: new Date(Date.now() - 60_000).toISOString(),
      }),
    );
    expect(err.appCode).toBe('api_token.expiry_past');
  });
});

describe('REST /api/v1 authentication', () => {
  it('refuses missing, unknown, revoked and expired tokens with 401 and stable codes', async () => {
    expect((await call(null, 'GET', '/tags')).json.error.code).toBe('api.token_missing');
    const unknown = await call('prl_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'GET', '/tags');
    expect(unknown.status).toBe(401);
    expect(unknown.json.error.code).toBe('api.token_invalid');
    expect(unknown.headers.get('www-authenticate')).toBe('Bearer');
    // A session cookie is no API credential.
    const cookie = await fetch(`${server.url}/api/v1/tags`, {
      headers: { cookie: `parley_session=${acme.admin.token}` },
    });
    expect(cookie.status).toBe(401);

    const revoked = await tokenFor(acme.admin.token, ['tags:read']);
    expect((await call(revoked.token, 'GET', '/tags')).status).toBe(200);
    await callerFor(deps, acme.admin.token).apiTokens.revoke({ id: revoked.apiToken.id });
    const after = await call(revoked.token, 'GET', '/tags');
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe('api.token_revoked');
    expect(
      await deps.db.auditEvent.count({
        where: { action: 'api_token.revoked', targetId: revoked.apiToken.id },
      }),
    ).toBe(1);

    const expiring = await tokenFor(
      acme.admin.token,
      ['tags:read'],
      new Date(Date.now() + 60_000).toISOString(),
    );
    expect((await call(expiring.token, 'GET', '/tags')).status).toBe(200);
    await deps.db.apiToken.update({
      where: { id: expiring.apiToken.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await call(expiring.token, 'GET', '/tags');
    expect(expired.status).toBe(401);
    expect(expired.json.error.code).toBe('api.token_expired');
  });

  it('stops a token whose creator is disabled', async () => {
    const made = await tokenFor(acme.owner.token, ['tags:read']);
    const owner2 = await deps.db.user.create({
      data: {
        accountId: acme.account.id,
        email: 'temp@acme.test',
        name: 'Temp',
        passwordHash: 'x',
        role: 'admin',
      },
    });
    await deps.db.apiToken.update({ where: { id: made.apiToken.id }, data: { createdById: owner2.id } });
    expect((await call(made.token, 'GET', '/tags')).status).toBe(200);
    await deps.db.user.update({ where: { id: owner2.id }, data: { disabledAt: new Date() } });
    const res = await call(made.token, 'GET', '/tags');
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('api.token_owner_gone');
  });

  it('localises error messages by Accept-Language', async () => {
    const tr = await call(null, 'GET', '/tags', undefined, { 'accept-language': 'tr-TR,tr;q=0.9,en;q=0.5' });
    expect(tr.json.error.message).toBe('Bir API anahtarı gönderin: Authorization: Bearer prl_…');
    const en = await call(null, 'GET', '/tags', undefined, { 'accept-language': 'de, en;q=0.5' });
    expect(en.json.error.message).toMatch(/^Send an API token/);
  });

  it('answers 404 and 405 for unknown endpoints and methods', async () => {
    const made = await tokenFor(acme.admin.token, ['tags:read']);
    expect((await call(made.token, 'GET', '/nope')).json.error.code).toBe('api.not_found');
    const conv = (await tokenFor(acme.admin.token, ['conversations:read'])).token;
    const badPath = await call(conv, 'GET', '/conversations/%E0%A4%A');
    expect(badPath.status).toBe(400);
    expect(badPath.json.error.code).toBe('validation');
    const nul = await call(conv, 'GET', '/conversations?q=%00');
    expect(nul.status).toBe(400);
    const huge = await call(conv, 'GET', `/conversations?q=${'x'.repeat(500)}`);
    expect(huge.json.error.fieldErrors).toHaveProperty('q');
    const wrong = await call(made.token, 'PUT', '/tags');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, POST');
  });
});

describe('REST /api/v1 scopes', () => {
  it('every endpoint refuses a token without its scope (403 api.scope_missing)', async () => {
    for (const ep of ENDPOINTS) {
      if (!ep.scope) continue;
      const others = API_SCOPES.filter((s) => s !== ep.scope);
      const made = await tokenFor(acme.admin.token, others);
      const path = ep.path.replace(/\{\w+\}/g, 'x1');
      const res = await call(made.token, ep.method, path, ep.body ? {} : undefined);
      expect(res.status, `${ep.method} ${ep.path}`).toBe(403);
      expect(res.json.error.code, `${ep.method} ${ep.path}`).toBe('api.scope_missing');
    }
  });

  it('the token endpoint needs no scope and names its account and user', async () => {
    const made = await tokenFor(acme.admin.token, ['tags:read']);
    const res = await call(made.token, 'GET', '/token');
    expect(res.json).toEqual({
      tokenId: made.apiToken.id,
      accountId: acme.account.id,
      userId: acme.admin.id,
      scopes: ['tags:read'],
    });
  });
});

describe('REST /api/v1 conversations and messages', () => {
  it('lists, gets, accepts, sends, tags and closes with one scope per step; audited', async () => {
    const chat = await visitorChat('198.51.100.10');
    const read = (await tokenFor(acme.admin.token, ['conversations:read'])).token;
    const write = (await tokenFor(acme.admin.token, ['conversations:write'])).token;
    const msgRead = (await tokenFor(acme.admin.token, ['messages:read'])).token;
    const send = await tokenFor(acme.admin.token, ['messages:write']);
    const tags = (await tokenFor(acme.admin.token, ['tags:read', 'tags:write'])).token;

    const list = await call(read, 'GET', '/conversations?status=open');
    expect(list.status).toBe(200);
    expect(list.json.items.map((c: { id: string }) => c.id)).toContain(chat.conversationId);
    expect(list.json).toHaveProperty('nextCursor');
    expect(list.headers.get('ratelimit-policy')).toBe('"token";q=600;w=60');
    expect(list.headers.get('ratelimit')).toMatch(/^"token";r=599;t=\d+$/);
    expect(list.headers.get('ratelimit-remaining')).toBe('599');

    const one = await call(read, 'GET', `/conversations/${chat.conversationId}`);
    expect(one.json).toMatchObject({
      id: chat.conversationId,
      status: 'open',
      visitor: { id: chat.visitorId },
    });
    expect(one.json).not.toHaveProperty('unread');

    const before = await call(send.token, 'POST', `/conversations/${chat.conversationId}/messages`, {
      body: 'Not in the chat yet',
    });
    expect(before.status).toBe(403);
    expect(before.json.error.code).toBe('chat.not_participant');

    expect((await call(write, 'POST', `/conversations/${chat.conversationId}/accept`)).json).toEqual({
      ok: true,
    });
    const sent = await call(send.token, 'POST', `/conversations/${chat.conversationId}/messages`, {
      body: 'Hi, how can we help?',
      clientId: 'crm-0001',
    });
    expect(sent.status).toBe(201);
    expect(sent.json).toMatchObject({
      author: 'agent',
      body: 'Hi, how can we help?',
      agent: { id: acme.admin.id },
    });
    const again = await call(send.token, 'POST', `/conversations/${chat.conversationId}/messages`, {
      body: 'Hi, how can we help?',
      clientId: 'crm-0001',
    });
    expect(again.json.id).toBe(sent.json.id);
    const visitorSees = (await chat.visitor.widget.history({})).messages.map((m) => m.body);
    expect(visitorSees).toContain('Hi, how can we help?');

    const messages = await call(msgRead, 'GET', `/conversations/${chat.conversationId}/messages`);
    expect(messages.json.messages.map((m: { body: string }) => m.body)).toEqual(
      expect.arrayContaining(['Hello from the site', 'Hi, how can we help?']),
    );
    const older = await call(
      msgRead,
      'GET',
      `/conversations/${chat.conversationId}/messages?before=${encodeURIComponent(sent.json.id)}`,
    );
    expect(older.json.messages.map((m: { body: string }) => m.body)).not.toContain('Hi, how can we help?');

    expect(
      (await call(tags, 'POST', `/conversations/${chat.conversationId}/tags`, { name: 'vip' })).status,
    ).toBe(200);
    const tagList = await call(tags, 'GET', '/tags');
    const vip = tagList.json.find((t: { name: string }) => t.name === 'vip');
    expect(vip).toBeTruthy();
    expect((await call(read, 'GET', `/conversations/${chat.conversationId}`)).json.tags).toEqual([
      { id: vip.id, name: 'vip', color: null },
    ]);
    expect((await call(tags, 'PATCH', `/tags/${vip.id}`, { color: '#ff0000' })).json).toEqual({ ok: true });
    expect((await call(tags, 'DELETE', `/conversations/${chat.conversationId}/tags/vip`)).status).toBe(200);
    // Taking off a tag the account does not have is a 404, and creates no tag.
    const ghost = await call(tags, 'DELETE', `/conversations/${chat.conversationId}/tags/ghost`);
    expect(ghost.status).toBe(404);
    expect(await deps.db.tag.count({ where: { accountId: acme.account.id, name: 'ghost' } })).toBe(0);
    expect((await call(read, 'GET', `/conversations/${chat.conversationId}`)).json.tags).toEqual([]);
    expect((await call(tags, 'DELETE', `/tags/${vip.id}`)).status).toBe(200);

    expect((await call(write, 'POST', `/conversations/${chat.conversationId}/close`)).status).toBe(200);
    expect((await call(read, 'GET', `/conversations/${chat.conversationId}`)).json.status).toBe('closed');

    const audited = await deps.db.auditEvent.findMany({
      where: { action: 'api.call', targetId: send.apiToken.id },
      orderBy: { at: 'asc' },
    });
    expect(audited.map((a) => a.data)).toEqual([
      { method: 'POST', route: '/conversations/{id}/messages', status: 403 },
      { method: 'POST', route: '/conversations/{id}/messages', status: 201 },
      { method: 'POST', route: '/conversations/{id}/messages', status: 201 },
    ]);
    expect(audited.every((a) => a.actorUserId === acme.admin.id && a.accountId === acme.account.id)).toBe(
      true,
    );
  });

  it('sends as a named agent of the account, never one of another account', async () => {
    const chat = await visitorChat('198.51.100.11');
    await callerFor(deps, acme.agent.token).chats.accept({ conversationId: chat.conversationId });
    const made = await tokenFor(acme.admin.token, ['messages:write']);
    const sent = await call(made.token, 'POST', `/conversations/${chat.conversationId}/messages`, {
      body: 'From the agent',
      asAgentId: acme.agent.id,
    });
    expect(sent.status).toBe(201);
    expect(sent.json.agent.id).toBe(acme.agent.id);
    const audited = await deps.db.auditEvent.findFirst({
      where: { action: 'api.call', targetId: made.apiToken.id },
    });
    expect(audited?.actorUserId).toBe(acme.agent.id);
    const foreign = await call(made.token, 'POST', `/conversations/${chat.conversationId}/messages`, {
      body: 'From elsewhere',
      asAgentId: globex.agent.id,
    });
    expect(foreign.status).toBe(400);
    expect(foreign.json.error.code).toBe('api.agent_unknown');
  });

  it('assigns a conversation to another agent', async () => {
    const chat = await visitorChat('198.51.100.12');
    const made = await tokenFor(acme.admin.token, ['conversations:write', 'conversations:read']);
    await call(made.token, 'POST', `/conversations/${chat.conversationId}/accept`);
    const res = await call(made.token, 'POST', `/conversations/${chat.conversationId}/assign`, {
      agentId: acme.agent.id,
    });
    expect(res.json).toEqual({ ok: true });
    const one = await call(made.token, 'GET', `/conversations/${chat.conversationId}`);
    expect(one.json.assignee.id).toBe(acme.agent.id);
    const bad = await call(made.token, 'POST', `/conversations/${chat.conversationId}/assign`, {
      agentId: 7,
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('validation');
    expect(bad.json.error.fieldErrors).toHaveProperty('agentId');
  });

  it("another account's token sees none of it", async () => {
    const chat = await visitorChat('198.51.100.13');
    const theirs = await tokenFor(globex.admin.token, [...API_SCOPES]);
    expect((await call(theirs.token, 'GET', `/conversations/${chat.conversationId}`)).status).toBe(404);
    expect((await call(theirs.token, 'GET', `/conversations/${chat.conversationId}/messages`)).status).toBe(
      404,
    );
    expect((await call(theirs.token, 'POST', `/conversations/${chat.conversationId}/accept`)).status).toBe(
      404,
    );
    expect(
      (await call(theirs.token, 'POST', `/conversations/${chat.conversationId}/messages`, { body: 'x' }))
        .status,
    ).toBe(404);
    expect((await call(theirs.token, 'GET', `/contacts/${chat.visitorId}`)).status).toBe(404);
    expect(
      (await call(theirs.token, 'PATCH', `/contacts/${chat.visitorId}`, { name: 'Hacked' })).status,
    ).toBe(404);
    expect((await call(theirs.token, 'DELETE', `/contacts/${chat.visitorId}`)).status).toBe(404);
    const list = await call(theirs.token, 'GET', '/conversations');
    expect(list.json.items).toEqual([]);
    expect((await call(theirs.token, 'GET', '/contacts')).json.items).toEqual([]);
    const acmeTags = await deps.db.tag.create({ data: { accountId: acme.account.id, name: 'acme-only' } });
    expect((await call(theirs.token, 'GET', '/tags')).json).toEqual([]);
    expect((await call(theirs.token, 'DELETE', `/tags/${acmeTags.id}`)).status).toBe(404);
    expect(await deps.db.tag.count({ where: { id: acmeTags.id } })).toBe(1);
    expect((await deps.db.visitor.findUniqueOrThrow({ where: { id: chat.visitorId } })).name).not.toBe(
      'Hacked',
    );
  });
});

describe('REST /api/v1 contacts', () => {
  it('lists, searches, gets, updates and erases contacts', async () => {
    const chat = await visitorChat('198.51.100.14');
    const read = (await tokenFor(acme.admin.token, ['contacts:read'])).token;
    const write = (await tokenFor(acme.admin.token, ['contacts:write', 'contacts:read'])).token;
    const updated = await call(write, 'PATCH', `/contacts/${chat.visitorId}`, {
      name: 'Ada Lovelace',
      email: 'ada@example.test',
    });
    expect(updated.json).toMatchObject({ id: chat.visitorId });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({
      id: chat.visitorId,
      name: 'Ada Lovelace',
      email: 'ada@example.test',
    });
    const found = await call(read, 'GET', '/contacts?q=Lovelace');
    expect(found.json.items.map((c: { id: string }) => c.id)).toEqual([chat.visitorId]);
    expect((await call(read, 'GET', `/contacts/${chat.visitorId}`)).json.name).toBe('Ada Lovelace');
    const badEmail = await call(write, 'PATCH', `/contacts/${chat.visitorId}`, { email: 'not an email' });
    expect(badEmail.status).toBe(400);
    expect(badEmail.json.error.fieldErrors).toHaveProperty('email');
    expect((await call(write, 'DELETE', `/contacts/${chat.visitorId}`)).json).toEqual({ ok: true });
    expect((await call(read, 'GET', `/contacts/${chat.visitorId}`)).status).toBe(404);
  });

  it('refuses what the creator may not do once they are an agent (erasing is admin-only)', async () => {
    const chat = await visitorChat('198.51.100.15');
    const made = await tokenFor(acme.admin.token, ['contacts:write']);
    const temp = await deps.db.user.create({
      data: {
        accountId: acme.account.id,
        email: 'agent2@acme.test',
        name: 'Agent 2',
        passwordHash: 'x',
        role: 'agent',
      },
    });
    // Demoted creators stop the token altogether.
    await deps.db.apiToken.update({ where: { id: made.apiToken.id }, data: { createdById: temp.id } });
    const res = await call(made.token, 'DELETE', `/contacts/${chat.visitorId}`);
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('api.token_owner_gone');
  });
});

describe('REST /api/v1 messages as a bot', () => {
  it('sends as a named bot with messages:bot (no agent in the chat needed), shown as the bot everywhere', async () => {
    const chat = await visitorChat('198.51.100.17', 'Is anyone there?');
    const bot = await tokenFor(acme.admin.token, ['messages:bot']);
    const path = `/conversations/${chat.conversationId}/messages`;
    const sent = await call(bot.token, 'POST', path, {
      body: 'An agent will be with you shortly.',
      clientId: 'bot-greeting-1',
      sender: { type: 'bot', name: 'Shop Bot' },
    });
    expect(sent.status).toBe(201);
    expect(sent.json).toMatchObject({
      author: 'agent',
      agent: null,
      bot: { name: 'Shop Bot' },
      body: 'An agent will be with you shortly.',
    });
    const again = await call(bot.token, 'POST', path, {
      body: 'An agent will be with you shortly.',
      clientId: 'bot-greeting-1',
      sender: { type: 'bot', name: 'Shop Bot' },
    });
    expect(again.json.id).toBe(sent.json.id);

    // The visitor's widget and the console see the bot, not an agent.
    const seen = (await chat.visitor.widget.history({})).messages.find((m) => m.id === sent.json.id);
    expect(seen).toMatchObject({ author: 'agent', agent: null, bot: { name: 'Shop Bot' } });
    const inConsole = (
      await callerFor(deps, acme.agent.token).chats.get({ conversationId: chat.conversationId })
    ).messages;
    expect(inConsole.find((m) => m.id === sent.json.id)).toMatchObject({ bot: { name: 'Shop Bot' } });
    // Nobody took the chat: it is still a request, and the bot joined nothing.
    expect(await deps.db.participant.count({ where: { conversationId: chat.conversationId } })).toBe(0);
    const stored = await deps.db.message.findUniqueOrThrow({ where: { id: sent.json.id } });
    expect(stored).toMatchObject({ authorType: 'agent', authorUserId: null });
    // Webhook receivers get the bot too (message.created).
    const { publicMessage } = await import('../src/domain/webhooks/events');
    const { toChatMessage, getMessage } = await import('../src/domain/live-chat/views');
    expect(
      publicMessage(toChatMessage(await getMessage(deps.db, acme.account.id, sent.json.id))),
    ).toMatchObject({
      author: 'agent',
      agent: null,
      bot: { name: 'Shop Bot' },
    });

    // messages:bot is not messages:write (and the other way round).
    const asAgent = await call(bot.token, 'POST', path, { body: 'as the admin' });
    expect(asAgent.status).toBe(403);
    expect(asAgent.json.error.code).toBe('api.scope_missing');
    const writer = (await tokenFor(acme.admin.token, ['messages:write'])).token;
    const notBot = await call(writer, 'POST', path, { body: 'x', sender: { type: 'bot', name: 'B' } });
    expect(notBot.json.error.code).toBe('api.scope_missing');

    const both = await call(bot.token, 'POST', path, {
      body: 'x',
      sender: { type: 'bot', name: 'B' },
      asAgentId: acme.agent.id,
    });
    expect(both.status).toBe(400);
    expect(both.json.error.fieldErrors).toHaveProperty('asAgentId');
    const noName = await call(bot.token, 'POST', path, { body: 'x', sender: { type: 'bot', name: '' } });
    expect(noName.status).toBe(400);
    expect(Object.keys(noName.json.error.fieldErrors).join()).toContain('sender');

    const theirs = (await tokenFor(globex.admin.token, ['messages:bot'])).token;
    expect(
      (await call(theirs, 'POST', path, { body: 'x', sender: { type: 'bot', name: 'Evil' } })).status,
    ).toBe(404);

    await callerFor(deps, acme.agent.token).chats.accept({ conversationId: chat.conversationId });
    await callerFor(deps, acme.agent.token).chats.leave({ conversationId: chat.conversationId });
    const closed = await call(bot.token, 'POST', path, {
      body: 'late',
      sender: { type: 'bot', name: 'Shop Bot' },
    });
    expect(closed.status).toBe(409);
    expect(closed.json.error.code).toBe('chat.closed');

    const audited = await deps.db.auditEvent.findMany({
      where: { action: 'api.call', targetId: bot.apiToken.id },
      orderBy: { at: 'asc' },
    });
    expect(audited.map((a) => (a.data as { status: number }).status)).toEqual([201, 201, 403, 400, 400, 409]);
  });
});

describe('REST /api/v1 contacts: create', () => {
  it('adds a contact with the next number, validated like the console; searchable; another account sees nothing', async () => {
    const write = await tokenFor(acme.admin.token, ['contacts:write']);
    const read = (await tokenFor(acme.admin.token, ['contacts:read'])).token;
    const made = await call(write.token, 'POST', '/contacts', {
      name: 'Grace Hopper',
      email: 'Grace@Navy.test',
      phone: '+1 555 0100',
    });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({
      name: 'Grace Hopper',
      email: 'grace@navy.test',
      phone: '+1 555 0100',
      conversations: 0,
      tags: [],
      status: null,
    });
    const again = await call(write.token, 'POST', '/contacts', { email: 'second@navy.test' });
    expect(again.json.number).toBe(made.json.number + 1);
    expect(
      (await call(read, 'GET', '/contacts?q=Hopper')).json.items.map((c: { id: string }) => c.id),
    ).toEqual([made.json.id]);
    expect((await call(read, 'GET', `/contacts/${made.json.id}`)).json.email).toBe('grace@navy.test');

    const empty = await call(write.token, 'POST', '/contacts', {});
    expect(empty.status).toBe(400);
    expect(empty.json.error).toMatchObject({
      code: 'validation',
      fieldErrors: { name: 'validation.required' },
    });
    const badEmail = await call(write.token, 'POST', '/contacts', { name: 'X', email: 'nope' });
    expect(badEmail.status).toBe(400);
    expect(badEmail.json.error.fieldErrors).toHaveProperty('email');
    const badPhone = await call(write.token, 'POST', '/contacts', { phone: 'call me' });
    expect(badPhone.json.error.fieldErrors).toHaveProperty('phone');
    // Only contacts:write creates.
    const readOnly = await call(read, 'POST', '/contacts', { name: 'Nope' });
    expect(readOnly.json.error.code).toBe('api.scope_missing');

    const theirs = await tokenFor(globex.admin.token, [...API_SCOPES]);
    expect((await call(theirs.token, 'GET', `/contacts/${made.json.id}`)).status).toBe(404);
    expect((await call(theirs.token, 'GET', '/contacts?q=Hopper')).json.items).toEqual([]);
    const mine = await call(theirs.token, 'POST', '/contacts', { name: 'Globex person' });
    expect(mine.status).toBe(201);
    expect((await deps.db.visitor.findUniqueOrThrow({ where: { id: mine.json.id } })).accountId).toBe(
      globex.account.id,
    );
    const audited = await deps.db.auditEvent.findMany({
      where: { action: 'api.call', targetId: write.apiToken.id },
      orderBy: { at: 'asc' },
    });
    expect(audited.map((a) => (a.data as { status: number }).status)).toEqual([201, 201, 400, 400, 400]);
  });
});

describe('REST /api/v1 tags: create', () => {
  it('creates a tag, refuses a second by the same name, and is confined to the account', async () => {
    const write = (await tokenFor(acme.admin.token, ['tags:write'])).token;
    const read = (await tokenFor(acme.admin.token, ['tags:read'])).token;
    const made = await call(write, 'POST', '/tags', { name: 'refund', color: '#00aa00' });
    expect(made.status).toBe(201);
    expect(made.json).toEqual({ id: expect.any(String), name: 'refund', color: '#00aa00' });
    const twice = await call(write, 'POST', '/tags', { name: 'refund' });
    expect(twice.status).toBe(409);
    expect(twice.json.error.code).toBe('tag.taken');
    expect((await call(write, 'POST', '/tags', { name: '' })).json.error.fieldErrors).toHaveProperty('name');
    expect(
      (await call(write, 'POST', '/tags', { name: 'x', color: 'red' })).json.error.fieldErrors,
    ).toHaveProperty('color');
    expect((await call(read, 'GET', '/tags')).json).toContainEqual(made.json);
    expect((await call(read, 'POST', '/tags', { name: 'nope' })).json.error.code).toBe('api.scope_missing');

    const theirs = (await tokenFor(globex.admin.token, ['tags:read', 'tags:write'])).token;
    const same = await call(theirs, 'POST', '/tags', { name: 'refund' });
    expect(same.status).toBe(201);
    expect(same.json.id).not.toBe(made.json.id);
    expect((await call(theirs, 'PATCH', `/tags/${made.json.id}`, { name: 'hijack' })).status).toBe(404);
    expect((await call(theirs, 'DELETE', `/tags/${made.json.id}`)).status).toBe(404);
    expect((await call(write, 'DELETE', `/tags/${made.json.id}`)).status).toBe(200);
  });
});

describe('REST /api/v1 conversations: date filters', () => {
  it('filters by start date (from, to) and pages with the cursor', async () => {
    const chat = await visitorChat('198.51.100.16');
    const read = (await tokenFor(acme.admin.token, ['conversations:read'])).token;
    const ids = (r: { json: { items: { id: string }[] } }) => r.json.items.map((c) => c.id);
    expect(ids(await call(read, 'GET', '/conversations?from=2000-01-01'))).toContain(chat.conversationId);
    expect(ids(await call(read, 'GET', '/conversations?to=2000-01-01'))).not.toContain(chat.conversationId);
    expect((await call(read, 'GET', '/conversations?from=yesterday')).json.error.fieldErrors).toHaveProperty(
      'from',
    );
    const first = await call(read, 'GET', '/conversations');
    expect(first.json.nextCursor === null || /^\d+$/.test(first.json.nextCursor)).toBe(true);
  });
});

describe('REST /api/v1 webhooks', () => {
  it('creates, lists, changes, rotates, tests, lists deliveries, replays and deletes endpoints; audited', async () => {
    const made = await tokenFor(acme.admin.token, ['webhooks']);
    const token = made.token;
    const created = await call(token, 'POST', '/webhooks', {
      url: 'http://127.0.0.1:9/parley-hook',
      description: 'CRM',
      events: ['conversation.created', 'message.created'],
    });
    expect(created.status).toBe(201);
    expect(created.json.secret).toMatch(/^whsec_/);
    const id = created.json.endpoint.id as string;
    expect(created.json.endpoint).toMatchObject({ url: 'http://127.0.0.1:9/parley-hook', enabled: true });

    const list = await call(token, 'GET', '/webhooks');
    expect(list.json.items.map((e: { id: string }) => e.id)).toContain(id);
    expect(list.json.eventTypes).toContain('rating.given');
    expect(JSON.stringify(list.json)).not.toContain(created.json.secret);
    expect((await call(token, 'GET', `/webhooks/${id}`)).json.description).toBe('CRM');

    const changed = await call(token, 'PATCH', `/webhooks/${id}`, { events: ['call.ended'], enabled: false });
    expect(changed.json).toMatchObject({
      endpoint: { events: ['call.ended'], enabled: false },
      secret: null,
    });
    const moved = await call(token, 'PATCH', `/webhooks/${id}`, {
      url: 'http://127.0.0.1:9/new-hook',
      enabled: true,
    });
    expect(moved.json.secret).toMatch(/^whsec_/);
    expect(moved.json.secret).not.toBe(created.json.secret);
    const rotated = await call(token, 'POST', `/webhooks/${id}/rotate-secret`);
    expect(rotated.json.secret).toMatch(/^whsec_/);
    expect(rotated.json.secret).not.toBe(moved.json.secret);

    const bad = await call(token, 'POST', '/webhooks', { url: 'ftp://x.test/', events: ['call.ended'] });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('webhooks.invalid_url');
    const noEvents = await call(token, 'POST', '/webhooks', { url: 'http://127.0.0.1:9/x', events: [] });
    expect(noEvents.json.error.fieldErrors).toHaveProperty('events');
    const unknownEvent = await call(token, 'POST', '/webhooks', {
      url: 'http://127.0.0.1:9/x',
      events: ['nope'],
    });
    expect(unknownEvent.status).toBe(400);

    const test = await call(token, 'POST', `/webhooks/${id}/test`);
    expect(test.status).toBe(202);
    const deliveries = await call(token, 'GET', `/webhooks/${id}/deliveries?limit=10`);
    expect(deliveries.json.items.map((d: { id: string }) => d.id)).toContain(test.json.deliveryId);
    expect(deliveries.json).toHaveProperty('nextCursor', null);
    const delivery = await deps.db.webhookDelivery.findUniqueOrThrow({ where: { id: test.json.deliveryId } });
    if (delivery.status === 'pending') {
      const queued = await call(token, 'POST', `/webhook-deliveries/${delivery.id}/replay`);
      expect(queued.status).toBe(409);
      expect(queued.json.error.code).toBe('webhooks.already_queued');
    }
    await deps.db.webhookDelivery.update({ where: { id: delivery.id }, data: { status: 'failed' } });
    expect((await call(token, 'POST', `/webhook-deliveries/${delivery.id}/replay`)).status).toBe(202);
    expect((await deps.db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).status).toBe(
      'pending',
    );

    // Another account's token: nothing of it, and nothing changes.
    const theirs = (await tokenFor(globex.admin.token, [...API_SCOPES])).token;
    expect((await call(theirs, 'GET', '/webhooks')).json.items).toEqual([]);
    expect((await call(theirs, 'GET', `/webhooks/${id}`)).status).toBe(404);
    expect((await call(theirs, 'PATCH', `/webhooks/${id}`, { enabled: false })).status).toBe(404);
    expect((await call(theirs, 'POST', `/webhooks/${id}/rotate-secret`)).status).toBe(404);
    expect((await call(theirs, 'POST', `/webhooks/${id}/test`)).status).toBe(404);
    expect((await call(theirs, 'GET', `/webhooks/${id}/deliveries`)).status).toBe(404);
    expect((await call(theirs, 'POST', `/webhook-deliveries/${delivery.id}/replay`)).status).toBe(404);
    expect((await call(theirs, 'DELETE', `/webhooks/${id}`)).status).toBe(404);
    expect((await deps.db.webhookEndpoint.findUniqueOrThrow({ where: { id } })).enabled).toBe(true);

    // Only the webhooks scope manages them.
    const others = (
      await tokenFor(
        acme.admin.token,
        API_SCOPES.filter((s) => s !== 'webhooks'),
      )
    ).token;
    expect((await call(others, 'GET', '/webhooks')).json.error.code).toBe('api.scope_missing');

    expect((await call(token, 'DELETE', `/webhooks/${id}`)).json).toEqual({ ok: true });
    expect((await call(token, 'GET', `/webhooks/${id}`)).status).toBe(404);

    const actions = await deps.db.auditEvent.findMany({
      where: { accountId: acme.account.id, targetType: 'webhook', targetId: id },
      orderBy: { at: 'asc' },
    });
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'webhook.created',
        'webhook.updated',
        'webhook.secret_rotated',
        'webhook.deleted',
      ]),
    );
    expect(actions.every((a) => a.actorUserId === acme.admin.id)).toBe(true);
    expect(
      await deps.db.auditEvent.count({ where: { action: 'api.call', targetId: made.apiToken.id } }),
    ).toBeGreaterThanOrEqual(12);
  });
});

describe('REST /api/v1 rate limits', () => {
  it('answers 429 with Retry-After past API_RATE_LIMIT calls a minute, per token', async () => {
    const saved = deps.config.apiRateLimit;
    deps.config.apiRateLimit = 3;
    try {
      const a = (await tokenFor(acme.admin.token, ['tags:read'])).token;
      const b = (await tokenFor(acme.admin.token, ['tags:read'])).token;
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await call(a, 'GET', '/tags'));
      // A window can roll over mid-test; then the count restarts and the fourth call passes.
      const limited = answers.at(-1);
      if (limited?.status === 429) {
        expect(limited.json.error.code).toBe('api.rate_limited');
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(limited.headers.get('ratelimit')).toMatch(/^"token";r=0;t=\d+$/);
        expect(answers.slice(0, 3).map((r) => r.headers.get('ratelimit-remaining'))).toEqual(['2', '1', '0']);
      } else {
        expect(Number(answers[3]?.headers.get('ratelimit-remaining'))).toBeGreaterThanOrEqual(0);
      }
      expect((await call(b, 'GET', '/tags')).status).toBe(200);
    } finally {
      deps.config.apiRateLimit = saved;
    }
  });
});

describe('OpenAPI document and reference page', () => {
  it('serves an OpenAPI 3.1 document covering every endpoint, and the reference page with its script', async () => {
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const ep of ENDPOINTS) expect(doc.paths[ep.path]?.[ep.method.toLowerCase()], ep.path).toBeTruthy();
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Conversation', 'Message', 'Contact', 'Tag', 'Error', 'WebhookEndpoint']),
    );
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
    const send = doc.paths['/conversations/{id}/messages']?.post as unknown as { security: unknown };
    expect(send.security).toEqual([{ bearer: ['messages:write'] }, { bearer: ['messages:bot'] }]);
    expect(doc.paths['/webhooks']?.post).toMatchObject({ 'x-scope': 'webhooks' });
    const page = await fetch(`${server.url}/api/v1/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-url="/api/v1/openapi.json"');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = await fetch(`${server.url}/api/v1/docs/standalone.js`);
    expect(script.status).toBe(200);
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });
});
