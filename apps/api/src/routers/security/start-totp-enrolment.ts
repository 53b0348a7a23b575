import { type ResultOf, typeOnly } from '../../contract/output';
import { startTotpEnrolment } from '../../domain/sign-in/two-factor';
import { agentProcedure } from '../../trpc';

export const ZStartTotpEnrolmentOutput = typeOnly<ResultOf<typeof startTotpEnrolment>>();

/** Enrolment step 1: the key as an otpauth:// URI (for the QR code) and as text. */
export const startTotpEnrolmentProcedure = agentProcedure
  .output(ZStartTotpEnrolmentOutput)
  .mutation(({ ctx }) => startTotpEnrolment(ctx.deps.db, ctx.actor));
