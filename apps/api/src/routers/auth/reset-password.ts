import { z } from 'zod';
import { resetPassword } from '../../domain/sign-in/password-reset';
import { ZPassword } from '../../lib/schemas';
import { publicProcedure } from '../../trpc';

export const ZResetPasswordInput = z.object({ token: z.string().min(10).max(100), password: ZPassword });
export const ZResetPasswordOutput = z.object({ ok: z.literal(true) });

/** Sets a new password from a reset link; every session of the user ends (A2). */
export const resetPasswordProcedure = publicProcedure
  .input(ZResetPasswordInput)
  .output(ZResetPasswordOutput)
  .mutation(({ ctx, input }) => resetPassword(ctx.deps, input, ctx.client.ip));
