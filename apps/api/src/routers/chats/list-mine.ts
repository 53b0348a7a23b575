import { type ResultOf, typeOnly } from '../../contract/output';
import { listMine } from '../../domain/live-chat/chats';
import { chatDeps } from '../../lib/handler-deps';
import { agentProcedure } from '../../trpc';

export const ZListMineOutput = typeOnly<ResultOf<typeof listMine>>();

/** The caller's open chats. */
export const listMineProcedure = agentProcedure
  .output(ZListMineOutput)
  .query(({ ctx }) => listMine(chatDeps(ctx.deps), ctx.actor));
