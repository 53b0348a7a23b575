import { ZOk } from '../../contract/output';
import { heartbeat, setPresence } from '../../domain/team';
import { agentProcedure, router } from '../../trpc';
import { ZSetPresenceInput } from './schemas';

/** The caller's own presence (teammates follow it through `team.onPresence` and `live.console`). */
export const presenceRouter = router({
  heartbeat: agentProcedure.output(ZOk).mutation(async ({ ctx }) => {
    await heartbeat(ctx.deps, ctx.actor);
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
