import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { cancelSubscription } from '../../domain/billing/billing';
import { ownerProcedure } from '../../trpc';
import { billingDeps } from './deps';

export const ZCancelInput = z.object({}).optional();
export const ZCancelOutput = typeOnly<ResultOf<typeof cancelSubscription>>();

/** Cancel the subscription at the end of the paid period (owner). */
export const cancelProcedure = ownerProcedure
  .input(ZCancelInput)
  .output(ZCancelOutput)
  .mutation(({ ctx }) => cancelSubscription(billingDeps(ctx), ctx.actor));
