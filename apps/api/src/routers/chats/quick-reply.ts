import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { quickReply } from '../../domain/live-chat/chats';
import { MESSAGE_MAX } from '../../domain/live-chat/constants';
import { chatDeps } from '../../lib/handler-deps';
import { ZId } from '../../lib/schemas';
import { ZClientId, ZText } from '../../lib/text';
import { agentProcedure } from '../../trpc';

export const ZQuickReplyInput = z.object({
  conversationId: ZId,
  clientId: ZClientId,
  body: ZText(MESSAGE_MAX),
});
export const ZQuickReplyOutput = typeOnly<ResultOf<typeof quickReply>>();

/** Accepts a waiting chat and answers it in one step. */
export const quickReplyProcedure = agentProcedure
  .input(ZQuickReplyInput)
  .output(ZQuickReplyOutput)
  .mutation(({ ctx, input }) => quickReply(chatDeps(ctx.deps), ctx.actor, input));
