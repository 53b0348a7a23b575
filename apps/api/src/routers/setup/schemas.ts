import { z } from 'zod';
import { typeOnly } from '../../contract/output';
import type { Me } from '../../domain/users';
import { ZEmail, ZLocale, ZPassword, ZPersonName } from '../../lib/schemas';

export const ZSetupStatusOutput = z.object({ needsSetup: z.boolean() });

export const ZCreateAccountInput = z.object({
  accountName: z.string().trim().min(1).max(100),
  name: ZPersonName,
  email: ZEmail,
  password: ZPassword,
  locale: ZLocale.default('en'),
});
/** Who is logged in now (the session cookie is set beside it). */
export const ZMeOutput = z.object({ me: typeOnly<Me>() });
