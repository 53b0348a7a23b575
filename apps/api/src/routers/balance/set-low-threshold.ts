import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { MAX_TOP_UP, setLowBalanceThreshold } from '../../domain/calls/balance';
import { ownerProcedure } from '../../trpc';

export const ZSetLowThresholdInput = z.object({ threshold: z.number().int().min(0).max(MAX_TOP_UP) });
export const ZSetLowThresholdOutput = typeOnly<ResultOf<typeof setLowBalanceThreshold>>();

/** Below this balance the owner is warned (0: never); audited. */
export const setLowThresholdProcedure = ownerProcedure
  .input(ZSetLowThresholdInput)
  .output(ZSetLowThresholdOutput)
  .mutation(({ ctx, input }) => setLowBalanceThreshold(ctx.deps.db, ctx.actor, input.threshold));
