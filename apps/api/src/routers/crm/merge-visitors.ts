import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { mergeVisitors } from '../../domain/crm/visitors';
import { ZId } from '../../lib/schemas';
import { adminProcedure } from '../../trpc';

export const ZMergeVisitorsInput = z.object({ targetId: ZId, sourceId: ZId });
export const ZMergeVisitorsOutput = ZOk;

/** Two records of one person become one. */
export const mergeVisitorsProcedure = adminProcedure
  .input(ZMergeVisitorsInput)
  .output(ZMergeVisitorsOutput)
  .mutation(async ({ ctx, input }) => {
    await mergeVisitors(ctx.deps.db, ctx.actor, input);
    return { ok: true };
  });
