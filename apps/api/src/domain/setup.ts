import { type Db, isUniqueViolation } from '@parley/db';
import { hashPassword } from '../auth/password';
import { AppError } from '../errors';
import { audit } from './audit';
import { createAccountWithOwner } from './new-account';
import { type ClientInfo, createSession } from './sessions';
import { getMe, type Locale } from './users';

export interface SetupInput {
  accountName: string;
  name: string;
  email: string;
  password: string;
  locale: Locale;
}

const SETUP_MARKER = 'setup:done';

export async function needsSetup(db: Db): Promise<boolean> {
  return (await db.account.count()) === 0;
}

/** A1: the first run creates the account and its owner; afterwards this is refused for good. */
export async function createFirstAccount(db: Db, input: SetupInput, client: ClientInfo) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      if ((await tx.account.count()) > 0) throw alreadyDone();
      // A permanent marker row with a fixed key: of two setups racing, the second hits the unique key.
      await tx.lease.create({ data: { name: SETUP_MARKER, holder: 'setup', expiresAt: new Date(8.64e15) } });
      const { account, user } = await createAccountWithOwner(tx, input.accountName, {
        email: input.email,
        name: input.name,
        passwordHash,
        locale: input.locale,
        presence: 'online',
        lastSeenAt: new Date(),
        // The first owner runs the server: the instance operator (many accounts on one server).
        operator: true,
      });
      await audit(tx, {
        accountId: account.id,
        actorUserId: user.id,
        action: 'account.created',
        ip: client.ip,
      });
      const session = await createSession(tx, user, client);
      return { me: await getMe(tx, account.id, user.id), ...session };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw alreadyDone();
    throw err;
  }
}

const alreadyDone = () => new AppError('conflict', 'setup.already_done', 'Parley is already set up');
