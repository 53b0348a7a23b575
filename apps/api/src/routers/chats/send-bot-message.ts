import { z } from 'zod';
import { ZChatMessage } from '../../contract/messages';
import { sendBotMessage } from '../../domain/live-chat/chats';
import { MESSAGE_MAX } from '../../domain/live-chat/constants';
import { chatDeps } from '../../lib/handler-deps';
import { ZId } from '../../lib/schemas';
import { ZClientId, ZLine, ZText } from '../../lib/text';
import { adminProcedure } from '../../trpc';

/** How long a bot's name may be (the name visitors and agents see on its messages). */
export const BOT_NAME_MAX = 60;

export const ZSendBotMessageInput = z.object({
  conversationId: ZId,
  clientId: ZClientId,
  body: ZText(MESSAGE_MAX),
  name: ZLine(BOT_NAME_MAX),
});

/**
 * J7: a message as an integration's named bot (the REST API's `sender: { type: 'bot' }`, scope
 * `messages:bot`). Admins only: API tokens act as their admin creator.
 */
export const sendBotMessageProcedure = adminProcedure
  .input(ZSendBotMessageInput)
  .output(ZChatMessage)
  .mutation(({ ctx, input }) => sendBotMessage(chatDeps(ctx.deps), ctx.actor, input));
