import { z } from 'zod';
import { ZWidgetMessage } from '../../contract/messages';
import { unchecked } from '../../contract/output';
import { MESSAGE_MAX } from '../../domain/live-chat/constants';
import { visitorSend } from '../../domain/live-chat/widget';
import { ZClientId, ZOptionalText, ZText } from '../../lib/text';
import { visitorProcedure } from '../../trpc';

export const ZSendMessageInput = z.object({
  clientId: ZClientId,
  body: ZText(MESSAGE_MAX),
  invitationText: ZOptionalText(500),
});
export const ZSendMessageOutput = unchecked(ZWidgetMessage);

/** A visitor message. A hot path: its output schema is declared, not parsed on each call (README). */
export const sendMessageProcedure = visitorProcedure
  .input(ZSendMessageInput)
  .output(ZSendMessageOutput)
  .mutation(({ ctx, input }) => visitorSend(ctx.deps, ctx.visitor, input, ctx.client));
