import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { startCheckout } from '../../domain/billing/billing';
import { ownerProcedure } from '../../trpc';
import { billingDeps, ZReturnPath } from './deps';

export const ZCheckoutInput = z.object({ planId: z.string().min(1).max(64), returnPath: ZReturnPath });
export const ZCheckoutOutput = typeOnly<ResultOf<typeof startCheckout>>();

/** The provider's checkout page for a plan (owner); the plan changes when its webhook arrives. */
export const checkoutProcedure = ownerProcedure
  .input(ZCheckoutInput)
  .output(ZCheckoutOutput)
  .mutation(({ ctx, input }) => startCheckout(billingDeps(ctx), ctx.actor, input));
