import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { mergeVisitors } from '../../domain/crm/visitors';
import { invalidateVisitorAuth } from '../../domain/live-chat/visitor-auth-cache';
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
    // The source's tokens now name the target: cached checks still name the deleted source.
    await invalidateVisitorAuth(ctx.deps.bus, { visitorIds: [input.sourceId] });
    return { ok: true };
  });
