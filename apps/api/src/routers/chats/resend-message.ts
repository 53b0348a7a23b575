import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { resendMessage } from '../../domain/live-chat/chats';
import { chatDeps } from '../../lib/handler-deps';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZResendMessageInput = z.object({ messageId: ZId });
export const ZResendMessageOutput = ZOk;

/** Sends a message that failed on its channel again. */
export const resendMessageProcedure = agentProcedure
  .input(ZResendMessageInput)
  .output(ZResendMessageOutput)
  .mutation(async ({ ctx, input }) => {
    await resendMessage(chatDeps(ctx.deps), ctx.actor, input.messageId);
    return { ok: true };
  });
