import type { Db, DbTx } from '@parley/db';

export interface AuditEntry {
  accountId: string;
  actorUserId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  data?: Record<string, unknown>;
  ip?: string | undefined;
}

/** Security-relevant changes leave a line; callers pass the transaction that made the change. */
export async function audit(db: Db | DbTx, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      accountId: entry.accountId,
      actorUserId: entry.actorUserId,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      ...(entry.data ? { data: entry.data as object } : {}),
      ip: entry.ip ?? null,
    },
  });
}
