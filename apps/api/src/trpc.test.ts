import { Prisma } from '@parley/db';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import type { Context } from './context';
import type { AppError } from './errors';
import { createCallerFactory, publicProcedure, router } from './trpc';

/** What PostgreSQL being down looks like to a procedure (Prisma's error for an unreachable server). */
const unreachable = () =>
  new Prisma.PrismaClientKnownRequestError("Can't reach database server at 127.0.0.1:5432", {
    code: 'P1001',
    clientVersion: 'test',
  });

const logged: { level: string; msg: string }[] = [];
const logger = {
  warn: (_obj: unknown, msg: string) => logged.push({ level: 'warn', msg }),
  error: (_obj: unknown, msg: string) => logged.push({ level: 'error', msg }),
};
const ctx = { deps: { logger } } as unknown as Context;
const caller = createCallerFactory(
  router({
    down: publicProcedure.query(() => {
      throw unreachable();
    }),
    broken: publicProcedure.query(() => {
      throw new Error('a bug');
    }),
  }),
)(ctx);

describe('error mapping', () => {
  it('answers an unreachable database with service.unavailable (503), logged as one warning', async () => {
    const error = await caller.down().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('SERVICE_UNAVAILABLE');
    expect(((error as TRPCError).cause as AppError).code).toBe('service.unavailable');
    expect(logged).toEqual([{ level: 'warn', msg: 'database unavailable' }]);
  });

  it('leaves other failures internal errors, logged as such', async () => {
    logged.length = 0;
    const error = await caller.broken().catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe('INTERNAL_SERVER_ERROR');
    expect(logged).toEqual([{ level: 'error', msg: 'procedure failed' }]);
  });
});
