import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { RATING_COMMENT_MAX, rateConversation } from '../../domain/ratings/ratings';
import { ZId } from '../../lib/schemas';
import { visitorProcedure } from '../../trpc';

export const ZRateChatInput = z.object({
  conversationId: ZId,
  score: z.number().int().min(0).max(5),
  comment: z.string().max(RATING_COMMENT_MAX).nullish(),
});
export const ZRateChatOutput = typeOnly<ResultOf<typeof rateConversation>>();

/** G7: the visitor rates one of their ended chats (again, to change it, until their next chat). */
export const rateChatProcedure = visitorProcedure
  .input(ZRateChatInput)
  .output(ZRateChatOutput)
  .mutation(({ ctx, input }) => rateConversation(ctx.deps, ctx.visitor, input));
