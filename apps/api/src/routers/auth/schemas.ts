import { z } from 'zod';
import { typeOnly } from '../../contract/output';
import type { Me } from '../../domain/users';
import { ZEmail } from '../../lib/schemas';

export const ZLoginInput = z.object({ email: ZEmail, password: z.string().min(1).max(1024) });
/** Signed in, or (A5) a second factor is owed: the console asks for the code and calls `verifyTwoFactor`. */
export const ZLoginOutput = z.union([
  z.object({ me: typeOnly<Me>(), twoFactor: z.undefined().optional() }),
  z.object({ me: z.undefined().optional(), twoFactor: z.object({ challenge: z.string() }) }),
]);
/** Null when not logged in (the console shows the login page then). */
export const ZMeOutput = typeOnly<Me>().nullable();
