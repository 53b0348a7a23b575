import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContextFactory } from '../src/context';
import { authenticateVisitor } from '../src/domain/live-chat/visitor-auth';
import { appRouter } from '../src/routers';
import { createCallerFactory } from '../src/trpc';
import { callerFor, createTestDeps, seedAccount, type TestDeps } from './harness';

/**
 * widget.ping as a widget's socket makes it (every 15 s): through the server's own context, whose
 * visitor check a socket repeats when its last one is older than VISITOR_RECHECK_MS. Each ping gets a
 * fresh context here, as a socket whose last call was 15 s ago. Statements are counted on SQLite.
 */
let deps: TestDeps;
let tokens: string[];
/** More (WIDGET_PING_VISITORS=2000) for a database read as cold as the bench's. */
const VISITORS = Number(process.env.WIDGET_PING_VISITORS) || 40;

const createCaller = createCallerFactory(appRouter);
const req = { socket: { remoteAddress: '198.51.100.40' }, headers: {} } as unknown as IncomingMessage;
let contextFor: ReturnType<typeof createContextFactory>;
const ping = (token: string) =>
  createCaller(contextFor(req, undefined, { visitorToken: token })).widget.ping();
/** The same ping with the token checked in the database each time, as before the cache (#16). */
const uncachedPing = (token: string) => {
  const ctx = contextFor(req, undefined, { visitorToken: token });
  ctx.authenticateVisitor = () => authenticateVisitor(deps.db, token, deps.database);
  return createCaller(ctx).widget.ping();
};

beforeAll(async () => {
  deps = await createTestDeps();
  contextFor = createContextFactory(deps);
  const acme = await seedAccount(deps, 'Acme');
  const channel = await callerFor(deps, acme.admin.token).channels.create({ kind: 'website', name: 'Shop' });
  tokens = [];
  for (let i = 0; i < VISITORS; i++) {
    const started = await callerFor(deps, undefined, `198.18.${i >> 8}.${i & 255}`).widget.start({
      channelKey: channel.publicKey,
      page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
    });
    tokens.push(started.visitorToken);
  }
  // The first ping of each visit goes to the database; from then on the visit is known live.
  for (const token of tokens) await ping(token);
}, 600_000);
afterAll(() => deps.cleanup());

describe.skipIf(process.env.DATABASE_URL)('statement budget of widget.ping', () => {
  it('a ping of a live visit', async () => {
    const before = deps.database.statementsRun() ?? 0;
    for (const token of tokens) await ping(token);
    const per = ((deps.database.statementsRun() ?? 0) - before) / tokens.length;
    // The token check comes from the process's cache and the visit is marked in memory (written by
    // the flush, one UPDATE per 500 visits every 5 s). Was 1 (the token check's read).
    expect(per).toBe(0);
  });
});

describe.runIf(process.env.WIDGET_PING_CPU)('CPU per widget.ping', () => {
  it('measures', { timeout: 600_000 }, async () => {
    const n = Number(process.env.WIDGET_PING_CPU) || 5000;
    // Interleaved rounds, so the machine's load hits both alike.
    for (const round of [1, 2, 3]) {
      for (const [name, run] of [
        ['cached check', ping],
        ['check in the database', uncachedPing],
      ] as const) {
        for (let i = 0; i < 500; i++) await run(tokens[i % tokens.length] as string);
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        for (let i = 0; i < n; i++) await run(tokens[i % tokens.length] as string);
        const c = process.cpuUsage(c0);
        const wall = performance.now() - t0;
        console.log(
          `widget.ping (${name}, round ${round}, ${tokens.length} visitors): ${n} in ${wall.toFixed(0)} ms, CPU ${((c.user + c.system) / 1000 / n).toFixed(3)} ms per ping`,
        );
      }
    }
  });
});
