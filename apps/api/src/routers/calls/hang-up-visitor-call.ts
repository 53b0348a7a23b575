import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { hangupCall } from '../../domain/calls/calls';
import { ZId } from '../../lib/schemas';
import { visitorProcedure } from '../../trpc';
import { callDeps } from './deps';

export const ZHangUpVisitorCallInput = z.object({
  callId: ZId,
  reason: z.enum(['hangup', 'failed']).optional(),
});
export const ZHangUpVisitorCallOutput = ZOk;

/** The visitor hangs up (a call still ringing becomes missed). */
export const hangUpVisitorCallProcedure = visitorProcedure
  .input(ZHangUpVisitorCallInput)
  .output(ZHangUpVisitorCallOutput)
  .mutation(async ({ ctx, input }) => {
    await hangupCall(callDeps(ctx.deps), { visitor: ctx.visitor }, input.callId, input.reason);
    return { ok: true as const };
  });
