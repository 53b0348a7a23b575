import type { Db, DbTx } from '@parley/db';
import { notFound } from '../errors';

export type Locale = 'en' | 'tr';

export interface Me {
  id: string;
  accountId: string;
  accountName: string;
  email: string;
  name: string;
  role: 'owner' | 'admin' | 'agent';
  locale: Locale;
  theme: 'dark' | 'light';
  avatarUrl: string | null;
  presence: 'online' | 'away' | 'offline';
  autoAwayMinutes: number | null;
  notificationType: 'in-app' | 'os' | 'off';
  /**
   * An instance operator (the Operator page). From the database here; the sign-in answers and
   * `auth.me` also count PARLEY_OPERATOR_EMAILS (`isOperator`).
   */
  operator: boolean;
}

export const avatarUrl = (key: string | null) => (key ? `/${key}` : null);

export async function getMe(db: Db | DbTx, accountId: string, userId: string): Promise<Me> {
  const user = await db.user.findFirst({ where: { id: userId, accountId }, include: { account: true } });
  if (!user) throw notFound('User');
  return {
    id: user.id,
    accountId: user.accountId,
    accountName: user.account.name,
    email: user.email,
    name: user.name,
    role: user.role,
    locale: user.locale === 'tr' ? 'tr' : 'en',
    theme: user.theme === 'light' ? 'light' : 'dark',
    avatarUrl: avatarUrl(user.avatarKey),
    presence: user.presence,
    autoAwayMinutes: user.autoAwayMinutes,
    notificationType: (['in-app', 'os', 'off'] as const).find((t) => t === user.notificationType) ?? 'in-app',
    operator: user.operator,
  };
}
