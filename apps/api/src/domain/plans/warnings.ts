import type { Db } from '@parley/db';
import { runInBackground } from '../../lib/background';
import type { Logger } from '../../logger';
import { limitWarningMail } from '../../mail/limit-warning';
import type { Mailer } from '../../mail/mailer';
import type { TPlanLimit } from './types';
import { monthKey } from './usage';

export interface WarnDeps {
  db: Db;
  logger: Pick<Logger, 'error'>;
  mailer: Mailer | null;
}

/** What a limited action leaves behind: the usage after it, against the limit. */
export interface TUsageNote {
  accountId: string;
  limit: TPlanLimit;
  used: number;
  max: number;
  timeZone: string;
}

/** 100 at or above the limit, 80 from 80 % of it, else 0. */
export function warningPercent(used: number, max: number): 0 | 80 | 100 {
  if (max <= 0 || used >= max) return 100;
  return used >= max * 0.8 ? 80 : 0;
}

/**
 * Tells the account's owners by mail that a limit is at 80 % or 100 %, once per limit, percent and
 * month (Account.limitWarningsSent). Call it after the action's commit; it runs in the background.
 */
export function warnAboutUsage(deps: WarnDeps, note: TUsageNote | null): void {
  if (!note) return;
  const percent = warningPercent(note.used, note.max);
  if (percent === 0 || !deps.mailer) return;
  runInBackground(deps.logger, 'plans.limit_warning', { accountId: note.accountId, limit: note.limit }, () =>
    sendWarning(deps, note, percent),
  );
}

/** Claims the warning's key (compare-and-set on the JSON list), then mails the owners. */
export async function sendWarning(deps: WarnDeps, note: TUsageNote, percent: 80 | 100): Promise<boolean> {
  const month = monthKey(note.timeZone, Date.now());
  const key = `${note.limit}:${percent}:${month}`;
  for (let attempt = 0; attempt < 5; attempt++) {
    const account = await deps.db.account.findUnique({
      where: { id: note.accountId },
      select: { name: true, limitWarningsSent: true },
    });
    if (!account) return false;
    let sent: string[] = [];
    try {
      const parsed: unknown = JSON.parse(account.limitWarningsSent);
      if (Array.isArray(parsed)) sent = parsed.filter((k): k is string => typeof k === 'string');
    } catch {}
    if (sent.includes(key)) return false;
    // Only this month's keys are kept: the list stays short.
    const next = [...sent.filter((k) => k.endsWith(`:${month}`)), key];
    const { count } = await deps.db.account.updateMany({
      where: { id: note.accountId, limitWarningsSent: account.limitWarningsSent },
      data: { limitWarningsSent: JSON.stringify(next) },
    });
    if (count !== 1) continue;
    const owners = await deps.db.user.findMany({
      where: { accountId: note.accountId, role: 'owner', disabledAt: null },
      select: { email: true, locale: true },
    });
    for (const owner of owners) {
      await deps.mailer?.send(
        limitWarningMail(owner.email, owner.locale, {
          accountName: account.name,
          limit: note.limit,
          used: note.used,
          max: note.max,
          percent,
        }),
      );
    }
    return true;
  }
  return false;
}
