import { openDatabase } from '@parley/db';
import { hashPassword } from '../../../apps/api/src/auth/password';

export const BENCH_PASSWORD = 'bench correct horse battery';
export const ownerEmail = 'owner@bench.test';
export const agentEmail = (i: number) => `agent${i}@bench.test`;

/** An account with an owner and `agents` agents (direct rows, like the test harness); login happens over HTTP. */
export async function seedAccount(database: { dataDir: string; databaseUrl?: string }, agents: number) {
  const { db, close } = await openDatabase({
    dataDir: database.dataDir,
    ...(database.databaseUrl ? { databaseUrl: database.databaseUrl } : {}),
  });
  try {
    const account = await db.account.create({ data: { name: 'Bench' } });
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    await db.user.create({
      data: { accountId: account.id, email: ownerEmail, name: 'Bench owner', passwordHash, role: 'owner' },
    });
    await db.user.createMany({
      data: Array.from({ length: agents }, (_, i) => ({
        accountId: account.id,
        email: agentEmail(i),
        name: `Agent ${i}`,
        passwordHash,
        role: 'agent' as const,
        autoAwayMinutes: null,
      })),
    });
    return account.id;
  } finally {
    await close();
  }
}
