import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { MESSAGE_MAX } from '../../domain/live-chat/constants';
import { teamSend } from '../../domain/team-chat';
import { ZId } from '../../lib/schemas';
import { ZClientId, ZText } from '../../lib/text';
import { agentProcedure } from '../../trpc';

export const ZSendMessageInput = z.object({
  conversationId: ZId,
  clientId: ZClientId,
  body: ZText(MESSAGE_MAX),
});
export const ZSendMessageOutput = typeOnly<ResultOf<typeof teamSend>>();

export const sendMessageProcedure = agentProcedure
  .input(ZSendMessageInput)
  .output(ZSendMessageOutput)
  .mutation(({ ctx, input }) => teamSend(ctx.deps, ctx.actor, input));
