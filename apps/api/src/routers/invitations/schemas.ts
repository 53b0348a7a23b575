import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import type {
  createInvitation,
  listInvitations,
  lookupInvitation,
  resendInvitation,
} from '../../domain/invitations';
import type { Me } from '../../domain/users';
import { ZEmail, ZId, ZPassword, ZPersonName } from '../../lib/schemas';

const ZToken = z.string().min(10).max(100);

export const ZListInvitationsOutput = typeOnly<ResultOf<typeof listInvitations>>();
export const ZCreateInvitationInput = z.object({
  email: ZEmail,
  role: z.enum(['admin', 'agent']).default('agent'),
});
export const ZCreateInvitationOutput = typeOnly<ResultOf<typeof createInvitation>>();
export const ZInvitationIdInput = z.object({ id: ZId });
export const ZResendInvitationOutput = typeOnly<ResultOf<typeof resendInvitation>>();
export const ZLookupInvitationInput = z.object({ token: ZToken });
export const ZLookupInvitationOutput = typeOnly<ResultOf<typeof lookupInvitation>>();
export const ZAcceptInvitationInput = z.object({ token: ZToken, name: ZPersonName, password: ZPassword });
export const ZAcceptInvitationOutput = z.object({ me: typeOnly<Me>() });
