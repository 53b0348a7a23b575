import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { startCall } from '../../domain/calls/calls';
import { visitorProcedure } from '../../trpc';
import { callDeps } from './deps';

export const ZStartCallInput = z.object({}).optional();
export const ZStartCallOutput = typeOnly<ResultOf<typeof startCall>>();

/** The visitor presses Call: the channel's online agents are rung; answers the ICE servers to use. */
export const startCallProcedure = visitorProcedure
  .input(ZStartCallInput)
  .output(ZStartCallOutput)
  .mutation(({ ctx }) => startCall(callDeps(ctx.deps), ctx.visitor));
