// Merging two visitor records of an account into one.
import type { Db } from '@parley/db';
import { AppError, notFound } from '../../errors';
import { audit } from '../audit';
import type { CrmActor } from './visitors';

/**
 * D1 merge: everything of `sourceId` moves to `targetId` (conversations, notes, identities, visits,
 * tags, reminders, status history, bans, messages), the source row is deleted, and the merge is audited.
 */
export async function mergeVisitors(db: Db, actor: CrmActor, input: { targetId: string; sourceId: string }) {
  if (input.targetId === input.sourceId)
    throw new AppError('bad_request', 'crm.merge_same', 'Pick two different visitors');
  const [target, source] = await Promise.all([
    db.visitor.findFirst({ where: { id: input.targetId, accountId: actor.accountId } }),
    db.visitor.findFirst({ where: { id: input.sourceId, accountId: actor.accountId } }),
  ]);
  if (!target || !source) throw notFound('Visitor');
  await db.$transaction(async (tx) => {
    const move = {
      where: { visitorId: source.id, accountId: actor.accountId },
      data: { visitorId: target.id },
    };
    await tx.conversation.updateMany(move);
    await tx.note.updateMany(move);
    await tx.visitorIdentity.updateMany(move);
    await tx.visit.updateMany(move);
    await tx.reminder.updateMany(move);
    await tx.visitorStatusChange.updateMany(move);
    await tx.ban.updateMany(move);
    await tx.call.updateMany(move);
    await tx.message.updateMany({
      where: { authorVisitorId: source.id, accountId: actor.accountId },
      data: { authorVisitorId: target.id },
    });
    const sourceTags = await tx.visitorTag.findMany({ where: { visitorId: source.id } });
    for (const t of sourceTags) {
      await tx.visitorTag.upsert({
        where: { visitorId_tagId: { visitorId: target.id, tagId: t.tagId } },
        create: { accountId: actor.accountId, visitorId: target.id, tagId: t.tagId },
        update: {},
      });
    }
    await tx.visitor.update({
      where: { id: target.id },
      data: {
        name: target.name ?? source.name,
        email: target.email ?? source.email,
        phone: target.phone ?? source.phone,
        externalId: target.externalId ?? source.externalId,
        processStatusId: target.processStatusId ?? source.processStatusId,
        visitCount: target.visitCount + source.visitCount,
        firstSeenAt: new Date(Math.min(target.firstSeenAt.getTime(), source.firstSeenAt.getTime())),
        lastSeenAt: new Date(Math.max(target.lastSeenAt.getTime(), source.lastSeenAt.getTime())),
      },
    });
    await tx.visitor.delete({ where: { id: source.id } });
    await audit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action: 'visitor.merged',
      targetType: 'visitor',
      targetId: target.id,
      data: { mergedVisitorId: source.id, mergedVisitorNumber: source.number },
      ip: actor.ip,
    });
  });
}
