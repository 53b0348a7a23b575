import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, createTestDeps, seedAccount, type TestDeps } from './harness';

/**
 * widget.start runs on every page load of every visitor. Its statements are counted on SQLite (the
 * driver reports them); PostgreSQL runs the same code. The count includes BEGIN and COMMIT.
 */
let deps: TestDeps;
let channelKey: string;
let ipSeq = 0;
const page = { url: 'https://shop.test/p/1', title: 'Shop', referrer: 'https://www.google.com/' };
const nextIp = () => {
  const n = Math.floor(ipSeq++ / 25) + 1;
  return `198.${(n >> 8) & 255}.${n & 255}.7`;
};

beforeAll(async () => {
  deps = await createTestDeps();
  const acme = await seedAccount(deps, 'Acme');
  const channel = await callerFor(deps, acme.admin.token).channels.create({ kind: 'website', name: 'Shop' });
  channelKey = channel.publicKey;
  await callerFor(deps, acme.owner.token).presence.set({ presence: 'online' });
});
afterAll(() => deps.cleanup());

const start = (visitorToken?: string) =>
  callerFor(deps, undefined, nextIp()).widget.start({ channelKey, visitorToken: visitorToken ?? null, page });

async function statementsPer(n: number, run: (i: number) => Promise<unknown>): Promise<number> {
  const before = deps.database.statementsRun() ?? 0;
  for (let i = 0; i < n; i++) await run(i);
  return ((deps.database.statementsRun() ?? 0) - before) / n;
}

describe.skipIf(process.env.DATABASE_URL)('statement budget of widget.start', () => {
  it('a new visitor', async () => {
    await start();
    const per = await statementsPer(5, () => start());
    // Channel + account, the address's counter, one transaction of 8 (number, visitor, identity,
    // visit, page view, event), the stream's start point, agents online (2), bans. Was 28.
    expect(per).toBeLessThanOrEqual(15);
  });
  it('a returning visitor, page view within the visit', async () => {
    const first = await start();
    const per = await statementsPer(5, () => start(first.visitorToken));
    expect(per).toBeLessThanOrEqual(20);
  });
});

describe.runIf(process.env.WIDGET_START_CPU)('CPU per widget.start', () => {
  it('measures', { timeout: 600_000 }, async () => {
    const n = Number(process.env.WIDGET_START_CPU) || 500;
    for (let i = 0; i < 50; i++) await start();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await start();
    const c = process.cpuUsage(c0);
    const wall = performance.now() - t0;
    console.log(
      `widget.start new visitor: ${n} in ${wall.toFixed(0)} ms, ${((n / wall) * 1000).toFixed(0)}/s, CPU ${((c.user + c.system) / 1000 / n).toFixed(2)} ms per start`,
    );
  });
});

describe('widget.start writes a new visitor as the step-by-step path did', () => {
  it('numbered visitor with one visit of one page, its identity and a live "visitor" event; the next page joins the visit', async () => {
    const first = await start();
    const second = await start();
    expect(second.visitor.number).toBe(first.visitor.number + 1);
    expect(first.conversation).toBeNull();
    expect(first.endedConversationId).toBeNull();
    expect(first.visit).toMatchObject({ number: 1, pagesThisVisit: 1, source: 'search' });
    const visitor = await deps.db.visitor.findUniqueOrThrow({
      where: { id: first.visitor.id },
      include: { identities: true, visits: { include: { pageViews: true } } },
    });
    expect(visitor.visitCount).toBe(1);
    expect(visitor.identities).toHaveLength(1);
    expect(visitor.visits).toHaveLength(1);
    expect(visitor.visits[0]!.pageViews.map((p) => p.url)).toEqual([page.url]);
    const events = await deps.db.liveEvent.findMany({ orderBy: { id: 'desc' }, take: 10 });
    const event = events.find((e) => JSON.stringify(e.payload).includes(first.visitor.id));
    expect((event?.payload as { data?: unknown } | undefined)?.data).toMatchObject({
      type: 'visitor',
      visitor: {
        id: first.visitor.id,
        number: first.visitor.number,
        online: true,
        currentPage: { url: page.url },
      },
    });
    const again = await start(first.visitorToken);
    expect(again.visitor.id).toBe(first.visitor.id);
    expect(again.visit).toMatchObject({ id: first.visit.id, number: 1, pagesThisVisit: 2 });
  });
});
