import { ZOk } from '../../contract/output';
import { listSessions, revokeOtherSessions, revokeSession } from '../../domain/sessions';
import { agentProcedure, router } from '../../trpc';
import { ZListSessionsOutput, ZRevokeOthersOutput, ZRevokeSessionInput } from './schemas';

/** The caller's own sessions (browsers logged in), to see and end them. */
export const sessionsRouter = router({
  list: agentProcedure
    .output(ZListSessionsOutput)
    .query(({ ctx }) =>
      listSessions(ctx.deps.db, ctx.actor.accountId, ctx.actor.userId, ctx.actor.sessionId),
    ),
  revoke: agentProcedure
    .input(ZRevokeSessionInput)
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await revokeSession(ctx.deps, ctx.actor.accountId, ctx.actor.userId, input.id);
      return { ok: true };
    }),
  revokeOthers: agentProcedure
    .output(ZRevokeOthersOutput)
    .mutation(({ ctx }) =>
      revokeOtherSessions(ctx.deps, ctx.actor.accountId, ctx.actor.userId, ctx.actor.sessionId),
    ),
});
