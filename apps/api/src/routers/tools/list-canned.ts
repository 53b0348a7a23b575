import { type ResultOf, typeOnly } from '../../contract/output';
import { listCanned } from '../../domain/chat-tools/canned';
import { agentProcedure } from '../../trpc';

export const ZListCannedOutput = typeOnly<ResultOf<typeof listCanned>>();

/** C3: canned responses, the account’s and my own. */
export const listCannedProcedure = agentProcedure
  .output(ZListCannedOutput)
  .query(({ ctx }) => listCanned(ctx.deps.db, ctx.actor.accountId, ctx.actor.userId));
