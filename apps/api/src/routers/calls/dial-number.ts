import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { dialNumber } from '../../domain/calls/phone';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';
import { callDeps } from './deps';

export const ZDialNumberInput = z.object({
  /** The customer's number as typed or pasted; the server normalises it to E.164 or refuses it. */
  to: z.string().trim().min(1).max(40),
  /** The CRM record the call belongs to (the visitor panel's Call button); else found by number. */
  visitorId: ZId.optional(),
  /** Which phone channel (bridge model) when the account has several; else the oldest. */
  channelId: ZId.optional(),
});
export const ZDialNumberOutput = typeOnly<ResultOf<typeof dialNumber>>();

/** H2: the agent calls a number through the account's phone channel (bridge: their phone rings first). */
export const dialNumberProcedure = agentProcedure
  .input(ZDialNumberInput)
  .output(ZDialNumberOutput)
  .mutation(({ ctx, input }) => dialNumber(callDeps(ctx.deps), ctx.actor, input));
