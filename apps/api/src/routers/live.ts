import { CONSOLE_TOPIC } from '../domain/live-chat/constants';
import type { ConsoleEvent } from '../domain/live-chat/events';
import { heartbeat } from '../domain/team';
import { ZLastEventId } from '../lib/schemas';
import { agentProcedure, router } from '../trpc';
import { agentEvents } from './agent-events';

export const liveRouter = router({
  /** Everything live in the console, in one stream; resumes with lastEventId (typing is not replayed). */
  console: agentProcedure
    .input(ZLastEventId)
    .subscription(({ ctx, input, signal }) =>
      agentEvents<ConsoleEvent>(ctx, [CONSOLE_TOPIC], input?.lastEventId, signal),
    ),
});

export const heartbeatProcedure = agentProcedure.mutation(async ({ ctx }) => {
  await heartbeat(ctx.deps, ctx.actor);
  return { ok: true };
});
