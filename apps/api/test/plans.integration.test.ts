import { randomUUID } from 'node:crypto';
import { startFakeMetaGraph } from '@parley/integrations/testing/providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectivePlan, ensureDefaultPlan, invalidatePlans } from '../src/domain/plans';
import { sendWarning } from '../src/domain/plans/warnings';
import type { Mailer, MailMessage } from '../src/mail/mailer';
import { type RunningServer, startServer } from '../src/server';
import {
  appCodeOf,
  callerFor,
  createTestDeps,
  errorOf,
  seedAccount,
  type TestDeps,
  uploadFile,
  visitorCaller,
} from './harness';

/**
 * J6 plans and limits on the real database (SQLite, or PostgreSQL with DATABASE_URL): the default
 * plan, the plan that applies in each status, every limit refused with `plan.limit_reached` /
 * `plan.feature_unavailable` and nothing changed, the owners' warnings once, and the operator's
 * procedures.
 */
const mails: MailMessage[] = [];
const mailer: Mailer = {
  async send(m) {
    mails.push(m);
  },
  close() {},
};

let deps: TestDeps;
let server: RunningServer;
let home: Awaited<ReturnType<typeof seedAccount>>;
let seq = 0;

beforeAll(async () => {
  deps = await createTestDeps({ mailer });
  server = await startServer(deps);
  home = await seedAccount(deps, 'Home');
  await deps.db.user.update({ where: { id: home.owner.id }, data: { operator: true } });
});
afterAll(async () => {
  await server.close();
  await deps.cleanup();
});

const operator = () => callerFor(deps, home.owner.token);

/** A plan of the operator's with the given limits (everything else unlimited, every feature). */
async function planWith(
  limits: Partial<Record<'maxAgents' | 'maxChannels' | 'maxMonthlyConversations' | 'maxStorageMb', number>>,
  features: ('calls' | 'api' | 'webhooks' | 'plugins')[] = ['calls', 'api', 'webhooks', 'plugins'],
) {
  seq++;
  return operator().operator.createPlan({
    key: `test-${seq}`,
    name: `Test ${seq}`,
    maxAgents: limits.maxAgents ?? null,
    maxChannels: limits.maxChannels ?? null,
    maxMonthlyConversations: limits.maxMonthlyConversations ?? null,
    maxStorageMb: limits.maxStorageMb ?? null,
    features,
  });
}

async function accountOnPlan(name: string, plan: { id: string }) {
  const acme = await seedAccount(deps, name);
  await operator().operator.setAccountPlan({ accountId: acme.account.id, planId: plan.id });
  return acme;
}

/** A website channel of the account and a visitor on it (their token, for uploads). */
async function siteVisitor(adminToken: string, ip: string) {
  const { publicKey } = await callerFor(deps, adminToken).channels.create({ kind: 'website', name: 'Site' });
  return callerFor(deps, undefined, ip).widget.start({
    channelKey: publicKey,
    page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
  });
}

async function startVisitor(channelKey: string, ip: string) {
  const started = await callerFor(deps, undefined, ip).widget.start({
    channelKey,
    page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
  });
  return visitorCaller(deps, started.visitorToken, ip);
}

describe('the default plan', () => {
  it('exists once however many callers race to create it, and is unlimited', async () => {
    const fresh = await createTestDeps();
    try {
      const made = await Promise.all([
        ensureDefaultPlan(fresh.db),
        ensureDefaultPlan(fresh.db),
        ensureDefaultPlan(fresh.db),
      ]);
      expect(new Set(made.map((p) => p.id)).size).toBe(1);
      const plans = await fresh.db.plan.findMany();
      expect(plans).toHaveLength(1);
      expect(plans[0]).toMatchObject({ key: 'free', isDefault: true, maxAgents: null });
    } finally {
      await fresh.cleanup();
    }
  });

  it('an account without a plan of its own gets the default', async () => {
    const acme = await seedAccount(deps, 'Defaults');
    const current = await callerFor(deps, acme.owner.token).plans.current();
    expect(current.plan.isDefault).toBe(true);
    expect(current.billingAvailable).toBe(false);
    expect(current.limits.map((l) => l.limit)).toEqual(['agents', 'channels', 'conversations', 'storage']);
    expect(current.limits.every((l) => l.max === null && l.state === 'ok')).toBe(true);
  });
});

describe('effectivePlan', () => {
  it('holds the own plan while active, past due within the grace, canceled until the period ends', async () => {
    const plan = await planWith({ maxAgents: 50 });
    const acme = await accountOnPlan('States', plan);
    const id = acme.account.id;
    const set = async (data: Record<string, unknown>) => {
      await deps.db.account.update({ where: { id }, data });
      await invalidatePlans(deps.bus, { accountIds: [id] });
      return (await effectivePlan(deps, id)).plan.key;
    };
    const hour = 3_600_000;
    expect(await set({ planStatus: 'active' })).toBe(plan.key);
    expect(await set({ planStatus: 'past_due', planGraceUntil: new Date(Date.now() + hour) })).toBe(plan.key);
    expect(await set({ planStatus: 'past_due', planGraceUntil: new Date(Date.now() - hour) })).toBe('free');
    expect(await set({ planStatus: 'canceled', planRenewsAt: new Date(Date.now() + hour) })).toBe(plan.key);
    expect(await set({ planStatus: 'canceled', planRenewsAt: new Date(Date.now() - hour) })).toBe('free');
    const current = await callerFor(deps, acme.owner.token).plans.current();
    expect(current).toMatchObject({
      status: 'canceled',
      plan: { key: 'free' },
      lapsedPlan: { key: plan.key },
    });
  });

  it("an operator's change reaches the cache at once (invalidated through the bus)", async () => {
    const plan = await planWith({ maxChannels: 5 });
    const acme = await accountOnPlan('Cached', plan);
    expect((await effectivePlan(deps, acme.account.id)).plan.limits.channels).toBe(5);
    await operator().operator.updatePlan({
      id: plan.id,
      name: plan.name,
      maxAgents: null,
      maxChannels: 1,
      maxMonthlyConversations: null,
      maxStorageMb: null,
      features: plan.features,
    });
    expect((await effectivePlan(deps, acme.account.id)).plan.limits.channels).toBe(1);
  });

  it("another account's plan is never visible", async () => {
    const plan = await planWith({ maxAgents: 7 });
    await accountOnPlan('Private plan', plan);
    const other = await seedAccount(deps, 'Other');
    const current = await callerFor(deps, other.owner.token).plans.current();
    expect(current.plan.key).toBe('free');
    expect(current.lapsedPlan).toBeNull();
  });
});

describe('limits, refused with nothing changed', () => {
  it('agents: an invitation beyond maxAgents (open invitations count) and an acceptance after lowering', async () => {
    const plan = await planWith({ maxAgents: 4 });
    const acme = await accountOnPlan('Agents', plan);
    const admin = callerFor(deps, acme.admin.token);
    const invited = await admin.invitations.create({ email: 'fourth@agents.test', role: 'agent' });
    expect(
      await errorOf(admin.invitations.create({ email: 'fifth@agents.test', role: 'agent' })),
    ).toMatchObject({
      code: 'FORBIDDEN',
      appCode: 'plan.limit_reached',
    });
    expect(await deps.db.invitation.count({ where: { accountId: acme.account.id } })).toBe(1);
    // Lowered to 3 after the invitation went out: accepting it is refused, and the link stays usable.
    await operator().operator.updatePlan({
      id: plan.id,
      name: plan.name,
      maxAgents: 3,
      maxChannels: null,
      maxMonthlyConversations: null,
      maxStorageMb: null,
      features: plan.features,
    });
    const mail = mails.findLast((m) => m.to === 'fourth@agents.test');
    const token = /\/invite\/([\w-]+)/.exec(mail?.text ?? '')?.[1];
    expect(token).toBeTruthy();
    expect(
      await errorOf(
        callerFor(deps).invitations.accept({
          token: token!,
          name: 'Fourth',
          password: 'correct horse battery',
        }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN', appCode: 'plan.limit_reached' });
    expect(invited.id).toBeTruthy();
    expect(await deps.db.user.count({ where: { accountId: acme.account.id } })).toBe(3);
  });

  it('agents: an expired invitation sent again counts again (refused at the limit); a pending one is already counted', async () => {
    const plan = await planWith({ maxAgents: 4 });
    const acme = await accountOnPlan('Resent', plan);
    const admin = callerFor(deps, acme.admin.token);
    const expired = await admin.invitations.create({ email: 'late@resent.test', role: 'agent' });
    const past = new Date(Date.now() - 60_000);
    await deps.db.invitation.update({ where: { id: expired.id }, data: { expiresAt: past } });
    // The expired one no longer holds a seat: another invitation takes the last one.
    const pending = await admin.invitations.create({ email: 'next@resent.test', role: 'agent' });
    expect(await errorOf(admin.invitations.resend({ id: expired.id }))).toMatchObject({
      code: 'FORBIDDEN',
      appCode: 'plan.limit_reached',
    });
    const row = await deps.db.invitation.findUniqueOrThrow({ where: { id: expired.id } });
    expect(row.expiresAt.getTime()).toBe(past.getTime());
    // The pending one is at the limit already: sending it again is no new seat.
    await admin.invitations.resend({ id: pending.id });
    // With the pending one revoked, the expired one fits again.
    await admin.invitations.revoke({ id: pending.id });
    await admin.invitations.resend({ id: expired.id });
    const resent = await deps.db.invitation.findUniqueOrThrow({ where: { id: expired.id } });
    expect(resent.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('agents: enabling a disabled agent again beyond maxAgents', async () => {
    const plan = await planWith({ maxAgents: 3 });
    const acme = await accountOnPlan('Reenable', plan);
    const owner = callerFor(deps, acme.owner.token);
    await owner.agents.update({ userId: acme.agent.id, disabled: true });
    await owner.invitations.create({ email: 'new@reenable.test', role: 'agent' });
    const mail = mails.findLast((m) => m.to === 'new@reenable.test');
    const token = /\/invite\/([\w-]+)/.exec(mail?.text ?? '')?.[1];
    await callerFor(deps).invitations.accept({
      token: token!,
      name: 'New',
      password: 'correct horse battery',
    });
    expect(await errorOf(owner.agents.update({ userId: acme.agent.id, disabled: false }))).toMatchObject({
      code: 'FORBIDDEN',
      appCode: 'plan.limit_reached',
    });
    const agent = await deps.db.user.findUniqueOrThrow({ where: { id: acme.agent.id } });
    expect(agent.disabledAt).not.toBeNull();
  });

  it('channels: a channel beyond maxChannels', async () => {
    const acme = await accountOnPlan('Channels', await planWith({ maxChannels: 1 }));
    const admin = callerFor(deps, acme.admin.token);
    await admin.channels.create({ kind: 'website', name: 'One' });
    expect(await errorOf(admin.channels.create({ kind: 'website', name: 'Two' }))).toMatchObject({
      appCode: 'plan.limit_reached',
    });
    expect(await deps.db.channel.count({ where: { accountId: acme.account.id } })).toBe(1);
  });

  it('conversations: a NEW one beyond the month’s limit; messages in an open one still arrive', async () => {
    const acme = await accountOnPlan('Conversations', await planWith({ maxMonthlyConversations: 2 }));
    const { publicKey } = await callerFor(deps, acme.admin.token).channels.create({
      kind: 'website',
      name: 'Site',
    });
    const first = await startVisitor(publicKey, '198.51.100.101');
    const second = await startVisitor(publicKey, '198.51.100.102');
    const third = await startVisitor(publicKey, '198.51.100.103');
    mails.length = 0;
    await first.widget.send({ clientId: randomUUID(), body: 'hello' });
    await second.widget.send({ clientId: randomUUID(), body: 'hello' });
    expect(await errorOf(third.widget.send({ clientId: randomUUID(), body: 'hello' }))).toMatchObject({
      code: 'FORBIDDEN',
      appCode: 'plan.limit_reached',
    });
    // The chats already open go on.
    await first.widget.send({ clientId: randomUUID(), body: 'still here' });
    expect(await deps.db.conversation.count({ where: { accountId: acme.account.id } })).toBe(2);
    expect(await deps.db.message.count({ where: { accountId: acme.account.id } })).toBe(3);
    // The widget turns to its offline form, whose message is still taken: no lead is lost.
    await third.widget.offlineMessage({
      clientId: randomUUID(),
      name: 'Third',
      email: 'third@visitor.test',
      body: 'call me back',
    });
    expect(
      await deps.db.conversation.count({ where: { accountId: acme.account.id, origin: 'offline_form' } }),
    ).toBe(1);
    // The second conversation reached 100 %: the owner is mailed once.
    await new Promise((r) => setTimeout(r, 300));
    const warnings = mails.filter((m) => m.to === acme.owner.email);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.subject).toMatch(/limit is reached/);
    const current = await callerFor(deps, acme.owner.token).plans.current();
    expect(current.limits.find((l) => l.limit === 'conversations')).toMatchObject({
      // The offline form's conversation counts too.
      used: 3,
      max: 2,
      state: 'reached',
    });
  });

  it('storage: an upload that would pass maxStorageMb writes nothing', async () => {
    const acme = await accountOnPlan('Storage', await planWith({ maxStorageMb: 0 }));
    // A visitor file that would start a conversation, and one into an open conversation.
    const started = await siteVisitor(acme.admin.token, '198.51.100.130');
    const first = await uploadFile(server.url, Buffer.from('order 1234\n'), {
      name: 'notes.txt',
      visitor: started.visitorToken,
    });
    expect({ status: first.status, appCode: await appCodeOf(first) }).toEqual({
      status: 403,
      appCode: 'plan.limit_reached',
    });
    await visitorCaller(deps, started.visitorToken, '198.51.100.130').widget.send({
      clientId: randomUUID(),
      body: 'hello',
    });
    const res = await uploadFile(server.url, Buffer.from('order 1234\n'), {
      name: 'notes.txt',
      visitor: started.visitorToken,
    });
    expect({ status: res.status, appCode: await appCodeOf(res) }).toEqual({
      status: 403,
      appCode: 'plan.limit_reached',
    });
    expect(await deps.db.attachment.count({ where: { accountId: acme.account.id } })).toBe(0);
    expect(await deps.db.message.count({ where: { accountId: acme.account.id } })).toBe(1);
  });

  it('features: API tokens, webhooks, plugins and calls', async () => {
    const acme = await accountOnPlan('Features', await planWith({}, []));
    const admin = callerFor(deps, acme.admin.token);
    const refused = { code: 'FORBIDDEN', appCode: 'plan.feature_unavailable' };
    expect(await errorOf(admin.apiTokens.create({ name: 'x', scopes: ['tags:read'] }))).toMatchObject(
      refused,
    );
    expect(
      await errorOf(
        admin.webhooks.create({ url: 'https://hooks.example.com/x', events: ['conversation.created'] }),
      ),
    ).toMatchObject(refused);
    expect(
      await errorOf(
        callerFor(deps, acme.owner.token).integrations.install({
          name: 'gif-tenor',
          config: { apiKey: 'k' },
        }),
      ),
    ).toMatchObject(refused);
    const { publicKey } = await admin.channels.create({ kind: 'website', name: 'Site' });
    const visitor = await startVisitor(publicKey, '198.51.100.120');
    expect(await errorOf(visitor.calls.start())).toMatchObject(refused);
    expect(await deps.db.apiToken.count({ where: { accountId: acme.account.id } })).toBe(0);
    expect(await deps.db.webhookEndpoint.count({ where: { accountId: acme.account.id } })).toBe(0);
    expect(await deps.db.pluginInstall.count({ where: { accountId: acme.account.id } })).toBe(0);
  });
  it('REST: a token of an account whose plan loses the API is refused with the feature in details', async () => {
    const acme = await accountOnPlan('REST plan', await planWith({}));
    const { token } = await callerFor(deps, acme.admin.token).apiTokens.create({
      name: 'rest',
      scopes: ['tags:read'],
    });
    await operator().operator.setAccountPlan({
      accountId: acme.account.id,
      planId: (await planWith({}, [])).id,
    });
    const res = await fetch(`${server.url}/api/v1/tags`, {
      headers: { authorization: `Bearer ${token}`, 'accept-language': 'tr' },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: {
        code: 'plan.feature_unavailable',
        message: 'Bu hesabın paketi bu özelliği içermiyor.',
        details: { feature: 'api' },
      },
    });
  });
});

describe('warnings', () => {
  it('once per limit, percent and month, however often they are claimed', async () => {
    const acme = await seedAccount(deps, 'Warned');
    mails.length = 0;
    const note = { accountId: acme.account.id, limit: 'agents' as const, used: 4, max: 5, timeZone: 'UTC' };
    const claims = await Promise.all([
      sendWarning({ ...deps, mailer }, note, 80),
      sendWarning({ ...deps, mailer }, note, 80),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await sendWarning({ ...deps, mailer }, note, 80)).toBe(false);
    expect(await sendWarning({ ...deps, mailer }, note, 100)).toBe(true);
    expect(mails.filter((m) => m.to === acme.owner.email)).toHaveLength(2);
    const row = await deps.db.account.findUniqueOrThrow({ where: { id: acme.account.id } });
    expect(JSON.parse(row.limitWarningsSent)).toHaveLength(2);
  });

  /** The owner's warning mails so far, waited for (they are sent in the background after the commit). */
  async function warningsTo(email: string, count: number) {
    const deadline = Date.now() + 5000;
    while (mails.filter((m) => m.to === email).length < count && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    return mails.filter((m) => m.to === email).map((m) => m.text);
  }

  it('storage: an upload that reaches the limit mails the owner once (and a file that starts the month’s last conversation too)', async () => {
    const acme = await accountOnPlan(
      'Storage warned',
      await planWith({ maxStorageMb: 1, maxMonthlyConversations: 1 }),
    );
    const started = await siteVisitor(acme.admin.token, '198.51.100.140');
    for (const n of [1, 2]) {
      const res = await uploadFile(server.url, Buffer.from(`order ${n}\n`), {
        name: 'notes.txt',
        visitor: started.visitorToken,
      });
      expect(res.status).toBe(200);
    }
    const texts = await warningsTo(acme.owner.email, 2);
    expect(texts).toHaveLength(2);
    expect(texts.some((t) => t.includes('uses 1 of 1 file storage (MB)'))).toBe(true);
    expect(texts.some((t) => t.includes('uses 1 of 1 conversations this month'))).toBe(true);
  });

  it('plugin channels: a channel added through a plugin mails the owner at the limit', async () => {
    const acme = await accountOnPlan('Plugin warned', await planWith({ maxChannels: 1 }));
    const graph = await startFakeMetaGraph({ accessToken: 'page-token' });
    try {
      await callerFor(deps, acme.owner.token).integrations.addChannel({
        plugin: 'channel-messenger',
        name: 'Facebook page',
        config: {
          pageId: '1357924681',
          pageAccessToken: 'page-token',
          appSecret: 'fb-app-secret',
          verifyToken: 'verify-token-fb',
          baseUrl: graph.url,
        },
      });
    } finally {
      await graph.close();
    }
    const texts = await warningsTo(acme.owner.email, 1);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('uses 1 of 1 channels');
  });
});

describe('the operator', () => {
  it('lists, archives and chooses the default; an account’s plan set by hand leaves an audit line', async () => {
    const plan = await planWith({ maxAgents: 10 });
    const acme = await accountOnPlan('Audited', plan);
    const audit = await deps.db.auditEvent.findFirst({
      where: { accountId: acme.account.id, action: 'plan.set_by_operator' },
    });
    expect(audit?.data).toMatchObject({ planKey: plan.key });
    expect(
      await errorOf(
        operator().operator.createPlan({
          key: plan.key,
          name: 'Again',
          maxAgents: null,
          maxChannels: null,
          maxMonthlyConversations: null,
          maxStorageMb: null,
          features: [],
        }),
      ),
    ).toMatchObject({
      code: 'CONFLICT',
      appCode: 'plan.key_taken',
    });
    const listed = await operator().operator.plans();
    expect(listed.find((p) => p.id === plan.id)?.accounts).toBe(1);
    await operator().operator.archivePlan({ id: plan.id, archived: true });
    expect((await callerFor(deps, acme.owner.token).plans.list()).some((p) => p.id === plan.id)).toBe(false);
    // Archived plans keep their accounts.
    expect((await effectivePlan(deps, acme.account.id)).plan.id).toBe(plan.id);
    const free = listed.find((p) => p.key === 'free');
    expect(await errorOf(operator().operator.archivePlan({ id: free!.id, archived: true }))).toMatchObject({
      appCode: 'plan.default_archive',
    });
    const next = await planWith({ maxAgents: 99 });
    await operator().operator.setDefaultPlan({ id: next.id });
    const other = await seedAccount(deps, 'New default');
    expect((await effectivePlan(deps, other.account.id)).plan.key).toBe(next.key);
    await operator().operator.setDefaultPlan({ id: free!.id });
    expect((await effectivePlan(deps, other.account.id)).plan.key).toBe('free');
    expect(await deps.db.plan.count({ where: { isDefault: true } })).toBe(1);
  });

  it('plan procedures are refused to owners of accounts', async () => {
    const acme = await seedAccount(deps, 'Not operator');
    expect(await errorOf(callerFor(deps, acme.owner.token).operator.plans())).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
