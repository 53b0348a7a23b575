import { type ResultOf, typeOnly } from '../../contract/output';
import { listBans } from '../../domain/chat-tools/bans';
import { agentProcedure } from '../../trpc';

export const ZListBansOutput = typeOnly<ResultOf<typeof listBans>>();

export const listBansProcedure = agentProcedure
  .output(ZListBansOutput)
  .query(({ ctx }) => listBans(ctx.deps.db, ctx.actor.accountId));
