import { z } from 'zod';
import type { Context } from '../context';
import {
  type Actor,
  changeEmail,
  changePassword,
  listDisplayNames,
  setDisplayName,
  updatePreferences,
  updateProfile,
} from '../domain/account';
import type { ValidSession } from '../domain/sessions';
import { ZEmail, ZId, ZLocale, ZNotificationType, ZPassword, ZPersonName, ZTheme } from '../lib/schemas';
import { agentProcedure, router } from '../trpc';

export const accountRouter = router({
  updateProfile: agentProcedure
    .input(z.object({ name: ZPersonName }))
    .mutation(async ({ ctx, input }) => ({ me: await updateProfile(ctx.deps.db, ctx.actor, input) })),

  updatePreferences: agentProcedure
    .input(
      z.object({
        locale: ZLocale.optional(),
        theme: ZTheme.optional(),
        autoAwayMinutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60)
          .nullable()
          .optional(),
        notificationType: ZNotificationType.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => ({ me: await updatePreferences(ctx.deps.db, ctx.actor, input) })),

  changePassword: agentProcedure
    .input(z.object({ currentPassword: z.string().min(1).max(1024), newPassword: ZPassword }))
    .mutation(({ ctx, input }) => changePassword(ctx.deps.db, ctx.actor, input)),

  changeEmail: agentProcedure
    .input(z.object({ newEmail: ZEmail, password: z.string().min(1).max(1024) }))
    .mutation(async ({ ctx, input }) => ({ me: await changeEmail(ctx.deps.db, ctx.actor, input) })),

  displayNames: agentProcedure.query(({ ctx }) => listDisplayNames(ctx.deps.db, ctx.actor)),

  setDisplayName: agentProcedure
    .input(z.object({ channelId: ZId, displayName: z.string().trim().max(100).nullable() }))
    .mutation(async ({ ctx, input }) => {
      await setDisplayName(ctx.deps.db, ctx.actor, input);
      return { ok: true };
    }),
});
