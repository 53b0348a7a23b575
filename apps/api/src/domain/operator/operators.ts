import type { Db } from '@parley/db';

/**
 * Many accounts on one server: who is an instance operator. The first setup marks its owner
 * (`User.operator`); PARLEY_OPERATOR_EMAILS names more, without a database change, and naming
 * nobody there takes nothing away from the first owner.
 */
export function isOperator(
  config: { operatorEmails: readonly string[] },
  user: { email: string; operator: boolean },
): boolean {
  return user.operator || config.operatorEmails.includes(user.email.trim().toLowerCase());
}

/**
 * Whether the user with this id is an instance operator, read from the database: the one answer for
 * the operator procedures (trpc.ts) and for billing installs (routers/integrations/billing-guard.ts).
 * A user who is gone is not one.
 */
export async function isOperatorUser(
  db: Pick<Db, 'user'>,
  config: { operatorEmails: readonly string[] },
  userId: string,
): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, operator: true } });
  return user !== null && isOperator(config, user);
}
