import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { leaveChat } from '../../domain/live-chat/chats';
import { chatDeps } from '../../lib/handler-deps';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZLeaveChatInput = z.object({ conversationId: ZId });
export const ZLeaveChatOutput = ZOk;

export const leaveChatProcedure = agentProcedure
  .input(ZLeaveChatInput)
  .output(ZLeaveChatOutput)
  .mutation(async ({ ctx, input }) => {
    await leaveChat(chatDeps(ctx.deps), ctx.actor, input.conversationId);
    return { ok: true };
  });
