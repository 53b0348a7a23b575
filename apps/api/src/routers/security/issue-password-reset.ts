import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { issuePasswordReset } from '../../domain/sign-in/password-reset';
import { publicUrlOf } from '../../lib/handler-deps';
import { ZId } from '../../lib/schemas';
import { adminProcedure } from '../../trpc';

export const ZIssuePasswordResetInput = z.object({ userId: ZId });
export const ZIssuePasswordResetOutput = typeOnly<ResultOf<typeof issuePasswordReset>>();

/** An admin's reset link for a teammate: mailed, or without SMTP shown once to hand over (A2). */
export const issuePasswordResetProcedure = adminProcedure
  .input(ZIssuePasswordResetInput)
  .output(ZIssuePasswordResetOutput)
  .mutation(({ ctx, input }) =>
    issuePasswordReset(
      {
        db: ctx.deps.db,
        mailer: ctx.deps.mailer,
        logger: ctx.deps.logger,
        publicUrl: publicUrlOf(ctx.deps.config),
      },
      ctx.actor,
      input.userId,
    ),
  );
