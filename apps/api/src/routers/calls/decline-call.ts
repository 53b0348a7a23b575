import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { declineCall } from '../../domain/calls/calls';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';
import { callDeps } from './deps';

export const ZDeclineCallInput = z.object({ callId: ZId });
export const ZDeclineCallOutput = typeOnly<ResultOf<typeof declineCall>>();

/** Stops the call ringing for me; declined once every agent rung has declined. */
export const declineCallProcedure = agentProcedure
  .input(ZDeclineCallInput)
  .output(ZDeclineCallOutput)
  .mutation(({ ctx, input }) => declineCall(callDeps(ctx.deps), ctx.actor, input.callId));
