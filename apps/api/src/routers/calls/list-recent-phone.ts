import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { recentPhoneCalls } from '../../domain/calls/phone';
import { agentProcedure } from '../../trpc';
import { callDeps } from './deps';

export const ZListRecentPhoneInput = z
  .object({ limit: z.number().int().min(1).max(100).optional() })
  .optional();
export const ZListRecentPhoneOutput = typeOnly<ResultOf<typeof recentPhoneCalls>>();

/** H2: the agent's recent phone calls (made, taken, or rung for them), newest first. */
export const listRecentPhoneProcedure = agentProcedure
  .input(ZListRecentPhoneInput)
  .output(ZListRecentPhoneOutput)
  .query(({ ctx, input }) => recentPhoneCalls(callDeps(ctx.deps), ctx.actor, input ?? {}));
