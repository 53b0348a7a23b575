import { type ResultOf, typeOnly } from '../../contract/output';
import { ZReportQuery } from '../../contract/stats-query';
import { getAgentReport } from '../../domain/stats/report';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZGetAgentReportInput = ZReportQuery.extend({ agentId: ZId });
export const ZGetAgentReportOutput = typeOnly<ResultOf<typeof getAgentReport>>();

/** I2/E3: one agent's figures beside the team's; admins see any agent of the account, agents themselves. */
export const getAgentReportProcedure = agentProcedure
  .input(ZGetAgentReportInput)
  .output(ZGetAgentReportOutput)
  .query(({ ctx, input }) =>
    getAgentReport({ db: ctx.deps.db, provider: ctx.deps.database.provider }, ctx.actor, input),
  );
