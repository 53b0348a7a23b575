import { type ResultOf, typeOnly } from '../../contract/output';
import { findBillingInstall } from '../../domain/billing/install';
import { choosablePlans, currentPlan } from '../../domain/plans/current';
import { adminProcedure, router } from '../../trpc';

/**
 * The Pro page's answer: the plan and usage, and whether the server has a billing plugin
 * (docs/billing.md; without one the operator sets plans). Joined here, not in domain/plans, because
 * billing already depends on plans (a billing event drops the plan cache).
 */
async function currentPlanWithBilling(
  deps: Parameters<typeof findBillingInstall>[0] & Parameters<typeof currentPlan>[0],
  accountId: string,
) {
  const [plan, billing] = await Promise.all([currentPlan(deps, accountId), findBillingInstall(deps)]);
  return { ...plan, billingAvailable: billing !== null };
}

/** J6: the Pro page (owners and admins): the account's plan and usage, and the plans to compare. */
export const plansRouter = router({
  current: adminProcedure
    .output(typeOnly<ResultOf<typeof currentPlanWithBilling>>())
    .query(({ ctx }) => currentPlanWithBilling(ctx.deps, ctx.actor.accountId)),
  list: adminProcedure
    .output(typeOnly<ResultOf<typeof choosablePlans>>())
    .query(({ ctx }) => choosablePlans(ctx.deps)),
});
