import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { chatHistory } from '../../domain/live-chat/chats';
import { chatDeps } from '../../lib/handler-deps';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZListHistoryInput = z.object({ conversationId: ZId, before: ZId });
export const ZListHistoryOutput = typeOnly<ResultOf<typeof chatHistory>>();

/** Older messages of a chat, before a message id. */
export const listHistoryProcedure = agentProcedure
  .input(ZListHistoryInput)
  .output(ZListHistoryOutput)
  .query(({ ctx, input }) => chatHistory(chatDeps(ctx.deps), ctx.actor, input.conversationId, input.before));
