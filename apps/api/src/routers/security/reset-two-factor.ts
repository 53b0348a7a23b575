import { z } from 'zod';
import { resetTwoFactorFor } from '../../domain/sign-in/two-factor';
import { ZId } from '../../lib/schemas';
import { adminProcedure } from '../../trpc';

export const ZResetTwoFactorInput = z.object({ userId: ZId });
export const ZResetTwoFactorOutput = z.object({ ok: z.literal(true) });

/** Lost device and no recovery code: an admin turns a teammate's two-factor sign-in off (audited). */
export const resetTwoFactorProcedure = adminProcedure
  .input(ZResetTwoFactorInput)
  .output(ZResetTwoFactorOutput)
  .mutation(({ ctx, input }) => resetTwoFactorFor(ctx.deps, ctx.actor, input.userId));
