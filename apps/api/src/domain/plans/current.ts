import { effectivePlan, type PlanDeps } from './effective-plan';
import { PLAN_LIMITS, type TPlanLimit, toPlanView } from './types';
import { usageOf } from './usage';
import { warningPercent } from './warnings';

/**
 * The Pro page and the console's usage banner: the plan that applies, its limits against the
 * account's usage (with the 80 % / 100 % state), the status and dates. Only the caller's account.
 */
export async function currentPlan(deps: PlanDeps, accountId: string) {
  const applied = await effectivePlan(deps, accountId);
  const usage = await usageOf(deps.db, accountId, applied.timeZone);
  const limits = PLAN_LIMITS.map((limit: TPlanLimit) => {
    const max = applied.plan.limits[limit];
    const used = usage[limit];
    return {
      limit,
      used,
      max,
      state:
        max === null
          ? ('ok' as const)
          : ((['ok', 'warning', 'reached'] as const)[[0, 80, 100].indexOf(warningPercent(used, max))] ??
            ('ok' as const)),
    };
  });
  return {
    plan: applied.plan,
    /** The account's own plan when it has lapsed (past due after the grace, canceled after the period). */
    lapsedPlan: applied.ownPlan && applied.ownPlan.id !== applied.plan.id ? applied.ownPlan : null,
    status: applied.status,
    renewsAt: applied.renewsAt?.toISOString() ?? null,
    graceUntil: applied.graceUntil?.toISOString() ?? null,
    limits,
  };
}

/** The plans an owner may compare and choose: not archived, in the operator's order. */
export async function choosablePlans(deps: PlanDeps) {
  const rows = await deps.db.plan.findMany({
    where: { archivedAt: null },
    orderBy: [{ sortOrder: 'asc' }, { createdAt: 'asc' }],
  });
  return rows.map(toPlanView).map(({ billingPriceRef: _ref, ...p }) => p);
}
