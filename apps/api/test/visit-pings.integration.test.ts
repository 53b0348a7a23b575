import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { flushVisitPings, markPing, rememberVisit } from '../src/domain/live-chat/visit-pings';
import { endStaleVisits, visitorLeft } from '../src/domain/live-chat/widget';
import { callerFor, createTestDeps, seedAccount, type TestDeps, visitorCaller } from './harness';

let deps: TestDeps;
let channelKey: string;

beforeAll(async () => {
  deps = await createTestDeps();
  const acme = await seedAccount(deps, 'Acme');
  channelKey = (await callerFor(deps, acme.admin.token).channels.create({ kind: 'website', name: 'Shop' }))
    .publicKey;
});
afterAll(() => deps.cleanup());

async function newVisitor(ip: string) {
  const started = await callerFor(deps, undefined, ip).widget.start({
    channelKey,
    page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
  });
  const visit = await deps.db.visit.findFirstOrThrow({ where: { visitorId: started.visitor.id } });
  return { api: visitorCaller(deps, started.visitorToken, ip), visit };
}

const lastActive = async (visitId: string) =>
  (await deps.db.visit.findUniqueOrThrow({ where: { id: visitId } })).lastActiveAt.getTime();
const setLastActive = (visitId: string, at: number) =>
  deps.db.visit.update({ where: { id: visitId }, data: { lastActiveAt: new Date(at) } });

describe('visit pings (no write transaction per ping)', () => {
  it('writes the first ping, buffers the next ones and flushes them in one go', async () => {
    const { api, visit } = await newVisitor('198.51.100.31');
    await setLastActive(visit.id, Date.now() - 20_000);
    await api.widget.ping(); // unknown to this process: straight to the database
    const first = await lastActive(visit.id);
    expect(Date.now() - first).toBeLessThan(5_000);

    await setLastActive(visit.id, Date.now() - 20_000);
    await api.widget.ping(); // known live: only marked
    expect(Date.now() - (await lastActive(visit.id))).toBeGreaterThan(15_000);
    expect(await flushVisitPings(deps)).toBe(1);
    expect(Date.now() - (await lastActive(visit.id))).toBeLessThan(5_000);
    expect(await flushVisitPings(deps)).toBe(0);
  });

  it('never revives a visit the sweeper ended; the next trusted-out ping does, through the database', async () => {
    const { api, visit } = await newVisitor('198.51.100.32');
    await api.widget.ping();
    await api.widget.ping(); // marked
    await setLastActive(visit.id, Date.now() - 60_000);
    expect(await endStaleVisits(deps)).toBeGreaterThan(0);
    await flushVisitPings(deps);
    expect((await deps.db.visit.findUniqueOrThrow({ where: { id: visit.id } })).endedAt).not.toBeNull();

    // The sweeper ran here and forgot the visit, so the next ping goes to the database and revives it.
    await api.widget.ping();
    expect((await deps.db.visit.findUniqueOrThrow({ where: { id: visit.id } })).endedAt).toBeNull();
  });

  it('trusts a visit only for a while, and a page that left is not kept online by an old mark', async () => {
    const { visit } = await newVisitor('198.51.100.33');
    const started = await deps.db.visit.findUniqueOrThrow({ where: { id: visit.id } });
    const t0 = Date.now();
    rememberVisit(deps, started.visitorId, started.channelId, visit.id, t0 - 31_000);
    expect(markPing(deps, started.visitorId, started.channelId, t0)).toBe(false);
    rememberVisit(deps, started.visitorId, started.channelId, visit.id, t0);
    expect(markPing(deps, started.visitorId, started.channelId, t0)).toBe(true);

    await visitorLeft(deps, {
      accountId: started.accountId,
      visitorId: started.visitorId,
      channelId: started.channelId,
    });
    const left = await lastActive(visit.id);
    await flushVisitPings(deps);
    expect(await lastActive(visit.id)).toBe(left);
  });

  it('the sweeper ends many stale visits in one transaction, each at its own last sign of life', async () => {
    await endStaleVisits(deps); // whatever earlier tests left
    const visitors = [];
    for (let i = 0; i < 12; i++) visitors.push(await newVisitor(`198.51.100.${60 + i}`));
    const shared = Date.now() - 60_000;
    // Eight share a time (as the ping flush writes them), four have their own.
    for (const [i, { visit }] of visitors.entries())
      await setLastActive(visit.id, i < 8 ? shared : shared - (i + 1) * 1_000);
    const heard: unknown[] = [];
    const stop = deps.bus.subscribe(visitors[0]!.visit.accountId, 'console', (m) => heard.push(m.payload));
    const before = deps.database.statementsRun();
    // At least ours (a visit an earlier test left may go stale meanwhile on a slow machine).
    const swept = await endStaleVisits(deps);
    expect(swept).toBeGreaterThanOrEqual(12);
    const statements = (deps.database.statementsRun() ?? 0) - (before ?? 0);
    const ours = new Set(visitors.map((v) => v.visit.visitorId));
    const visitorEvents = () =>
      heard.filter((p) => {
        const event = p as { type: string; visitor?: { id: string } };
        return event.type === 'visitor' && ours.has(event.visitor?.id ?? '');
      });
    // Through Redis (PostgreSQL runs) the events arrive a moment after the commit.
    await vi.waitFor(() => expect(visitorEvents()).toHaveLength(12), { timeout: 5_000 });
    (await stop)();
    for (const [i, { visit }] of visitors.entries()) {
      const ended = await deps.db.visit.findUniqueOrThrow({ where: { id: visit.id } });
      expect(ended.endedAt?.getTime()).toBe(i < 8 ? shared : shared - (i + 1) * 1_000);
      const views = await deps.db.pageView.findMany({ where: { visitId: visit.id } });
      expect(views.every((v) => v.leftAt?.getTime() === ended.endedAt?.getTime())).toBe(true);
    }
    // SQLite counts statements: one transaction (was one per visit: 12 BEGIN/COMMIT pairs and more).
    if (before !== null) expect(statements).toBeLessThanOrEqual(18 + 3 * (swept - 12));
  });
});
