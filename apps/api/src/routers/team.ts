import { tracked } from '@trpc/server';
import { z } from 'zod';
import { listTeam, PRESENCE_TOPIC, type PresenceEvent, setPresence } from '../domain/team';
import { ZLastEventId } from '../lib/schemas';
import { liveStream } from '../live/stream';
import { agentProcedure, router } from '../trpc';
import { heartbeatProcedure } from './live';

export const teamRouter = router({
  list: agentProcedure.query(({ ctx }) => listTeam(ctx.deps.db, ctx.user.accountId)),

  /** Live presence of teammates; resumes from lastEventId after a reconnect. */
  onPresence: agentProcedure.input(ZLastEventId).subscription(async function* ({ ctx, input, signal }) {
    for await (const event of liveStream({
      db: ctx.deps.db,
      bus: ctx.deps.bus,
      accountId: ctx.user.accountId,
      userId: ctx.user.id,
      topics: [PRESENCE_TOPIC],
      lastEventId: input?.lastEventId,
      signal,
    })) {
      yield tracked(String(event.id), event.payload as PresenceEvent);
    }
  }),
});

export const presenceRouter = router({
  heartbeat: heartbeatProcedure,
  set: agentProcedure
    .input(z.object({ presence: z.enum(['online', 'away']) }))
    .mutation(async ({ ctx, input }) => {
      await setPresence(ctx.deps, { accountId: ctx.user.accountId, userId: ctx.user.id }, input.presence);
      return { ok: true };
    }),
});
