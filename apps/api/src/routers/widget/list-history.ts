import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { visitorHistory } from '../../domain/live-chat/widget';
import { visitorProcedure } from '../../trpc';

export const ZListHistoryInput = z.object({ before: z.string().max(100).optional() });
export const ZListHistoryOutput = typeOnly<ResultOf<typeof visitorHistory>>();

export const listHistoryProcedure = visitorProcedure
  .input(ZListHistoryInput)
  .output(ZListHistoryOutput)
  .query(({ ctx, input }) => visitorHistory(ctx.deps, ctx.visitor, input.before));
