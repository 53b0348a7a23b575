import { z } from 'zod';
import { typeOnly } from '../../contract/output';
import type { Me } from '../../domain/users';
import { ZEmail } from '../../lib/schemas';

export const ZLoginInput = z.object({ email: ZEmail, password: z.string().min(1).max(1024) });
export const ZLoginOutput = z.object({ me: typeOnly<Me>() });
/** Null when not logged in (the console shows the login page then). */
export const ZMeOutput = typeOnly<Me>().nullable();
