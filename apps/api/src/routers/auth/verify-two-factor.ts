import { z } from 'zod';
import { typeOnly } from '../../contract/output';
import { loginWithCode } from '../../domain/auth';
import type { Me } from '../../domain/users';
import { publicProcedure } from '../../trpc';
import { startSignedIn } from '../shared/session-cookie';

export const ZVerifyTwoFactorInput = z.object({
  challenge: z.string().min(10).max(100),
  /** A 6-digit TOTP code or a recovery code. */
  code: z.string().trim().min(6).max(20),
});
export const ZVerifyTwoFactorOutput = z.object({ me: typeOnly<Me>() });

/** The second sign-in step (A5): the session exists only after this. */
export const verifyTwoFactorProcedure = publicProcedure
  .input(ZVerifyTwoFactorInput)
  .output(ZVerifyTwoFactorOutput)
  .mutation(async ({ ctx, input }) => ({
    me: await startSignedIn(ctx, await loginWithCode(ctx.deps.db, input, ctx.client)),
  }));
