import { type ResultOf, typeOnly } from '../../contract/output';
import { channelStats } from '../../domain/integrations/channels';
import { adminProcedure } from '../../trpc';

export const ZListChannelStatsOutput = typeOnly<ResultOf<typeof channelStats>>();

/** J1: conversations, messages and last activity per channel. */
export const listChannelStatsProcedure = adminProcedure
  .output(ZListChannelStatsOutput)
  .query(({ ctx }) => channelStats(ctx.deps.db, ctx.actor.accountId));
