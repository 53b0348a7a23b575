import { z } from 'zod';
import { setTwoFactorRequired } from '../../domain/sign-in/two-factor';
import { ownerProcedure } from '../../trpc';

export const ZSetTwoFactorRequiredInput = z.object({ required: z.boolean() });
export const ZSetTwoFactorRequiredOutput = z.object({ required: z.boolean() });

/** The owner requires two-factor sign-in of every agent (A5). */
export const setTwoFactorRequiredProcedure = ownerProcedure
  .input(ZSetTwoFactorRequiredInput)
  .output(ZSetTwoFactorRequiredOutput)
  .mutation(({ ctx, input }) => setTwoFactorRequired(ctx.deps, ctx.actor, input.required));
