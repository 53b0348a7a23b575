import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import type { changePassword, listDisplayNames } from '../../domain/account';
import type { Me } from '../../domain/users';
import { ZEmail, ZId, ZLocale, ZNotificationType, ZPassword, ZPersonName, ZTheme } from '../../lib/schemas';

export const ZMeOutput = z.object({ me: typeOnly<Me>() });

export const ZUpdateProfileInput = z.object({ name: ZPersonName });

export const ZUpdatePreferencesInput = z.object({
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
});

export const ZChangePasswordInput = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: ZPassword,
});
export const ZChangePasswordOutput = typeOnly<ResultOf<typeof changePassword>>();

export const ZChangeEmailInput = z.object({ newEmail: ZEmail, password: z.string().min(1).max(1024) });

export const ZDisplayNamesOutput = typeOnly<ResultOf<typeof listDisplayNames>>();

export const ZSetDisplayNameInput = z.object({
  channelId: ZId,
  displayName: z.string().trim().max(100).nullable(),
});
