import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { tagConversation } from '../../domain/chat-tools/tags';
import { ZId } from '../../lib/schemas';
import { ZLine } from '../../lib/text';
import { agentProcedure } from '../../trpc';
import { ZColor } from '../shared/schemas';

export const ZTagConversationInput = z.object({
  conversationId: ZId,
  name: ZLine(40),
  color: ZColor.nullish(),
  remove: z.boolean().optional(),
});
export const ZTagConversationOutput = typeOnly<ResultOf<typeof tagConversation>>();

export const tagConversationProcedure = agentProcedure
  .input(ZTagConversationInput)
  .output(ZTagConversationOutput)
  .mutation(({ ctx, input }) => tagConversation(ctx.deps, ctx.actor.accountId, input));
