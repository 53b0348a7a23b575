import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { acceptCall } from '../../domain/calls/calls';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';
import { callDeps } from './deps';

export const ZAcceptCallInput = z.object({ callId: ZId });
export const ZAcceptCallOutput = typeOnly<ResultOf<typeof acceptCall>>();

/** Takes a ringing call (the first agent wins); answers the ICE servers to use. */
export const acceptCallProcedure = agentProcedure
  .input(ZAcceptCallInput)
  .output(ZAcceptCallOutput)
  .mutation(({ ctx, input }) => acceptCall(callDeps(ctx.deps), ctx.actor, input.callId));
