import { z } from 'zod';
import { setStatsTimeZone } from '../../domain/stats/settings';
import { adminProcedure } from '../../trpc';
import { ZStatsSettingsOutput } from './get-settings';

export const ZSetTimeZoneInput = z.object({ timeZone: z.string().trim().min(1).max(64) });

/** Changes the account's statistics time zone (admins); the rollups are recomputed for it. */
export const setTimeZoneProcedure = adminProcedure
  .input(ZSetTimeZoneInput)
  .output(ZStatsSettingsOutput)
  .mutation(({ ctx, input }) => setStatsTimeZone(ctx.deps.db, ctx.actor.accountId, input.timeZone));
