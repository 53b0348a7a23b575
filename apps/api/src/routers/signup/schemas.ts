import { z } from 'zod';
import { ZEmail, ZLocale, ZPassword, ZPersonName } from '../../lib/schemas';

export const ZSignupStatusOutput = z.object({ mode: z.enum(['open', 'invite', 'closed']) });

export const ZSignUpInput = z.object({
  accountName: z.string().trim().min(1).max(100),
  name: ZPersonName,
  email: ZEmail,
  password: ZPassword,
  locale: ZLocale.default('en'),
  /** Needed when SIGNUP=invite. */
  inviteCode: z.string().trim().max(100).optional(),
});
export const ZSignupOk = z.object({ ok: z.literal(true) });

export const ZVerifyEmailInput = z.object({ token: z.string().min(10).max(100) });
export const ZVerifyEmailOutput = z.object({
  ok: z.literal(true),
  email: z.string(),
  accountName: z.string(),
});

export const ZResendVerificationInput = z.object({ email: ZEmail });
