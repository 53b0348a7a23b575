import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { getOwnRating } from '../../domain/ratings/ratings';
import { ZId } from '../../lib/schemas';
import { visitorProcedure } from '../../trpc';

export const ZGetRatingInput = z.object({ conversationId: ZId });
export const ZGetRatingOutput = typeOnly<ResultOf<typeof getOwnRating>>();

/** The visitor's own rating of a chat, to show and change it. */
export const getRatingProcedure = visitorProcedure
  .input(ZGetRatingInput)
  .output(ZGetRatingOutput)
  .query(({ ctx, input }) => getOwnRating(ctx.deps.db, ctx.visitor, input.conversationId));
