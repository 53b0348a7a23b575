/**
 * tRPC middleware levels, before and after one guard per procedure (apps/api/src/trpc.ts, 2026-12-07):
 * CPU per call of an agent procedure with a zod input, through `createCaller`, the old chain
 * (mapErrors → rejectNul → requireRole, each a level, the role level copying the context twice) against
 * one level that does all three. Same fake context on both sides (a session check from memory), so
 * only what tRPC and the middlewares cost differs. Rounds alternate; a measurement, not a check.
 *
 *   node --import tsx bench/src/micro/middleware-ab.ts
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';

interface Ctx {
  deps: Record<string, unknown>;
  transport: 'ws';
  client: { ip: string; userAgent: string };
  sessionToken: string;
  deviceToken: undefined;
  secureCookies: boolean;
  authenticate(): Promise<{ sessionId: string; user: { id: string; accountId: string; role: 'agent' } }>;
  authenticateVisitor(): Promise<null>;
  setCookie(c: string): void;
}
const t = initTRPC.context<Ctx>().meta<{ access: string }>().create({ isDev: false });
const scoped = (deps: Record<string, unknown>, accountId: string) => ({ ...deps, db: { accountId } });
const hasNul = (v: unknown, d = 0): boolean => {
  if (typeof v === 'string') return v.includes('\u0000');
  if (d > 32 || v === null || typeof v !== 'object') return false;
  for (const [k, i] of Object.entries(v)) if (k.includes('\u0000') || hasNul(i, d + 1)) return true;
  return false;
};
const actorOf = async (ctx: Ctx) => {
  const auth = await ctx.authenticate();
  if (!auth) throw new TRPCError({ code: 'UNAUTHORIZED' });
  return {
    accountId: auth.user.accountId,
    userId: auth.user.id,
    role: auth.user.role,
    ip: ctx.client.ip,
    sessionId: auth.sessionId,
  };
};

// Before: three levels.
const mapErrors = t.middleware(async ({ next }) => {
  const r = await next();
  if (!r.ok && r.error.code === 'INTERNAL_SERVER_ERROR') throw r.error;
  return r;
});
const rejectNul = t.middleware(async ({ getRawInput, next }) => {
  const raw = await getRawInput().catch(() => undefined);
  if (hasNul(raw)) throw new TRPCError({ code: 'BAD_REQUEST' });
  return next();
});
const requireRole = t.middleware(async ({ ctx, next }) => {
  const actor = await actorOf(ctx);
  return next({ ctx: { ...ctx, actor, deps: scoped(ctx.deps, actor.accountId) } });
});
const before = t.procedure.use(mapErrors).use(rejectNul).meta({ access: 'agent' }).use(requireRole);

// After: one level.
const guard = t.middleware(async ({ ctx, getRawInput, next }) => {
  const raw = await getRawInput().catch(() => undefined);
  if (hasNul(raw)) throw new TRPCError({ code: 'BAD_REQUEST' });
  const actor = await actorOf(ctx);
  const r = await next({ ctx: { actor, deps: scoped(ctx.deps, actor.accountId) } });
  if (!r.ok && r.error.code === 'INTERNAL_SERVER_ERROR') throw r.error;
  return r;
});
const after = t.procedure.meta({ access: 'agent' }).use(guard);

const input = z.object({ conversationId: z.string(), clientId: z.string(), body: z.string() });
const router = t.router({
  before: before.input(input).mutation(({ ctx, input }) => ({ id: ctx.actor.userId, n: input.body.length })),
  after: after.input(input).mutation(({ ctx, input }) => ({ id: ctx.actor.userId, n: input.body.length })),
});
const session = { sessionId: 's', user: { id: 'u', accountId: 'a', role: 'agent' as const } };
const deps = {
  db: {},
  systemDb: {},
  database: {},
  bus: {},
  logger: {},
  mailer: null,
  files: {},
  plugins: {},
};
const ctx: Ctx = {
  deps,
  transport: 'ws',
  client: { ip: '127.0.0.1', userAgent: 'ab' },
  sessionToken: 'x',
  deviceToken: undefined,
  secureCookies: false,
  authenticate: () => Promise.resolve(session),
  authenticateVisitor: () => Promise.resolve(null),
  setCookie() {},
};
const caller = t.createCallerFactory(router)(ctx);
const msg = {
  conversationId: '0190a0f0-0000-7000-8000-000000000000',
  clientId: 'c1',
  body: 'hello there, how can I help you today?',
};

async function cpu(n: number, call: () => Promise<unknown>) {
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) await call();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / n;
}
const rounds: { before: number; after: number }[] = [];
await cpu(20_000, () => caller.before(msg));
await cpu(20_000, () => caller.after(msg));
for (let r = 0; r < 8; r++) {
  rounds.push({
    before: await cpu(50_000, () => caller.before(msg)),
    after: await cpu(50_000, () => caller.after(msg)),
  });
}
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const b = median(rounds.map((r) => r.before));
const a = median(rounds.map((r) => r.after));
console.log(
  'µs of CPU per call, per round (before / after):',
  rounds.map((r) => `${r.before.toFixed(2)}/${r.after.toFixed(2)}`).join(' '),
);
console.log(
  `median: before ${b.toFixed(2)} µs, after ${a.toFixed(2)} µs, saved ${(b - a).toFixed(2)} µs per call (${(((b - a) / b) * 100).toFixed(0)} %)`,
);
