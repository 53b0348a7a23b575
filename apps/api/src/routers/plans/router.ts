import { type ResultOf, typeOnly } from '../../contract/output';
import { choosablePlans, currentPlan } from '../../domain/plans/current';
import { adminProcedure, router } from '../../trpc';

/** J6: the Pro page (owners and admins): the account's plan and usage, and the plans to compare. */
export const plansRouter = router({
  current: adminProcedure
    .output(typeOnly<ResultOf<typeof currentPlan>>())
    .query(({ ctx }) => currentPlan(ctx.deps, ctx.actor.accountId)),
  list: adminProcedure
    .output(typeOnly<ResultOf<typeof choosablePlans>>())
    .query(({ ctx }) => choosablePlans(ctx.deps)),
});
