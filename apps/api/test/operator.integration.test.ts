import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/auth/tokens';
import { createRedisBus } from '../src/bus/redis-bus';
import { pollChannels } from '../src/domain/integrations/installs';
import { runDeliveryPass } from '../src/domain/webhooks/deliver';
import type { Mailer, MailMessage } from '../src/mail/mailer';
import { type RunningServer, startServer } from '../src/server';
import { collect, createTestClient, createVisitorClient } from './client';
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
  watchSubscriptions,
} from './harness';

/**
 * Many accounts on one server: the instance operator's procedures (list with usage, create,
 * suspend, unsuspend, delete) and what a suspension stops at once: sessions and their open sockets,
 * widgets, API tokens, webhook deliveries.
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
/** The first setup's owner: an operator by the database column. */
let home: Awaited<ReturnType<typeof seedAccount>>;
/** An operator only by PARLEY_OPERATOR_EMAILS (written in capitals there: compared without case). */
let envOperator: Awaited<ReturnType<typeof seedAccount>>;
let tenant: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  deps = await createTestDeps({ mailer, env: { PARLEY_OPERATOR_EMAILS: 'Admin@Envops.test' } });
  server = await startServer(deps);
  home = await seedAccount(deps, 'Home');
  await deps.db.user.update({ where: { id: home.owner.id }, data: { operator: true } });
  envOperator = await seedAccount(deps, 'Envops');
  tenant = await seedAccount(deps, 'Tenant');
});
afterAll(async () => {
  await server.close();
  await deps.cleanup();
});

const operator = () => callerFor(deps, home.owner.token);

describe('who is an operator', () => {
  it('the marked owner and the emails of PARLEY_OPERATOR_EMAILS; auth.me says so', async () => {
    expect((await operator().auth.me())?.operator).toBe(true);
    expect((await callerFor(deps, envOperator.admin.token).auth.me())?.operator).toBe(true);
    expect((await callerFor(deps, tenant.owner.token).auth.me())?.operator).toBe(false);
    expect((await callerFor(deps, envOperator.admin.token).operator.accounts()).total).toBeGreaterThanOrEqual(
      3,
    );
    // The owner of an account is not the operator of the server: a localised refusal.
    expect(await errorOf(callerFor(deps, tenant.owner.token).operator.accounts())).toMatchObject({
      code: 'FORBIDDEN',
      appCode: 'operator.required',
    });
  });

  it('the first setup marks its owner as the operator', async () => {
    const fresh = await createTestDeps();
    try {
      const caller = callerFor(fresh);
      const { me } = await caller.setup.create({
        accountName: 'First',
        name: 'First Owner',
        email: 'first@owner.test',
        password: PASSWORD,
        locale: 'en',
      });
      expect(me.operator).toBe(true);
      expect((await fresh.db.user.findUniqueOrThrow({ where: { id: me.id } })).operator).toBe(true);
    } finally {
      await fresh.cleanup();
    }
  });
});

describe('accounts on the Operator page', () => {
  it('lists accounts with owner, status and usage (agents, channels, conversations, storage)', async () => {
    const channel = await callerFor(deps, tenant.admin.token).channels.create({
      kind: 'website',
      name: 'Tenant site',
    });
    const started = await callerFor(deps, undefined, '198.51.100.40').widget.start({
      channelKey: channel.publicKey,
      page: { url: 'https://tenant.test/', title: 'Tenant', referrer: '' },
    });
    const sent = await visitorCaller(deps, started.visitorToken).widget.send({
      clientId: randomUUID(),
      body: 'hello',
    });
    await deps.db.attachment.create({
      data: {
        accountId: tenant.account.id,
        conversationId: sent.conversationId,
        fileName: 'a.bin',
        mimeType: 'application/octet-stream',
        size: 1234,
        storageKey: `files/${randomUUID()}`,
      },
    });
    const list = await operator().operator.accounts({ q: 'Tenant' });
    expect(list.total).toBe(1);
    expect(list.accounts[0]).toMatchObject({
      id: tenant.account.id,
      name: 'Tenant',
      ownerEmail: tenant.owner.email,
      status: 'active',
      usage: { agents: 3, channels: 1, conversations: 1, storageBytes: 1234 },
    });
    // Search by the owner's email, and paging.
    expect((await operator().operator.accounts({ q: 'OWNER@TENANT' })).accounts.map((a) => a.id)).toEqual([
      tenant.account.id,
    ]);
    const page = await operator().operator.accounts({ page: 2, pageSize: 1 });
    expect(page).toMatchObject({ page: 2, pageSize: 1 });
    expect(page.accounts).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(3);
  });

  it('creates an account whose owner gets the set-password mail, and an audit line', async () => {
    mails.length = 0;
    const created = await operator().operator.createAccount({
      name: 'Newco',
      ownerEmail: 'Boss@Newco.test',
      ownerName: 'Nia Boss',
    });
    expect(created.account).toMatchObject({ name: 'Newco', ownerEmail: 'boss@newco.test', status: 'active' });
    expect(created.emailed).toBe(true);
    expect(mails.map((m) => m.to)).toEqual(['boss@newco.test']);
    const token = /\/reset-password\/(\S+)/.exec(mails[0]?.text ?? '')?.[1];
    expect(token).toBeTruthy();
    // The owner chooses a password through the mail's link and signs in to their new account.
    await callerFor(deps).auth.resetPassword({ token: token ?? '', password: PASSWORD });
    const client = createTestClient(server.url);
    const login = await client.http.auth.login.mutate({ email: 'boss@newco.test', password: PASSWORD });
    expect('me' in login && login.me).toMatchObject({ accountName: 'Newco', role: 'owner', operator: false });
    const lines = await deps.db.auditEvent.findMany({
      where: { accountId: home.account.id, action: 'account.created' },
    });
    expect(lines.map((l) => l.targetId)).toContain(created.account.id);
  });

  it('an address used in another account may own a new one: one person, several accounts (emails are unique per account)', async () => {
    const created = await operator().operator.createAccount({
      name: 'Second home',
      ownerEmail: tenant.agent.email,
      ownerName: 'X',
    });
    expect(created).toBeTruthy();
    expect((await operator().operator.accounts({ q: 'Second home' })).total).toBe(1);
    // A separate user in the new account: the existing one is untouched and still only in its own.
    const users = await deps.systemDb.user.findMany({ where: { email: tenant.agent.email } });
    expect(users).toHaveLength(2);
    expect(new Set(users.map((u) => u.accountId)).size).toBe(2);
  });
});

describe('suspending an account', () => {
  it('the operator cannot suspend or delete their own account', async () => {
    expect(
      await errorOf(operator().operator.suspendAccount({ accountId: home.account.id, reason: 'oops' })),
    ).toMatchObject({ appCode: 'operator.own_account' });
    expect(
      await errorOf(operator().operator.deleteAccount({ accountId: home.account.id, confirmName: 'Home' })),
    ).toMatchObject({ appCode: 'operator.own_account' });
  });

  it('stops sessions, open sockets, widgets, API tokens and webhooks at once; unsuspending restores them', async () => {
    const victim = await seedAccount(deps, 'Victim');
    const channel = await callerFor(deps, victim.admin.token).channels.create({
      kind: 'website',
      name: 'Victim site',
    });
    const started = await callerFor(deps, undefined, '198.51.100.41').widget.start({
      channelKey: channel.publicKey,
      page: { url: 'https://victim.test/', title: 'Victim', referrer: '' },
    });
    const api = await callerFor(deps, victim.admin.token).apiTokens.create({
      name: 'ci',
      scopes: ['tags:read'],
    });
    const restCall = () =>
      fetch(`${server.url}/api/v1/tags`, {
        headers: { authorization: `Bearer ${api.token}`, 'accept-language': 'tr' },
      });
    expect((await restCall()).status).toBe(200);
    // The agent's console: a live subscription over the WebSocket; the widget's event stream too.
    const agentClient = createTestClient(server.url);
    await agentClient.http.auth.login.mutate({ email: victim.agent.email, password: PASSWORD });
    const ws = agentClient.openWs();
    const agentErrors: string[] = [];
    const listening = deps.subscriptions.next(victim.account.id, streamTopics.console(victim.agent.id));
    const live = collect<unknown>((onData) =>
      ws.client.live.console.subscribe(
        {},
        { onData, onError: (e) => agentErrors.push(e.data?.code ?? e.message) },
      ),
    );
    await listening;
    const widget = createVisitorClient(server.url, started.visitorToken);
    const widgetErrors: string[] = [];
    const widgetListening = deps.subscriptions.next(
      victim.account.id,
      streamTopics.widget(started.visitor.id, channel.id),
    );
    const widgetLive = collect<unknown>((onData) =>
      widget.client.widget.events.subscribe(
        {},
        { onData, onError: (e) => widgetErrors.push(e.data?.appCode ?? e.message) },
      ),
    );
    await widgetListening;

    const suspended = await operator().operator.suspendAccount({
      accountId: victim.account.id,
      reason: 'Unpaid invoices',
    });
    expect(suspended).toMatchObject({ status: 'suspended', suspendedReason: 'Unpaid invoices' });

    // Sessions: refused at the next check, and open subscriptions end now.
    await waitFor(() => agentErrors.length > 0 && widgetErrors.length > 0, 3000);
    expect(agentErrors).toEqual(['UNAUTHORIZED']);
    expect(widgetErrors).toEqual(['account.suspended']);
    expect(await agentClient.http.auth.me.query()).toBeNull();
    await expect(ws.client.team.list.query()).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    expect(await errorOf(callerFor(deps, victim.owner.token).team.list())).toMatchObject({
      code: 'UNAUTHORIZED',
    });
    // The console asks why: the same session hears its own account's suspension and the reason.
    expect(await callerFor(deps, victim.owner.token).auth.suspension()).toEqual({
      accountName: 'Victim',
      reason: 'Unpaid invoices',
      since: expect.any(String),
    });
    expect(await callerFor(deps).auth.suspension()).toBeNull();
    expect(await callerFor(deps, home.owner.token).auth.suspension()).toBeNull();
    // Signing in again is refused with the reason's code.
    const relogin = createTestClient(server.url);
    await expect(
      relogin.http.auth.login.mutate({ email: victim.owner.email, password: PASSWORD }),
    ).rejects.toMatchObject({ data: { appCode: 'account.suspended' } });

    // Widgets: a start says the account is suspended; a known visitor's calls are refused.
    expect(
      await errorOf(
        callerFor(deps, undefined, '198.51.100.42').widget.start({
          channelKey: channel.publicKey,
          page: { url: 'https://victim.test/', title: 'Victim', referrer: '' },
        }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN', appCode: 'account.suspended' });
    expect(
      await errorOf(
        visitorCaller(deps, started.visitorToken).widget.send({ clientId: randomUUID(), body: 'hi' }),
      ),
    ).toMatchObject({ code: 'UNAUTHORIZED' });

    // API tokens: 403 with a clear, localised error.
    const refused = await restCall();
    expect(refused.status).toBe(403);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('account.suspended');
    expect(body.error.message).toMatch(/askıya alındı/);

    // Webhooks: a pending delivery is not even claimed (by this pass or the server's worker) while the
    // account is suspended.
    const endpoint = await deps.db.webhookEndpoint.create({
      data: { accountId: victim.account.id, url: 'http://127.0.0.1:9/hook', events: [], secret: 'enc:v1:x' },
    });
    await deps.db.webhookDelivery.create({
      data: {
        id: `msg_${randomUUID()}`,
        accountId: victim.account.id,
        endpointId: endpoint.id,
        eventId: 0,
        dedupeKey: randomUUID(),
        type: 'webhook.test',
        orderKey: 'victim',
        payload: {},
      },
    });

    const deliveryDeps = {
      systemDb: deps.systemDb,
      logger: deps.logger,
      mailer: null,
      destinations: { allowPrivateNetwork: true },
      publicUrl: 'http://localhost:3000',
      jitter: false as const,
      fetchImpl: (async () => new Response('ok')) as typeof fetch,
    };
    const pass = () => runDeliveryPass(deliveryDeps, 'test', new Date(Date.now() + 1000)).catch(() => null);
    const claimedBy = async () =>
      (await deps.db.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } })).leaseHolder;
    await pass();
    expect(await claimedBy()).toBeNull();

    // Audit lines in both accounts.
    expect(
      await deps.db.auditEvent.count({ where: { action: 'account.suspended', targetId: victim.account.id } }),
    ).toBe(2);

    // Unsuspended: the same session works again, the token answers, the delivery goes out.
    const back = await operator().operator.unsuspendAccount({ accountId: victim.account.id });
    expect(back.status).toBe('active');
    expect(await callerFor(deps, victim.owner.token).team.list()).toBeTruthy();
    expect(await callerFor(deps, victim.owner.token).auth.suspension()).toBeNull();
    expect((await restCall()).status).toBe(200);
    await pass();
    expect(await claimedBy()).not.toBeNull();
    live.stop();
    widgetLive.stop();
    ws.wsClient.close();
    widget.wsClient.close();
  });
});

describe('deleting an account', () => {
  it('needs the typed name, cascades, removes its files, leaves an audit line in the operator’s account', async () => {
    const doomed = await seedAccount(deps, 'Doomed');
    const key = `files/${randomUUID()}`;
    await deps.files.put(key, Buffer.from('bytes'));
    await deps.db.attachment.create({
      data: { accountId: doomed.account.id, fileName: 'x', mimeType: 'text/plain', size: 5, storageKey: key },
    });
    expect(
      await errorOf(
        operator().operator.deleteAccount({ accountId: doomed.account.id, confirmName: 'doomed!' }),
      ),
    ).toMatchObject({ appCode: 'operator.confirm_name' });
    const result = await operator().operator.deleteAccount({
      accountId: doomed.account.id,
      confirmName: 'Doomed',
    });
    expect(result).toEqual({ ok: true, filesRemoved: 1, filesLeft: 0 });
    expect(await deps.files.get(key)).toBeNull();
    expect(await deps.db.account.findUnique({ where: { id: doomed.account.id } })).toBeNull();
    expect(await deps.db.user.count({ where: { accountId: doomed.account.id } })).toBe(0);
    expect(await deps.db.session.findUnique({ where: { id: hashToken(doomed.owner.token) } })).toBeNull();
    expect(
      await deps.db.auditEvent.count({
        where: { accountId: home.account.id, action: 'account.deleted', targetId: doomed.account.id },
      }),
    ).toBe(1);
    expect(
      await errorOf(
        operator().operator.deleteAccount({ accountId: doomed.account.id, confirmName: 'Doomed' }),
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe.runIf(process.env.REDIS_URL)('a suspension across API processes (Redis)', () => {
  it("ends an agent's open subscription and refuses calls on another process's socket", async () => {
    const { bus, watch } = watchSubscriptions(await createRedisBus(process.env.REDIS_URL ?? '', deps.logger));
    const otherDeps: TestDeps = { ...deps, bus, subscriptions: watch, cleanup: async () => bus.close() };
    const other = await startServer(otherDeps);
    try {
      const far = await seedAccount(deps, 'Faraway');
      const agentClient = createTestClient(other.url);
      await agentClient.http.auth.login.mutate({ email: far.agent.email, password: PASSWORD });
      const ws = agentClient.openWs();
      // The call fills the other process's session cache: only the bus can tell it of the suspension.
      expect(await ws.client.team.list.query()).toBeTruthy();
      const errors: string[] = [];
      const listening = watch.next(far.account.id, streamTopics.console(far.agent.id));
      const live = collect<unknown>((onData) =>
        ws.client.live.console.subscribe(
          {},
          { onData, onError: (e) => errors.push(e.data?.code ?? e.message) },
        ),
      );
      await listening;
      await operator().operator.suspendAccount({ accountId: far.account.id, reason: 'Across' });
      await waitFor(() => errors.length > 0, 5000);
      expect(errors).toEqual(['UNAUTHORIZED']);
      await expect(ws.client.team.list.query()).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
      live.stop();
      ws.wsClient.close();
    } finally {
      await other.close();
      await otherDeps.cleanup();
    }
  });
});

describe('plugin polls', () => {
  it('skip the mailbox channels of a suspended account', async () => {
    const quiet = await seedAccount(deps, 'Quiet');
    const awake = await seedAccount(deps, 'Awake');
    const installFor = async (accountId: string) => {
      const channel = await deps.db.channel.create({
        data: { accountId, kind: 'email', name: 'Mail', publicKey: `pk-${randomUUID()}` },
      });
      return deps.db.pluginInstall.create({
        data: { accountId, channelId: channel.id, name: 'email-imap', version: '1.0.0', config: '{}' },
      });
    };
    const quietInstall = await installFor(quiet.account.id);
    const awakeInstall = await installFor(awake.account.id);
    await operator().operator.suspendAccount({ accountId: quiet.account.id, reason: 'Quiet please' });
    // A host that records which installs it is asked to poll (it polls nothing itself).
    const asked: string[] = [];
    const plugins = {
      ...deps.plugins,
      getPlugin: () => ({ capabilities: ['channel'] }) as never,
      channel: async (installId: string) => {
        asked.push(installId);
        return {} as never;
      },
    } as typeof deps.plugins;
    await pollChannels({ ...deps, plugins });
    expect(asked).toContain(awakeInstall.id);
    expect(asked).not.toContain(quietInstall.id);
  });
});

describe('/demo on a server with many accounts', () => {
  it('takes the channel from its URL and keeps it in its links; without one it shows the oldest', async () => {
    const widgetDist = await mkdtemp(path.join(os.tmpdir(), 'parley-demo-'));
    await writeFile(
      path.join(widgetDist, 'demo.html'),
      '<a href="/demo">Shop</a><a href="/demo/pricing">Pricing</a><a href="/demo?utm_source=x">Offer</a>{{snippet}}<p>{{notice}}</p>',
    );
    const demoServer = await startServer({ ...deps, config: { ...deps.config, widgetDist } });
    try {
      const shop = await seedAccount(deps, 'Demo shop');
      const channel = await callerFor(deps, shop.admin.token).channels.create({
        kind: 'website',
        name: 'Shop',
      });
      const html = await (await fetch(`${demoServer.url}/demo?channel=${channel.id}`)).text();
      expect(html).toContain(channel.publicKey);
      expect(html).toContain(`href="/demo/pricing?channel=${channel.id}"`);
      expect(html).toContain(`href="/demo?channel=${channel.id}&amp;utm_source=x"`);
      // By public key too; an unknown one says so; a suspended account's site shows no widget.
      expect(
        await (await fetch(`${demoServer.url}/demo/pricing?channel=${channel.publicKey}`)).text(),
      ).toContain(channel.publicKey);
      expect(await (await fetch(`${demoServer.url}/demo?channel=nope`)).text()).toContain(
        'There is no website channel with this id',
      );
      await operator().operator.suspendAccount({ accountId: shop.account.id, reason: 'Demo' });
      expect(await (await fetch(`${demoServer.url}/demo?channel=${channel.id}`)).text()).not.toContain(
        channel.publicKey,
      );
      // Without a parameter: the oldest website channel of the server, as on a single-account install.
      const oldest = await deps.db.channel.findFirstOrThrow({
        where: { kind: 'website', enabled: true, account: { suspendedAt: null } },
        orderBy: { createdAt: 'asc' },
      });
      expect(await (await fetch(`${demoServer.url}/demo`)).text()).toContain(oldest.publicKey);
    } finally {
      await demoServer.close();
      await rm(widgetDist, { recursive: true, force: true });
    }
  });
});
