import type { Db } from '@parley/db';
import { verifyAgainstDummy, verifyPassword } from '../auth/password';
import { AppError } from '../errors';
import { assertNotLimited, clearLimit, type Limit, recordHit } from './rate-limit';
import { type ClientInfo, createSession } from './sessions';
import { getMe } from './users';

const WINDOW_MS = 15 * 60 * 1000;
/** Wrong passwords allowed per targeted user and per client address in 15 minutes. */
export const LOGIN_LIMITS = { perEmail: 10, perIp: 50 } as const;

const invalidCredentials = () =>
  new AppError('unauthorized', 'auth.invalid_credentials', 'Wrong email or password');

export async function login(db: Db, input: { email: string; password: string }, client: ClientInfo) {
  const limits: Limit[] = [
    { key: `login:email:${input.email}`, max: LOGIN_LIMITS.perEmail, windowMs: WINDOW_MS },
    { key: `login:ip:${client.ip ?? 'unknown'}`, max: LOGIN_LIMITS.perIp, windowMs: WINDOW_MS },
  ];
  await assertNotLimited(db, limits);

  const user = await db.user.findUnique({ where: { email: input.email } });
  if (!user) await verifyAgainstDummy(input.password);
  if (!user || !(await verifyPassword(user.passwordHash, input.password))) {
    for (const limit of limits) await recordHit(db, limit);
    // Same answer for an unknown email and a wrong password.
    throw invalidCredentials();
  }
  if (user.disabledAt) throw new AppError('forbidden', 'auth.disabled', 'This agent has been disabled');
  await clearLimit(db, `login:email:${input.email}`);
  const session = await createSession(db, user, client);
  return { me: await getMe(db, user.accountId, user.id), ...session };
}
