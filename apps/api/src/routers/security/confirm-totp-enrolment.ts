import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { confirmTotpEnrolment } from '../../domain/sign-in/two-factor';
import { agentProcedure } from '../../trpc';

export const ZTotpCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'validation.totp_code');
export const ZConfirmTotpEnrolmentInput = z.object({ code: ZTotpCode });
export const ZConfirmTotpEnrolmentOutput = typeOnly<ResultOf<typeof confirmTotpEnrolment>>();

/** Enrolment step 2: a code from the app turns it on; the recovery codes are shown once. */
export const confirmTotpEnrolmentProcedure = agentProcedure
  .input(ZConfirmTotpEnrolmentInput)
  .output(ZConfirmTotpEnrolmentOutput)
  .mutation(({ ctx, input }) => confirmTotpEnrolment(ctx.deps, ctx.actor, input.code));
