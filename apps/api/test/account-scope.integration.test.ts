// Procedures work on a database client confined to the caller's account: a query that forgets the
// account filter finds nothing of another account instead of leaking it.
import { scopedAccountOf } from '@parley/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopedDeps } from '../src/deps';
import { getVisitorRecord } from '../src/domain/crm/visitors';
import { agentProcedure, createCallerFactory, router, visitorProcedure } from '../src/trpc';
import { callerFor, createTestDeps, seedAccount, type TestDeps, testContext } from './harness';

let deps: TestDeps;
let acme: Awaited<ReturnType<typeof seedAccount>>;
let globex: Awaited<ReturnType<typeof seedAccount>>;
let acmeVisitorToken: string;

// Probes built from the real middlewares: what a procedure's context holds.
const probes = router({
  agentDb: agentProcedure.query(async ({ ctx }) => ({
    scopedTo: scopedAccountOf(ctx.deps.db),
    // A careless query: no account filter at all.
    userIds: (await ctx.deps.db.user.findMany({ select: { id: true } })).map((u) => u.id),
    systemIsRaw: scopedAccountOf(ctx.deps.systemDb) === null,
  })),
  visitorDb: visitorProcedure.query(async ({ ctx }) => ({
    scopedTo: scopedAccountOf(ctx.deps.db),
    visitors: await ctx.deps.db.visitor.count(),
  })),
});
const probe = createCallerFactory(probes);

beforeAll(async () => {
  deps = await createTestDeps();
  acme = await seedAccount(deps, 'Acme');
  globex = await seedAccount(deps, 'Globex');
  const { publicKey } = await callerFor(deps, acme.admin.token).channels.create({
    kind: 'website',
    name: 'Shop',
  });
  for (const ip of ['198.51.100.41', '198.51.100.42']) {
    const started = await callerFor(deps, undefined, ip).widget.start({
      channelKey: publicKey,
      page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
    });
    acmeVisitorToken = started.visitorToken;
  }
  await callerFor(deps, globex.admin.token).channels.create({ kind: 'website', name: 'Other' });
});
afterAll(() => deps.cleanup());

describe('account scope of procedures', () => {
  it("gives agents, admins and owners a client scoped to their account; the process's stays raw", async () => {
    const seen = await probe(testContext(deps, globex.agent.token)).agentDb();
    expect(seen.scopedTo).toBe(globex.account.id);
    expect(seen.userIds.sort()).toEqual([globex.owner.id, globex.admin.id, globex.agent.id].sort());
    expect(seen.systemIsRaw).toBe(true);
    expect(scopedAccountOf(deps.db)).toBeNull();
  });

  it("gives a widget visitor a client scoped to the channel's account", async () => {
    const seen = await probe(testContext(deps, undefined, '198.51.100.42', acmeVisitorToken)).visitorDb();
    expect(seen).toEqual({ scopedTo: acme.account.id, visitors: 2 });
  });

  it("finds nothing of another account even when domain code is handed that account's id", async () => {
    const acmeVisitors = await callerFor(deps, acme.agent.token).crm.visitors({});
    const acmeVisitorId = acmeVisitors.items[0]?.id as string;
    // The bug the scope guards against: Globex's request passing Acme's account id along.
    const globexDb = scopedDeps(deps, globex.account.id).db;
    await expect(
      getVisitorRecord(globexDb, acme.account.id, acmeVisitorId, globex.owner.id),
    ).rejects.toThrow();
    expect(await getVisitorRecord(deps.db, acme.account.id, acmeVisitorId, acme.owner.id)).toBeTruthy();
  });
});
