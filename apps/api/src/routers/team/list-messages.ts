import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { teamMessages } from '../../domain/team-chat';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZListMessagesInput = z.object({ conversationId: ZId, before: ZId.optional() });
export const ZListMessagesOutput = typeOnly<ResultOf<typeof teamMessages>>();

export const listMessagesProcedure = agentProcedure
  .input(ZListMessagesInput)
  .output(ZListMessagesOutput)
  .query(({ ctx, input }) => teamMessages(ctx.deps.db, ctx.actor, input.conversationId, input.before));
