import { type ResultOf, typeOnly } from '../../contract/output';
import { ZReportQuery } from '../../contract/stats-query';
import { getReport } from '../../domain/stats/report';
import { agentProcedure } from '../../trpc';

export const ZGetReportInput = ZReportQuery;
export const ZGetReportOutput = typeOnly<ResultOf<typeof getReport>>();

/** I1: the Statistics report; an agent gets their own figures only (the agent filter is forced). */
export const getReportProcedure = agentProcedure
  .input(ZGetReportInput)
  .output(ZGetReportOutput)
  .query(({ ctx, input }) =>
    getReport({ db: ctx.deps.db, provider: ctx.deps.database.provider }, ctx.actor, input),
  );
