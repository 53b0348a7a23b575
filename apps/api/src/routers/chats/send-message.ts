import { z } from 'zod';
import { ZChatMessage } from '../../contract/messages';
import { sendAgentMessage } from '../../domain/live-chat/chats';
import { MESSAGE_MAX } from '../../domain/live-chat/constants';
import { chatDeps } from '../../lib/handler-deps';
import { ZId } from '../../lib/schemas';
import { ZClientId, ZText } from '../../lib/text';
import { agentProcedure } from '../../trpc';

export const ZSendMessageInput = z.object({
  conversationId: ZId,
  clientId: ZClientId,
  body: ZText(MESSAGE_MAX),
});
export const ZSendMessageOutput = ZChatMessage;

/** An agent message; its output is parsed like every other (a few µs against a call of milliseconds: README). */
export const sendMessageProcedure = agentProcedure
  .input(ZSendMessageInput)
  .output(ZSendMessageOutput)
  .mutation(({ ctx, input }) => sendAgentMessage(chatDeps(ctx.deps), ctx.actor, input));
