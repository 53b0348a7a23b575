import { agentStats, getAgentSettings, updateAgent } from '../../domain/agents-admin';
import { adminProcedure, router } from '../../trpc';
import {
  ZAgentIdInput,
  ZAgentSettingsOutput,
  ZAgentStatsInput,
  ZAgentStatsOutput,
  ZUpdateAgentInput,
  ZUpdateAgentOutput,
} from './schemas';

/** E3: agent settings and statistics, for admins. */
export const agentsRouter = router({
  get: adminProcedure
    .input(ZAgentIdInput)
    .output(ZAgentSettingsOutput)
    .query(({ ctx, input }) => getAgentSettings(ctx.deps.db, ctx.actor.accountId, input.userId)),
  update: adminProcedure
    .input(ZUpdateAgentInput)
    .output(ZUpdateAgentOutput)
    .mutation(({ ctx, input }) => updateAgent(ctx.deps, ctx.actor, input)),
  stats: adminProcedure
    .input(ZAgentStatsInput)
    .output(ZAgentStatsOutput)
    .query(({ ctx, input }) => agentStats(ctx.deps.db, ctx.actor.accountId, input.userId, input)),
});
