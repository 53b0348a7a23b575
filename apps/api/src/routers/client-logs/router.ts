import { getClientLog, listClientLogs, uploadClientLog } from '../../domain/client-logs/client-logs';
import { adminProcedure, agentProcedure, router } from '../../trpc';
import {
  ZGetClientLogInput,
  ZGetClientLogOutput,
  ZListClientLogsInput,
  ZListClientLogsOutput,
  ZSendClientLogInput,
  ZSendClientLogOutput,
} from './schemas';

/** J3: any agent sends their console's error log; admins read their account's logs. */
export const clientLogsRouter = router({
  send: agentProcedure
    .input(ZSendClientLogInput)
    .output(ZSendClientLogOutput)
    .mutation(({ ctx, input }) =>
      uploadClientLog(ctx.deps.db, ctx.actor, {
        ...input,
        entries: input.entries.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
      }),
    ),
  list: adminProcedure
    .input(ZListClientLogsInput)
    .output(ZListClientLogsOutput)
    .query(({ ctx, input }) => listClientLogs(ctx.deps.db, ctx.actor.accountId, input ?? {})),
  get: adminProcedure
    .input(ZGetClientLogInput)
    .output(ZGetClientLogOutput)
    .query(({ ctx, input }) => getClientLog(ctx.deps.db, ctx.actor.accountId, input.id)),
});
