import { z } from 'zod';
import { getStatsSettings } from '../../domain/stats/settings';
import { agentProcedure } from '../../trpc';

export const ZStatsSettingsOutput = z.object({ timeZone: z.string(), updatedThrough: z.string().nullable() });

/** The time zone that splits the report's days, and how recent the rollups are. */
export const getSettingsProcedure = agentProcedure
  .output(ZStatsSettingsOutput)
  .query(({ ctx }) => getStatsSettings(ctx.deps.db, ctx.actor.accountId));
