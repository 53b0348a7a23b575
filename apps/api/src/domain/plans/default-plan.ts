import type { Db, DbTx } from '@parley/db';
import { PLAN_FEATURES } from './types';

/**
 * The plan a server starts with, created when no plan is the default. It limits nothing and allows
 * every feature: a self-hosted server that upgrades keeps working exactly as before, and an operator
 * who hosts many accounts sets the limits they sell on the Operator page (docs: README "Plans and
 * limits"). A null limit is unlimited.
 */
export const FREE_PLAN = {
  key: 'free',
  name: 'Free',
  description: '',
  maxAgents: null,
  maxChannels: null,
  maxMonthlyConversations: null,
  maxStorageMb: null,
  features: JSON.stringify(PLAN_FEATURES),
  sortOrder: 0,
} as const;

/**
 * Makes sure a default plan exists and returns it. Idempotent and race-safe on both databases and
 * across API processes: when no plan is the default, the 'free' plan is upserted on its unique key
 * (one INSERT … ON CONFLICT, so racing callers never fail, not even inside a PostgreSQL transaction)
 * and made the default. Runs at start and in `createAccountWithOwner`.
 */
export async function ensureDefaultPlan(db: Db | DbTx) {
  const current = await db.plan.findFirst({ where: { isDefault: true }, orderBy: { createdAt: 'asc' } });
  if (current) return current;
  return db.plan.upsert({
    where: { key: FREE_PLAN.key },
    create: { ...FREE_PLAN, isDefault: true },
    update: { isDefault: true, archivedAt: null },
  });
}
