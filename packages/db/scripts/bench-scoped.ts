// `npx tsx scripts/bench-scoped.ts [rounds]`: what the account-scoped client costs per query, against
// the raw client on the same SQLite database (a temp file), and what building one per request costs.
import { scopeToAccount } from '../src/scoped';
import { createTestDatabase } from '../src/testing';

const rounds = Number(process.argv[2] ?? 10_000);
const database = await createTestDatabase();
const { db } = database;
try {
  const account = await db.account.create({ data: { name: 'bench' } });
  const visitor = await db.visitor.create({ data: { accountId: account.id, number: 1 } });
  const scoped = scopeToAccount(db, account.id);
  const queries = {
    raw: () => db.visitor.findFirst({ where: { id: visitor.id, accountId: account.id } }),
    scoped: () => scoped.visitor.findFirst({ where: { id: visitor.id } }),
    // What a request pays: the cached lookup of its account's client, then the query.
    perRequest: () => scopeToAccount(db, account.id).visitor.findFirst({ where: { id: visitor.id } }),
  };
  const totals = { raw: 0, scoped: 0, perRequest: 0 };
  for (const query of Object.values(queries)) for (let i = 0; i < 300; i++) await query(); // warm-up
  // Interleaved blocks, so a busy machine's drift hits all three alike.
  const block = 250;
  for (let done = 0; done < rounds; done += block) {
    for (const [name, query] of Object.entries(queries)) {
      const started = performance.now();
      for (let i = 0; i < block; i++) await query();
      totals[name as keyof typeof totals] += performance.now() - started;
    }
  }
  const us = (ms: number) => `${((ms / rounds) * 1000).toFixed(1)} µs`;
  console.log(
    `${rounds} findFirst each: raw ${us(totals.raw)}, scoped ${us(totals.scoped)}, scoped with lookup ${us(totals.perRequest)} per query`,
  );
  console.log(
    `overhead: ${us(totals.scoped - totals.raw)} per query (${((totals.scoped / totals.raw - 1) * 100).toFixed(1)}%), ` +
      `${us(totals.perRequest - totals.raw)} with the per-request lookup`,
  );
  const build = performance.now();
  for (let i = 0; i < 200; i++) scopeToAccount(db, `uncached-${i}`);
  console.log(`building an uncached scoped client: ${((performance.now() - build) / 200).toFixed(2)} ms`);
} finally {
  await database.cleanup();
}
