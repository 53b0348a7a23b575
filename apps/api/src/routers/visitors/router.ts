import { visitorDetail } from '../../domain/live-chat/views';
import { listOnlineVisitors } from '../../domain/live-chat/visitors';
import { notFound } from '../../errors';
import { agentProcedure, router } from '../../trpc';
import { ZGetVisitorInput, ZGetVisitorOutput, ZOnlineVisitorsOutput } from './schemas';

/** Visitors on the account's sites now, and one visitor as the chat view shows them. */
export const visitorsRouter = router({
  online: agentProcedure
    .output(ZOnlineVisitorsOutput)
    .query(({ ctx }) => listOnlineVisitors(ctx.deps.db, ctx.actor.accountId)),
  get: agentProcedure
    .input(ZGetVisitorInput)
    .output(ZGetVisitorOutput)
    .query(async ({ ctx, input }) => {
      const detail = await visitorDetail(ctx.deps.db, ctx.actor.accountId, input.visitorId);
      if (!detail) throw notFound('Visitor');
      return detail;
    }),
});
