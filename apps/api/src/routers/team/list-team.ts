import { type ResultOf, typeOnly } from '../../contract/output';
import { listTeam } from '../../domain/team';
import { agentProcedure } from '../../trpc';

export const ZListTeamOutput = typeOnly<ResultOf<typeof listTeam>>();

/** The account's users with their presence. */
export const listTeamProcedure = agentProcedure
  .output(ZListTeamOutput)
  .query(({ ctx }) => listTeam(ctx.deps.db, ctx.actor.accountId));
