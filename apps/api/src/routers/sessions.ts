import { z } from 'zod';
import { listSessions, revokeOtherSessions, revokeSession } from '../domain/sessions';
import { ZId } from '../lib/schemas';
import { agentProcedure, router } from '../trpc';

export const sessionsRouter = router({
  list: agentProcedure.query(({ ctx }) =>
    listSessions(ctx.deps.db, ctx.actor.accountId, ctx.actor.userId, ctx.actor.sessionId),
  ),
  revoke: agentProcedure.input(z.object({ id: ZId })).mutation(async ({ ctx, input }) => {
    await revokeSession(ctx.deps.db, ctx.actor.accountId, ctx.actor.userId, input.id);
    return { ok: true };
  }),
  revokeOthers: agentProcedure.mutation(({ ctx }) =>
    revokeOtherSessions(ctx.deps.db, ctx.actor.accountId, ctx.actor.userId, ctx.actor.sessionId),
  ),
});
