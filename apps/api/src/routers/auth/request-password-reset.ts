import { z } from 'zod';
import { requestPasswordReset } from '../../domain/sign-in/password-reset';
import { publicUrlOf } from '../../lib/handler-deps';
import { ZEmail } from '../../lib/schemas';
import { publicProcedure } from '../../trpc';

export const ZRequestPasswordResetInput = z.object({ email: ZEmail });
export const ZRequestPasswordResetOutput = z.object({ ok: z.literal(true) });

/** "Forgot password" (A2): the same answer for every address. */
export const requestPasswordResetProcedure = publicProcedure
  .input(ZRequestPasswordResetInput)
  .output(ZRequestPasswordResetOutput)
  .mutation(({ ctx, input }) =>
    requestPasswordReset(
      {
        db: ctx.deps.db,
        mailer: ctx.deps.mailer,
        logger: ctx.deps.logger,
        publicUrl: publicUrlOf(ctx.deps.config),
      },
      input,
      ctx.client.ip,
    ),
  );
