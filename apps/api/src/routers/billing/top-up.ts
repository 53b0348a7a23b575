import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { startTopUp } from '../../domain/billing/billing';
import { MAX_TOP_UP } from '../../domain/calls/balance';
import { ownerProcedure } from '../../trpc';
import { billingDeps, ZReturnPath } from './deps';

export const ZTopUpInput = z.object({
  /** Minor units (cents) of the plan's currency. */
  amount: z.number().int().min(1).max(MAX_TOP_UP),
  returnPath: ZReturnPath,
});
export const ZTopUpOutput = typeOnly<ResultOf<typeof startTopUp>>();

/** A paid call-balance top-up through the provider's checkout (owner). */
export const topUpProcedure = ownerProcedure
  .input(ZTopUpInput)
  .output(ZTopUpOutput)
  .mutation(({ ctx, input }) => startTopUp(billingDeps(ctx), ctx.actor, input));
