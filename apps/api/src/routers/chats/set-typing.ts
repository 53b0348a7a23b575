import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { agentTyping } from '../../domain/live-chat/chats';
import { chatDeps } from '../../lib/handler-deps';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZSetTypingInput = z.object({ conversationId: ZId, typing: z.boolean() });
export const ZSetTypingOutput = ZOk;

export const setTypingProcedure = agentProcedure
  .input(ZSetTypingInput)
  .output(ZSetTypingOutput)
  .mutation(async ({ ctx, input }) => {
    await agentTyping(chatDeps(ctx.deps), ctx.actor, input.conversationId, input.typing);
    return { ok: true };
  });
