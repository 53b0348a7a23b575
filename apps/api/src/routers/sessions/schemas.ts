import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import type { listSessions, revokeOtherSessions } from '../../domain/sessions';
import { ZId } from '../../lib/schemas';

export const ZListSessionsOutput = typeOnly<ResultOf<typeof listSessions>>();
export const ZRevokeSessionInput = z.object({ id: ZId });
export const ZRevokeOthersOutput = typeOnly<ResultOf<typeof revokeOtherSessions>>();
