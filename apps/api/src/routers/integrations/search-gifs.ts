import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { searchGifs } from '../../domain/integrations/installs';
import { agentProcedure } from '../../trpc';
import { integrationDeps } from './deps';

export const ZSearchGifsInput = z.object({
  query: z.string().trim().min(1).max(100),
  limit: z.number().int().min(1).max(50).default(20),
  offset: z.number().int().min(0).max(1000).optional(),
});
export const ZSearchGifsOutput = typeOnly<ResultOf<typeof searchGifs>>();

export const searchGifsProcedure = agentProcedure
  .input(ZSearchGifsInput)
  .output(ZSearchGifsOutput)
  .query(({ ctx, input }) => searchGifs(integrationDeps(ctx), ctx.actor.accountId, input));
