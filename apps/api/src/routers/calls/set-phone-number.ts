import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { setAgentNumber } from '../../domain/calls/phone';
import { agentProcedure } from '../../trpc';

export const ZSetPhoneNumberInput = z.object({ number: z.string().trim().max(40).nullable() });
export const ZSetPhoneNumberOutput = typeOnly<ResultOf<typeof setAgentNumber>>();

/** H2: the agent's own phone, which a bridge provider rings for their calls (null clears it). */
export const setPhoneNumberProcedure = agentProcedure
  .input(ZSetPhoneNumberInput)
  .output(ZSetPhoneNumberOutput)
  .mutation(({ ctx, input }) => setAgentNumber(ctx.deps.db, ctx.actor, input.number));
