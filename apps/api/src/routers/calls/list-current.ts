import { type ResultOf, typeOnly } from '../../contract/output';
import { currentCallForAgent } from '../../domain/calls/calls';
import { agentProcedure } from '../../trpc';
import { callDeps } from './deps';

export const ZListCurrentOutput = typeOnly<ResultOf<typeof currentCallForAgent>>();

/** Calls ringing for me or in progress with me (the console after a reload). */
export const listCurrentProcedure = agentProcedure
  .output(ZListCurrentOutput)
  .query(({ ctx }) => currentCallForAgent(callDeps(ctx.deps), ctx.actor));
