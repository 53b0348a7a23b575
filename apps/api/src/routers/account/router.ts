import { ZOk } from '../../contract/output';
import {
  changeEmail,
  changePassword,
  listDisplayNames,
  setDisplayName,
  updatePreferences,
  updateProfile,
} from '../../domain/account';
import { agentProcedure, router } from '../../trpc';
import {
  ZChangeEmailInput,
  ZChangePasswordInput,
  ZChangePasswordOutput,
  ZDisplayNamesOutput,
  ZMeOutput,
  ZSetDisplayNameInput,
  ZUpdatePreferencesInput,
  ZUpdateProfileInput,
} from './schemas';

/** The caller's own account: profile, preferences, password, e-mail, names per channel. */
export const accountRouter = router({
  updateProfile: agentProcedure
    .input(ZUpdateProfileInput)
    .output(ZMeOutput)
    .mutation(async ({ ctx, input }) => ({ me: await updateProfile(ctx.deps.db, ctx.actor, input) })),

  updatePreferences: agentProcedure
    .input(ZUpdatePreferencesInput)
    .output(ZMeOutput)
    .mutation(async ({ ctx, input }) => ({ me: await updatePreferences(ctx.deps.db, ctx.actor, input) })),

  changePassword: agentProcedure
    .input(ZChangePasswordInput)
    .output(ZChangePasswordOutput)
    .mutation(({ ctx, input }) => changePassword(ctx.deps, ctx.actor, input)),

  changeEmail: agentProcedure
    .input(ZChangeEmailInput)
    .output(ZMeOutput)
    .mutation(async ({ ctx, input }) => ({ me: await changeEmail(ctx.deps, ctx.actor, input) })),

  displayNames: agentProcedure
    .output(ZDisplayNamesOutput)
    .query(({ ctx }) => listDisplayNames(ctx.deps.db, ctx.actor)),

  setDisplayName: agentProcedure
    .input(ZSetDisplayNameInput)
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await setDisplayName(ctx.deps.db, ctx.actor, input);
      return { ok: true };
    }),
});
