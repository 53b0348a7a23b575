import type { Db } from '@parley/db';
import { AppError } from '../../errors';
import type { ClientInfo } from '../sessions';
import { findActiveBan } from './ban-lookup';
import type { VisitorAuth } from './visitor-auth';

export async function isBanned(db: Db, accountId: string, visitorId: string, ip: string | undefined) {
  return (await findActiveBan(db, accountId, visitorId, ip)) !== null;
}

/** C4: a banned visitor (by id or address) reaches no agent: not by message, file, typing or contact data. */
export async function assertNotBanned(db: Db, visitor: VisitorAuth, client: ClientInfo): Promise<void> {
  if (await isBanned(db, visitor.accountId, visitor.visitorId, client.ip))
    throw new AppError('forbidden', 'widget.banned', 'Chat is not available');
}
