import { tracked } from '@trpc/server';
import { CONSOLE_TOPIC } from '../domain/live-chat/constants';
import { heartbeat } from '../domain/team';
import { ZLastEventId } from '../lib/schemas';
import { liveStream } from '../live/stream';
import { agentProcedure, router } from '../trpc';

export const liveRouter = router({
  /** Everything live in the console, in one stream; resumes with lastEventId (typing is not replayed). */
  console: agentProcedure.input(ZLastEventId).subscription(async function* ({ ctx, input, signal }) {
    for await (const event of liveStream({
      db: ctx.deps.db,
      bus: ctx.deps.bus,
      accountId: ctx.user.accountId,
      userId: ctx.user.id,
      topics: [CONSOLE_TOPIC],
      lastEventId: input?.lastEventId,
      signal,
    })) {
      if (event.ephemeral) yield event.payload as Record<string, unknown>;
      else yield tracked(String(event.id), event.payload as Record<string, unknown>);
    }
  }),
});

export const heartbeatProcedure = agentProcedure.mutation(async ({ ctx }) => {
  await heartbeat(ctx.deps, { accountId: ctx.user.accountId, userId: ctx.user.id });
  return { ok: true };
});
