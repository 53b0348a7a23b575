import { ZOk } from '../../contract/output';
import { markCallsAlive } from '../../domain/calls/calls';
import { heartbeat, setPresence } from '../../domain/team';
import { agentProcedure, router } from '../../trpc';
import { ZHeartbeatInput, ZSetPresenceInput } from './schemas';

/** The caller's own presence (teammates follow it through `team.onPresence` and `live.console`). */
export const presenceRouter = router({
  heartbeat: agentProcedure
    .input(ZHeartbeatInput)
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await heartbeat(ctx.deps, ctx.actor);
      await markCallsAlive(ctx.deps.db, ctx.actor, input?.calls ?? []);
      return { ok: true };
    }),
  set: agentProcedure
    .input(ZSetPresenceInput)
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await setPresence(ctx.deps, ctx.actor, input.presence);
      return { ok: true };
    }),
});
