import { type ResultOf, typeOnly } from '../../contract/output';
import { listInbox } from '../../domain/live-chat/chats';
import { chatDeps } from '../../lib/handler-deps';
import { agentProcedure } from '../../trpc';

export const ZListInboxOutput = typeOnly<ResultOf<typeof listInbox>>();

/** Chats waiting for an agent, and the ones the caller may pick up. */
export const listInboxProcedure = agentProcedure
  .output(ZListInboxOutput)
  .query(({ ctx }) => listInbox(chatDeps(ctx.deps), ctx.actor));
