import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { visitorEndChat } from '../../domain/live-chat/widget-end';
import { ZId } from '../../lib/schemas';
import { visitorProcedure } from '../../trpc';

export const ZEndChatInput = z.object({ conversationId: ZId });
export const ZEndChatOutput = ZOk;

/** G7: the visitor ends the chat (the widget then asks for a rating). */
export const endChatProcedure = visitorProcedure
  .input(ZEndChatInput)
  .output(ZEndChatOutput)
  .mutation(({ ctx, input }) => visitorEndChat(ctx.deps, ctx.visitor, input.conversationId));
