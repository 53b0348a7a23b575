import { type ResultOf, typeOnly } from '../../contract/output';
import { listTeamConversations } from '../../domain/team-chat';
import { agentProcedure } from '../../trpc';

export const ZListTeamChatsOutput = typeOnly<ResultOf<typeof listTeamConversations>>();

/** E1/E2: my direct chats and groups. */
export const listTeamChatsProcedure = agentProcedure
  .output(ZListTeamChatsOutput)
  .query(({ ctx }) => listTeamConversations(ctx.deps.db, ctx.actor));
