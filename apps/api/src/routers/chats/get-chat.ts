import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { getChat } from '../../domain/live-chat/chats';
import { chatDeps } from '../../lib/handler-deps';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZGetChatInput = z.object({ conversationId: ZId });
export const ZGetChatOutput = typeOnly<ResultOf<typeof getChat>>();

export const getChatProcedure = agentProcedure
  .input(ZGetChatInput)
  .output(ZGetChatOutput)
  .query(({ ctx, input }) => getChat(chatDeps(ctx.deps), ctx.actor, input.conversationId));
