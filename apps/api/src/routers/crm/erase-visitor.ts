import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { eraseVisitor } from '../../domain/crm/visitors';
import { invalidateVisitorAuth } from '../../domain/live-chat/visitor-auth-cache';
import { ZId } from '../../lib/schemas';
import { adminProcedure } from '../../trpc';

export const ZEraseVisitorInput = z.object({ visitorId: ZId });
export const ZEraseVisitorOutput = ZOk;

/** GDPR: delete on request. */
export const eraseVisitorProcedure = adminProcedure
  .input(ZEraseVisitorInput)
  .output(ZEraseVisitorOutput)
  .mutation(async ({ ctx, input }) => {
    await eraseVisitor(ctx.deps.db, ctx.deps.database.provider, ctx.deps.files, ctx.actor, input.visitorId);
    // The erased visitor's tokens name no one now: every process's cached check goes.
    await invalidateVisitorAuth(ctx.deps.bus, { visitorIds: [input.visitorId] });
    return { ok: true };
  });
