import type { DbTx, Prisma } from '@parley/db';

/** The owner's own fields; the account and the role are set here. */
export type NewOwner = Omit<Prisma.UserUncheckedCreateInput, 'accountId' | 'role'>;

/**
 * Every way an account comes to exist (first setup, public sign-up, the operator's Create) goes
 * through here, inside the caller's transaction, so what a new account starts with is decided once:
 * today its owner; with plans (J6), its plan.
 */
export async function createAccountWithOwner(tx: DbTx, accountName: string, owner: NewOwner) {
  const account = await tx.account.create({ data: { name: accountName } });
  const user = await tx.user.create({ data: { ...owner, accountId: account.id, role: 'owner' } });
  return { account, user };
}
