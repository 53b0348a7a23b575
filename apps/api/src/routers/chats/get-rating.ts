import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { getRating } from '../../domain/ratings/ratings';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZGetRatingInput = z.object({ conversationId: ZId });
export const ZGetRatingOutput = typeOnly<ResultOf<typeof getRating>>();

/** G7: the visitor's rating of a chat (null when none), for the chat and the visitor panel. */
export const getRatingProcedure = agentProcedure
  .input(ZGetRatingInput)
  .output(ZGetRatingOutput)
  .query(({ ctx, input }) => getRating(ctx.deps.db, ctx.actor.accountId, input.conversationId));
