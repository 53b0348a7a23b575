import { z } from 'zod';
import { typeOnly } from '../../contract/output';
import type { Me } from '../../domain/users';
import { ZEmail } from '../../lib/schemas';

export const ZLoginInput = z.object({ email: ZEmail, password: z.string().min(1).max(1024) });
/** One account a password unlocked, as the account picker shows it. */
export const ZAccountOption = z.object({
  accountId: z.string(),
  accountName: z.string(),
  role: z.enum(['owner', 'admin', 'agent']),
});
/**
 * Signed in; or (A5) a second factor is owed: the console asks for the code and calls
 * `verifyTwoFactor`; or the password unlocked users of several accounts: the console shows the
 * account picker and calls `chooseAccount` with the ticket.
 */
export const ZLoginOutput = z.union([
  z.object({ me: typeOnly<Me>(), twoFactor: z.undefined().optional(), choose: z.undefined().optional() }),
  z.object({
    me: z.undefined().optional(),
    twoFactor: z.object({ challenge: z.string() }),
    choose: z.undefined().optional(),
  }),
  z.object({
    me: z.undefined().optional(),
    twoFactor: z.undefined().optional(),
    choose: z.object({ ticket: z.string(), accounts: z.array(ZAccountOption) }),
  }),
]);
/** Null when not logged in (the console shows the login page then). */
export const ZMeOutput = typeOnly<Me>().nullable();

/** A suspended account's session: what the console's "suspended" page shows. */
export const ZSuspensionOutput = z
  .object({ accountName: z.string(), reason: z.string().nullable(), since: z.string() })
  .nullable();
