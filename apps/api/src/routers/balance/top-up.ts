import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { MAX_TOP_UP, topUpCredit } from '../../domain/calls/balance';
import { ownerProcedure } from '../../trpc';

export const ZTopUpInput = z.object({
  amount: z.number().int().min(1).max(MAX_TOP_UP),
  note: z.string().max(200).optional(),
});
export const ZTopUpOutput = typeOnly<ResultOf<typeof topUpCredit>>();

/** A manual top-up by the owner (audited); paid top-ups will come from the billing plugin. */
export const topUpProcedure = ownerProcedure
  .input(ZTopUpInput)
  .output(ZTopUpOutput)
  .mutation(({ ctx, input }) => topUpCredit(ctx.deps.db, ctx.actor, input));
