import { z } from 'zod';
import { ZWidgetMessage } from '../../contract/messages';
import { MESSAGE_MAX } from '../../domain/live-chat/constants';
import { visitorSend } from '../../domain/live-chat/widget';
import { ZClientId, ZOptionalText, ZText } from '../../lib/text';
import { visitorProcedure } from '../../trpc';

export const ZSendMessageInput = z.object({
  clientId: ZClientId,
  body: ZText(MESSAGE_MAX),
  invitationText: ZOptionalText(500),
});
export const ZSendMessageOutput = ZWidgetMessage;

/** A visitor message; its output is parsed like every other (a few µs against a call of milliseconds: README). */
export const sendMessageProcedure = visitorProcedure
  .input(ZSendMessageInput)
  .output(ZSendMessageOutput)
  .mutation(({ ctx, input }) => visitorSend(ctx.deps, ctx.visitor, input, ctx.client));
