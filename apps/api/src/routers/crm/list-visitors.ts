import { type ResultOf, typeOnly } from '../../contract/output';
import { ZVisitorFilter } from '../../contract/visitor-filter';
import { listVisitors } from '../../domain/crm/visitors';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZListVisitorsInput = ZVisitorFilter.extend({ cursor: ZId.optional() });
export const ZListVisitorsOutput = typeOnly<ResultOf<typeof listVisitors>>();

/** D1 CRM → Visitors: the filtered list, a page at a time. */
export const listVisitorsProcedure = agentProcedure
  .input(ZListVisitorsInput)
  .output(ZListVisitorsOutput)
  .query(({ ctx, input }) => {
    const { cursor, ...filter } = input;
    return listVisitors(ctx.deps.db, ctx.actor.accountId, filter, cursor);
  });
