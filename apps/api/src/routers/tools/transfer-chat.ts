import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { transferChat } from '../../domain/chat-tools/handover';
import { ZId } from '../../lib/schemas';
import { ZOptionalText } from '../../lib/text';
import { agentProcedure } from '../../trpc';

export const ZTransferChatInput = z.object({
  conversationId: ZId,
  toUserId: ZId,
  comment: ZOptionalText(1000),
});
export const ZTransferChatOutput = ZOk;

/** C1: hands the chat to another agent. */
export const transferChatProcedure = agentProcedure
  .input(ZTransferChatInput)
  .output(ZTransferChatOutput)
  .mutation(async ({ ctx, input }) => {
    await transferChat(ctx.deps, ctx.actor, input);
    return { ok: true };
  });
