import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { acceptChat } from '../../domain/live-chat/chats';
import { chatDeps } from '../../lib/handler-deps';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZAcceptChatInput = z.object({ conversationId: ZId });
export const ZAcceptChatOutput = typeOnly<ResultOf<typeof acceptChat>>();

export const acceptChatProcedure = agentProcedure
  .input(ZAcceptChatInput)
  .output(ZAcceptChatOutput)
  .mutation(({ ctx, input }) => acceptChat(chatDeps(ctx.deps), ctx.actor, input.conversationId));
