import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisBus } from '../src/bus/redis-bus';
import { createContextFactory } from '../src/context';
import { visitorAuthCacheFor } from '../src/domain/live-chat/visitor-auth-cache';
import { appRouter } from '../src/routers';
import { createCallerFactory } from '../src/trpc';
import {
  callerFor,
  createTestDeps,
  errorOf,
  seedAccount,
  type TestDeps,
  watchSubscriptions,
} from './harness';

/**
 * The visitor-token cache (domain/live-chat/visitor-auth-cache.ts): a widget's calls are checked from
 * memory, and whatever revokes a visitor reaches every process's cache at once, so the next call is
 * refused. Calls go through the server's own context (a fresh one per call, as a socket whose last
 * check is older than VISITOR_RECHECK_MS). The second process shares the database and has its own
 * bus connection and cache (it needs Redis: REDIS_URL).
 */
let deps: TestDeps;
let other: TestDeps | null = null;
let acme: Awaited<ReturnType<typeof seedAccount>>;
let operatorToken: string;
const { REDIS_URL } = process.env;
const createCaller = createCallerFactory(appRouter);
const req = { socket: { remoteAddress: '198.51.100.50' }, headers: {} } as unknown as IncomingMessage;
let factories: ReturnType<typeof createContextFactory>[];

beforeAll(async () => {
  deps = await createTestDeps({ env: { PARLEY_OPERATOR_EMAILS: 'owner@home.test' } });
  factories = [createContextFactory(deps)];
  if (REDIS_URL) {
    const { bus } = watchSubscriptions(await createRedisBus(REDIS_URL, deps.logger));
    other = { ...deps, bus, cleanup: async () => bus.close() };
    factories.push(createContextFactory(other));
  }
  operatorToken = (await seedAccount(deps, 'Home')).owner.token;
  acme = await seedAccount(deps, 'Acme');
  // The caches listen once their bus confirmed the subscription; until then nothing is cached.
  await new Promise((r) => setTimeout(r, 200));
});
afterAll(async () => {
  await other?.cleanup();
  await deps.cleanup();
});

let ipSeq = 0;
async function newChannel() {
  const admin = callerFor(deps, acme.admin.token);
  return admin.channels.create({ kind: 'website', name: `Shop ${ipSeq}` });
}
async function newVisitor(channelKey: string) {
  ipSeq++;
  const started = await callerFor(deps, undefined, `198.51.100.${ipSeq}`).widget.start({
    channelKey,
    page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
  });
  return { token: started.visitorToken, visitorId: started.visitor.id };
}

/** 'ok' or the refusal's code of one ping through the given process. */
const ping = (process: number, token: string) =>
  createCaller(
    (factories[process] as ReturnType<typeof createContextFactory>)(req, undefined, { visitorToken: token }),
  )
    .widget.ping()
    .then(
      () => 'ok',
      (err: { code?: string }) => err.code ?? 'error',
    );

/** Pings through every process, so each has the token cached. */
async function warm(token: string) {
  for (let p = 0; p < factories.length; p++) expect(await ping(p, token)).toBe('ok');
  const before = deps.database.statementsRun();
  for (let p = 0; p < factories.length; p++) expect(await ping(p, token)).toBe('ok');
  // From memory now (SQLite counts statements; PostgreSQL does not).
  if (before !== null) expect(deps.database.statementsRun()).toBe(before);
}

/** The refusal on every process: at once on this one, as soon as the bus brings it on the other. */
async function refusedEverywhere(token: string) {
  expect(await ping(0, token)).toBe('UNAUTHORIZED');
  for (let p = 1; p < factories.length; p++) {
    const until = Date.now() + 3_000;
    let code = await ping(p, token);
    while (code === 'ok' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
      code = await ping(p, token);
    }
    expect(code).toBe('UNAUTHORIZED');
  }
}

describe('the visitor-token cache', () => {
  it('keeps accepted tokens only', async () => {
    const channel = await newChannel();
    const v = await newVisitor(channel.publicKey);
    const cache = visitorAuthCacheFor(deps);
    const size = cache.size;
    await warm(v.token);
    expect(cache.size).toBe(size + 1);
    expect(await ping(0, `${channel.id}.not-a-token`)).toBe('UNAUTHORIZED');
    expect(cache.size).toBe(size + 1);
  });

  it('a channel switched off stops its visitors at once; switched on again, they work', async () => {
    const channel = await newChannel();
    const v = await newVisitor(channel.publicKey);
    await warm(v.token);
    const admin = callerFor(deps, acme.admin.token);
    await admin.channels.update({ id: channel.id, enabled: false });
    await refusedEverywhere(v.token);
    await admin.channels.update({ id: channel.id, enabled: true });
    expect(await ping(0, v.token)).toBe('ok');
  });

  it('an erased visitor (GDPR) is refused at once, others of the channel are not', async () => {
    const channel = await newChannel();
    const [v, w] = [await newVisitor(channel.publicKey), await newVisitor(channel.publicKey)];
    await warm(v.token);
    await warm(w.token);
    await callerFor(deps, acme.admin.token).crm.erase({ visitorId: v.visitorId });
    await refusedEverywhere(v.token);
    expect(await ping(0, w.token)).toBe('ok');
  });

  it('a merged visitor’s token names the target at once', async () => {
    const channel = await newChannel();
    const [source, target] = [await newVisitor(channel.publicKey), await newVisitor(channel.publicKey)];
    await warm(source.token);
    await callerFor(deps, acme.admin.token).crm.merge({
      targetId: target.visitorId,
      sourceId: source.visitorId,
    });
    for (let p = 0; p < factories.length; p++) {
      const until = Date.now() + 3_000;
      let ctx = (factories[p] as ReturnType<typeof createContextFactory>)(req, undefined, {
        visitorToken: source.token,
      });
      while ((await ctx.authenticateVisitor())?.visitorId !== target.visitorId && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 20));
        ctx = (factories[p] as ReturnType<typeof createContextFactory>)(req, undefined, {
          visitorToken: source.token,
        });
      }
      expect((await ctx.authenticateVisitor())?.visitorId).toBe(target.visitorId);
    }
  });

  it('a suspended account’s widgets stop at once; unsuspended, they work again', async () => {
    const tenant = await seedAccount(deps, `Tenant${ipSeq}`);
    const channel = await callerFor(deps, tenant.admin.token).channels.create({ kind: 'website', name: 'T' });
    const v = await newVisitor(channel.publicKey);
    await warm(v.token);
    const operator = callerFor(deps, operatorToken);
    await operator.operator.suspendAccount({ accountId: tenant.account.id, reason: 'abuse' });
    await refusedEverywhere(v.token);
    await operator.operator.unsuspendAccount({ accountId: tenant.account.id });
    expect(await ping(0, v.token)).toBe('ok');
    expect((await errorOf(callerFor(deps, undefined).widget.ping())).code).toBe('UNAUTHORIZED');
  });
});
