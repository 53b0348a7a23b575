import { type ResultOf, typeOnly } from '../../contract/output';
import { listTags } from '../../domain/chat-tools/tags';
import { agentProcedure } from '../../trpc';

export const ZListTagsOutput = typeOnly<ResultOf<typeof listTags>>();

export const listTagsProcedure = agentProcedure
  .output(ZListTagsOutput)
  .query(({ ctx }) => listTags(ctx.deps.db, ctx.actor.accountId));
