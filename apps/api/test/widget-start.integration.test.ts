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

const start = (visitorToken?: string, d: TestDeps = deps) =>
  callerFor(d, undefined, nextIp()).widget.start({ channelKey, visitorToken: visitorToken ?? null, page });
/** The same server without the hot path's SQL: a new visitor is written through Prisma. */
const prismaDeps = () =>
  ({ ...deps, database: { ...deps.database, hotPath: undefined as never } }) as TestDeps;

async function statementsPer(n: number, run: (i: number) => Promise<unknown>): Promise<number> {
  const before = deps.database.statementsRun() ?? 0;
  for (let i = 0; i < n; i++) await run(i);
  return ((deps.database.statementsRun() ?? 0) - before) / n;
}

describe.skipIf(process.env.DATABASE_URL)('statement budget of widget.start', () => {
  it('a new visitor', async () => {
    await start();
    const per = await statementsPer(5, () => start());
    console.log(
      `widget.start new visitor: ${per} statements (hot path), ${await statementsPer(5, () => start(undefined, prismaDeps()))} (Prisma)`,
    );
    // Channel + account, the address's counter, one transaction of 8 (number, visitor, identity,
    // visit, page view, event), the stream's start point, agents online (2), bans. Was 28.
    expect(per).toBeLessThanOrEqual(14);
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
    // Interleaved rounds of the hot path and the Prisma path, so the machine's load hits both alike.
    for (const round of [1, 2]) {
      for (const [name, d] of [
        ['hot path', deps],
        ['Prisma', prismaDeps()],
      ] as const) {
        for (let i = 0; i < 50; i++) await start(undefined, d);
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        for (let i = 0; i < n; i++) await start(undefined, d);
        const c = process.cpuUsage(c0);
        const wall = performance.now() - t0;
        console.log(
          `widget.start new visitor (${name}, round ${round}): ${n} in ${wall.toFixed(0)} ms, ${((n / wall) * 1000).toFixed(0)}/s, CPU ${((c.user + c.system) / 1000 / n).toFixed(2)} ms per start`,
        );
      }
    }
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

describe('a new visitor on the hot path’s SQL', () => {
  it('stores the rows the Prisma path stores and starts the stream at the same event', async () => {
    const rowsOf = async (visitorId: string) => {
      const visitor = await deps.db.visitor.findUniqueOrThrow({
        where: { id: visitorId },
        include: { identities: true, visits: { include: { pageViews: true } } },
      });
      const {
        id: _id,
        number: _number,
        createdAt: _c,
        updatedAt: _u,
        firstSeenAt,
        lastSeenAt,
        ...rest
      } = visitor;
      const visit = visitor.visits[0];
      return {
        ...rest,
        seen: lastSeenAt.getTime() - firstSeenAt.getTime(),
        identities: visitor.identities.map((i) => ({
          channelId: i.channelId,
          vt: i.externalId.startsWith('vt:'),
        })),
        visits: visitor.visits.map(
          ({ id: _v, visitorId: _vid, startedAt, lastActiveAt, pageViews, ...v }) => ({
            ...v,
            active: lastActiveAt.getTime() - startedAt.getTime(),
            pageViews: pageViews.map(({ id: _p, visitId: _pv, at, ...p }) => ({
              ...p,
              at: at.getTime() === startedAt.getTime(),
            })),
          }),
        ),
        visitCount: visit ? visitor.visitCount : -1,
      };
    };
    const hot = await start();
    const prisma = await start(undefined, prismaDeps());
    expect(prisma.visitor.number).toBe(hot.visitor.number + 1);
    expect(hot.eventId).toBe(prisma.eventId);
    const [a, b] = [await rowsOf(hot.visitor.id), await rowsOf(prisma.visitor.id)];
    // The address differs per start (the per-address limit): everything else is the same.
    expect({ ...a, visits: a.visits.map((v) => ({ ...v, ip: null })) }).toEqual({
      ...b,
      visits: b.visits.map((v) => ({ ...v, ip: null })),
    });
    expect(hot.visit).toMatchObject({ number: 1, pagesThisVisit: 1, source: 'search' });
  });
});
