// The account-scoped client against a real database: SQLite, or PostgreSQL with DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './client';
import {
  AccountScopeError,
  allowRawSql,
  SCOPED_CLIENT_CACHE_SIZE,
  scopedAccountOf,
  scopeToAccount,
} from './scoped';
import { createTestDatabase, type TestDatabase } from './testing';

let database: TestDatabase;
let db: Db;
let accountA: string;
let accountB: string;
/** Rows of account B that account A must never reach. */
let foreign: { userId: string; visitorId: string; conversationId: string; tagId: string };

async function seedAccount(name: string) {
  const account = await db.account.create({ data: { name } });
  const user = await db.user.create({
    data: { accountId: account.id, email: `${name}@example.test`, name, passwordHash: 'h' },
  });
  const visitor = await db.visitor.create({
    data: { accountId: account.id, number: 1, name: `${name} visitor` },
  });
  const conversation = await db.conversation.create({
    data: { accountId: account.id, visitorId: visitor.id, assigneeId: user.id },
  });
  const tag = await db.tag.create({ data: { accountId: account.id, name: 'vip' } });
  return {
    accountId: account.id,
    userId: user.id,
    visitorId: visitor.id,
    conversationId: conversation.id,
    tagId: tag.id,
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  const a = await seedAccount('a');
  const b = await seedAccount('b');
  accountA = a.accountId;
  accountB = b.accountId;
  foreign = b;
});
afterAll(async () => {
  await database?.cleanup();
});

describe('scopeToAccount', () => {
  it('reads only its own account: lists, counts, aggregates, groups, unique and first lookups', async () => {
    const scoped = scopeToAccount(db, accountA);
    expect((await scoped.visitor.findMany()).map((v) => v.accountId)).toEqual([accountA]);
    expect(await scoped.visitor.count()).toBe(1);
    expect(await scoped.user.findUnique({ where: { id: foreign.userId } })).toBeNull();
    expect(
      await scoped.user.findUnique({
        where: { accountId_email: { accountId: accountB, email: 'b@example.test' } },
      }),
    ).toBeNull();
    expect(await scoped.visitor.findFirst({ where: { id: foreign.visitorId } })).toBeNull();
    await expect(scoped.visitor.findUniqueOrThrow({ where: { id: foreign.visitorId } })).rejects.toThrow();
    expect((await scoped.visitor.aggregate({ _max: { number: true } }))._max.number).toBe(1);
    const groups = await scoped.conversation.groupBy({ by: ['accountId'], _count: { _all: true } });
    expect(groups).toEqual([{ accountId: accountA, _count: { _all: 1 } }]);
    // A filter naming the other account is kept, and ours is required too: nothing matches.
    expect(await scoped.visitor.findMany({ where: { accountId: accountB } })).toEqual([]);
    expect(await scoped.visitor.count({ where: { accountId: { in: [accountA, accountB] } } })).toBe(1);
    // The raw client still sees both.
    expect(await db.visitor.count()).toBe(2);
  });

  it("changes nothing of another account's rows by id, and says not found", async () => {
    const scoped = scopeToAccount(db, accountA);
    await expect(
      scoped.visitor.update({ where: { id: foreign.visitorId }, data: { name: 'x' } }),
    ).rejects.toThrow();
    await expect(scoped.tag.delete({ where: { id: foreign.tagId } })).rejects.toThrow();
    await expect(
      scoped.tag.upsert({
        where: { accountId_name: { accountId: accountB, name: 'vip' } },
        create: { name: 'vip' } as never,
        update: { color: 'red' },
      }),
    ).rejects.toThrow();
    expect(
      await scoped.visitor.updateMany({ where: { id: foreign.visitorId }, data: { name: 'x' } }),
    ).toEqual({
      count: 0,
    });
    expect(await scoped.conversation.deleteMany({ where: { id: foreign.conversationId } })).toEqual({
      count: 0,
    });
    expect(await scoped.visitor.updateMany({ data: { city: 'Ankara' } })).toEqual({ count: 1 });
    const theirs = await db.visitor.findUniqueOrThrow({ where: { id: foreign.visitorId } });
    expect(theirs).toMatchObject({ name: 'b visitor', city: null });
    expect(await db.tag.count({ where: { id: foreign.tagId } })).toBe(1);
    expect(await db.conversation.count({ where: { id: foreign.conversationId } })).toBe(1);
  });

  it('the not-found error is the one Prisma throws for a missing row', async () => {
    const scoped = scopeToAccount(db, accountA);
    const error = await scoped.visitor
      .update({ where: { id: foreign.visitorId }, data: { name: 'x' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'P2025' });
  });

  it('creates rows in its account, and refuses data naming another account', async () => {
    const scoped = scopeToAccount(db, accountA);
    const tag = await scoped.tag.create({ data: { name: 'new' } as never });
    expect(tag.accountId).toBe(accountA);
    const many = await scoped.tag.createMany({ data: [{ name: 'm1' }, { name: 'm2' }] as never });
    expect(many.count).toBe(2);
    expect(await db.tag.count({ where: { accountId: accountA, name: { in: ['m1', 'm2'] } } })).toBe(2);
    const upserted = await scoped.tag.upsert({
      where: { accountId_name: { accountId: accountA, name: 'up' } },
      create: { name: 'up' } as never,
      update: {},
    });
    expect(upserted.accountId).toBe(accountA);
    const connected = await scoped.tag.create({
      data: { name: 'c', account: { connect: { id: accountA } } },
    });
    expect(connected.accountId).toBe(accountA);

    await expect(scoped.tag.create({ data: { accountId: accountB, name: 'evil' } })).rejects.toThrow(
      AccountScopeError,
    );
    await expect(
      scoped.tag.create({ data: { name: 'evil', account: { connect: { id: accountB } } } }),
    ).rejects.toThrow(AccountScopeError);
    await expect(scoped.tag.createMany({ data: [{ accountId: accountB, name: 'evil' }] })).rejects.toThrow(
      AccountScopeError,
    );
    await expect(scoped.tag.update({ where: { id: tag.id }, data: { accountId: accountB } })).rejects.toThrow(
      AccountScopeError,
    );
    expect(await db.tag.count({ where: { name: 'evil' } })).toBe(0);
  });

  it('scopes nested writes and refuses those into another account', async () => {
    const scoped = scopeToAccount(db, accountA);
    const own = await scoped.visitor.findFirstOrThrow();
    const conversation = await scoped.conversation.create({
      data: {
        visitorId: own.id,
        messages: { create: [{ authorType: 'visitor', body: 'hi' }] },
      } as never,
    });
    expect(await db.message.findFirstOrThrow({ where: { conversationId: conversation.id } })).toMatchObject({
      accountId: accountA,
    });
    await expect(
      scoped.conversation.create({
        data: {
          visitorId: own.id,
          messages: { create: { accountId: accountB, authorType: 'visitor', body: 'x' } },
        } as never,
      }),
    ).rejects.toThrow(AccountScopeError);
    // Connecting another account's row by id finds nothing to connect.
    await expect(
      scoped.conversation.update({
        where: { id: conversation.id },
        data: { visitor: { connect: { id: foreign.visitorId } } },
      }),
    ).rejects.toThrow();
    // Nested updates and deletes reach only the account's rows.
    await scoped.visitor.update({
      where: { id: own.id },
      data: { conversations: { updateMany: { where: {}, data: { title: 'seen' } } } },
    });
    expect(
      (await db.conversation.findUniqueOrThrow({ where: { id: foreign.conversationId } })).title,
    ).toBeNull();
    await expect(
      scoped.account.update({
        where: { id: accountA },
        data: { tags: { delete: { id: foreign.tagId } } },
      }),
    ).rejects.toThrow();
    expect(await db.tag.count({ where: { id: foreign.tagId } })).toBe(1);
  });

  it('refuses raw SQL, also inside a transaction', async () => {
    const scoped = scopeToAccount(db, accountA);
    expect(() => scoped.$queryRawUnsafe('SELECT 1')).toThrow(AccountScopeError);
    expect(() => scoped.$executeRaw`SELECT 1`).toThrow(AccountScopeError);
    await expect(scoped.$transaction(async (tx) => tx.$queryRawUnsafe('SELECT 1'))).rejects.toThrow(
      AccountScopeError,
    );
  });

  it('runs raw SQL only where the caller asks for it explicitly, and keeps the models scoped there', async () => {
    const scoped = scopeToAccount(db, accountA);
    const rows = await allowRawSql(scoped).$queryRaw<{ n: number | bigint }[]>`
      SELECT COUNT(*) AS n FROM "Visitor" WHERE "accountId" = ${accountA}`;
    expect(Number(rows[0]?.n)).toBe(1);
    expect(await allowRawSql(scoped).visitor.count()).toBe(1);
    const inTx = await scoped.$transaction(async (tx) => {
      await allowRawSql(tx).$executeRaw`UPDATE "Visitor" SET "phone" = '1' WHERE "accountId" = ${accountA}`;
      return allowRawSql(tx).visitor.findMany();
    });
    expect(inTx.map((v) => v.phone)).toEqual(['1']);
    expect(allowRawSql(db)).toBe(db);
  });

  it('stays scoped in interactive and batch transactions', async () => {
    const scoped = scopeToAccount(db, accountA);
    const [visitors, updated] = await scoped.$transaction([
      scoped.visitor.findMany(),
      scoped.visitor.updateMany({ data: { country: 'TR' } }),
    ]);
    expect(visitors.map((v) => v.accountId)).toEqual([accountA]);
    expect(updated.count).toBe(1);
    const inside = await scoped.$transaction(async (tx) => {
      const tag = await tx.tag.create({ data: { name: 'in-tx' } as never });
      const seen = await tx.visitor.findUnique({ where: { id: foreign.visitorId } });
      const changed = await tx.visitor.updateMany({ where: { id: foreign.visitorId }, data: { name: 'x' } });
      return { tag, seen, changed: changed.count };
    });
    expect(inside).toMatchObject({ tag: { accountId: accountA }, seen: null, changed: 0 });
    expect((await db.visitor.findUniqueOrThrow({ where: { id: foreign.visitorId } })).country).toBeNull();
    // A failing interactive transaction still rolls back.
    await expect(
      scoped.$transaction(async (tx) => {
        await tx.tag.create({ data: { name: 'rolled-back' } as never });
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await db.tag.count({ where: { name: 'rolled-back' } })).toBe(0);
  });

  it('lets models without an account pass through', async () => {
    const scoped = scopeToAccount(db, accountA);
    await scoped.lease.create({ data: { name: 'sweeper', holder: 'me', expiresAt: new Date() } });
    expect(await scoped.lease.count()).toBe(1);
    await scoped.rateLimitBucket.upsert({
      where: { key: 'k' },
      create: { key: 'k', count: 1, resetAt: new Date() },
      update: { count: { increment: 1 } },
    });
    expect(await scoped.account.count()).toBe(2);
  });

  it('caches one client per account, bounded, and knows its account', () => {
    const a = scopeToAccount(db, accountA);
    expect(scopeToAccount(db, accountA)).toBe(a);
    expect(scopeToAccount(a, accountA)).toBe(a);
    expect(() => scopeToAccount(a, accountB)).toThrow(AccountScopeError);
    expect(scopedAccountOf(a)).toBe(accountA);
    expect(scopedAccountOf(db)).toBeNull();
    for (let i = 0; i <= SCOPED_CLIENT_CACHE_SIZE; i++) scopeToAccount(db, `filler-${i}`);
    expect(scopeToAccount(db, accountA)).not.toBe(a);
  });

  it('costs little per query: 500 scoped findFirst against raw', async () => {
    const rounds = 500;
    const time = async (client: Db) => {
      const started = performance.now();
      for (let i = 0; i < rounds; i++) await client.visitor.findFirst({ where: { id: foreign.visitorId } });
      return performance.now() - started;
    };
    await time(db); // warm both paths
    const raw = await time(db);
    const scoped = await time(scopeToAccount(db, accountA));
    const build = performance.now();
    for (let i = 0; i < 10_000; i++) scopeToAccount(db, accountA);
    const lookup = performance.now() - build;
    console.info(
      `scoped client: raw ${(raw / rounds).toFixed(3)} ms/query, scoped ${(scoped / rounds).toFixed(3)} ms/query, ` +
        `cached lookup ${((lookup / 10_000) * 1000).toFixed(2)} µs`,
    );
    // Generous bound for a shared CI machine: the extension is argument rewriting, not I/O.
    expect(scoped).toBeLessThan(raw * 2 + 500);
  });
});
