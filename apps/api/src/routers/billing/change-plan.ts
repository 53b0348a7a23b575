import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { changePlan } from '../../domain/billing/billing';
import { ownerProcedure } from '../../trpc';
import { billingDeps } from './deps';

export const ZChangePlanInput = z.object({ planId: z.string().min(1).max(64) });
export const ZChangePlanOutput = typeOnly<ResultOf<typeof changePlan>>();

/** Upgrade or downgrade the running subscription (owner). */
export const changePlanProcedure = ownerProcedure
  .input(ZChangePlanInput)
  .output(ZChangePlanOutput)
  .mutation(({ ctx, input }) => changePlan(billingDeps(ctx), ctx.actor, input));
