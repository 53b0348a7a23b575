import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { hangupCall } from '../../domain/calls/calls';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';
import { callDeps } from './deps';

export const ZHangUpCallInput = z.object({ callId: ZId, reason: z.enum(['hangup', 'failed']).optional() });
export const ZHangUpCallOutput = typeOnly<ResultOf<typeof hangupCall>>();

/** The agent ends the call (or declines it while it rings for them). */
export const hangUpCallProcedure = agentProcedure
  .input(ZHangUpCallInput)
  .output(ZHangUpCallOutput)
  .mutation(({ ctx, input }) =>
    hangupCall(callDeps(ctx.deps), { agent: ctx.actor }, input.callId, input.reason),
  );
