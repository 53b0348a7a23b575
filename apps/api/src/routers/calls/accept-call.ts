import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { acceptAnyCall } from '../../domain/calls/phone';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';
import { callDeps } from './deps';

export const ZAcceptCallInput = z.object({ callId: ZId });
export const ZAcceptCallOutput = typeOnly<ResultOf<typeof acceptAnyCall>>();

/** Takes a ringing call (the first agent wins); answers the ICE servers to use. A phone call (H2)
 * is then connected to the agent's own phone by the provider. */
export const acceptCallProcedure = agentProcedure
  .input(ZAcceptCallInput)
  .output(ZAcceptCallOutput)
  .mutation(({ ctx, input }) => acceptAnyCall(callDeps(ctx.deps), ctx.actor, input.callId));
