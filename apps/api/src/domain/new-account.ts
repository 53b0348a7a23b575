import type { DbTx, Prisma } from '@parley/db';
import { ensureDefaultPlan } from './plans/default-plan';

/** The owner's own fields; the account and the role are set here. */
export type NewOwner = Omit<Prisma.UserUncheckedCreateInput, 'accountId' | 'role'>;

/**
 * Every way an account comes to exist (first setup, public sign-up, the operator's Create) goes
 * through here, inside the caller's transaction, so what a new account starts with is decided once:
 * its owner, and (J6) a default plan to be on: the account's planId stays null, which means the
 * operator's default plan (effectivePlan), so changing the default moves every such account.
 */
export async function createAccountWithOwner(tx: DbTx, accountName: string, owner: NewOwner) {
  await ensureDefaultPlan(tx);
  const account = await tx.account.create({ data: { name: accountName } });
  const user = await tx.user.create({ data: { ...owner, accountId: account.id, role: 'owner' } });
  return { account, user };
}
