// Erasing a visitor on request (GDPR): the record and everything that names the person.
import { allowRawSql, type Db, type DbProvider, type DbTx } from '@parley/db';
import { notFound } from '../../errors';
import type { FileStore } from '../../lib/file-store';
import { audit } from '../audit';
import type { CrmActor } from './visitors';

/** The live-event log keeps a day of payloads (names, messages): drop those that mention the visitor. */
async function eraseLiveEventsMentioning(
  scopedTx: DbTx,
  provider: DbProvider,
  accountId: string,
  ids: string[],
) {
  // A text search in JSON payloads Prisma cannot express; the SQL filters by the account itself.
  const tx = allowRawSql(scopedTx);
  for (const id of ids) {
    const pattern = `%${id}%`;
    if (provider === 'postgresql') {
      await tx.$executeRawUnsafe(
        `DELETE FROM "LiveEvent" WHERE "accountId" = $1 AND ("payload"::text LIKE $2 OR "topic" LIKE $2)`,
        accountId,
        pattern,
      );
    } else {
      await tx.$executeRawUnsafe(
        `DELETE FROM "LiveEvent" WHERE "accountId" = ? AND (CAST("payload" AS TEXT) LIKE ? OR "topic" LIKE ?)`,
        accountId,
        pattern,
        pattern,
      );
    }
  }
}

/**
 * GDPR erasure: the visitor, their conversations, messages, files and identities are removed. The audit
 * line keeps only the visitor's number in the account, nothing that identifies the person.
 */
export async function eraseVisitor(
  db: Db,
  provider: DbProvider,
  files: FileStore,
  actor: CrmActor,
  visitorId: string,
) {
  const visitor = await db.visitor.findFirst({ where: { id: visitorId, accountId: actor.accountId } });
  if (!visitor) throw notFound('Visitor');
  const attachments = await db.attachment.findMany({
    where: { accountId: actor.accountId, conversation: { visitorId } },
    select: { storageKey: true },
  });
  const conversations = await db.conversation.findMany({
    where: { accountId: actor.accountId, visitorId },
    select: { id: true },
  });
  await db.$transaction(async (tx) => {
    // Conversations would only be detached by the visitor's cascade rules; remove them explicitly.
    await tx.conversation.deleteMany({ where: { accountId: actor.accountId, visitorId } });
    await tx.call.deleteMany({ where: { accountId: actor.accountId, visitorId } });
    await eraseLiveEventsMentioning(tx, provider, actor.accountId, [
      visitorId,
      ...conversations.map((c) => c.id),
    ]);
    await tx.visitor.delete({ where: { id: visitor.id } });
    await audit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action: 'visitor.erased',
      targetType: 'visitor',
      data: { visitorNumber: visitor.number },
      ip: actor.ip,
    });
  });
  for (const a of attachments) await files.remove(a.storageKey);
}
